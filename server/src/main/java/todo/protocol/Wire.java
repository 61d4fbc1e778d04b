package todo.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import todo.error.ApiException;
import todo.model.Change;
import todo.model.Member;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.model.TodoList;
import todo.model.User;

/**
 * The JSON shapes of wire protocol v1: objects, replies and events. The only place errors become JSON.
 * Stateless; safe from any thread.
 */
public final class Wire {
    private Wire() {}

    /** ISO-8601 UTC with milliseconds always present, e.g. 2026-11-23T10:15:30.120Z; null stays null. */
    public static String time(Instant t) {
        return t == null ? null : IsoTime.format(t);
    }

    /** A user; {@code email} only to the user themself. */
    public static JsonObject user(User u, boolean self) {
        JsonObject o = new JsonObject();
        o.addProperty("username", u.username());
        if (self) {
            o.add("email", u.email() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(u.email()));
        }
        o.addProperty("joined", time(u.joined()));
        return o;
    }

    public static JsonObject list(TodoList l) {
        JsonObject o = new JsonObject();
        o.addProperty("id", l.id());
        o.addProperty("title", l.title());
        o.addProperty("owner", l.owner().username());
        JsonArray members = new JsonArray();
        for (Member m : l.members()) {
            members.add(m.username());
        }
        o.add("members", members);
        JsonObject roles = new JsonObject();
        for (Member m : l.members()) {
            roles.addProperty(m.username(), m.role().wire());
        }
        o.add("roles", roles);
        o.addProperty("rev", l.rev());
        o.addProperty("created", time(l.created()));
        return o;
    }

    /** {@code {"id": id}}: a reference to a list (or, in awareness, to a task). */
    public static JsonObject listRef(long id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        return o;
    }

    public static JsonObject task(Task t) {
        JsonObject o = new JsonObject();
        o.addProperty("id", t.id());
        o.addProperty("list", t.list());
        o.addProperty("name", t.name());
        o.addProperty("note", t.note());
        o.add("due", t.due() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(t.due()));
        o.addProperty("completed", t.completed());
        o.addProperty("created", time(t.created()));
        o.addProperty("updated", time(t.updated()));
        o.addProperty("createdBy", t.createdBy());
        o.addProperty("updatedBy", t.updatedBy());
        o.addProperty("rev", t.rev());
        o.addProperty("position", t.position());
        return o;
    }

    public static JsonObject taskRef(long id, long list) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("list", list);
        return o;
    }

    public static JsonArray tasks(List<Task> tasks) {
        JsonArray a = new JsonArray();
        tasks.forEach(t -> a.add(task(t)));
        return a;
    }

    public static JsonArray strings(Collection<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    public static JsonArray ids(Collection<Long> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    // ---- replies -------------------------------------------------------------------------------------------

    /** An ok reply: {@code body}'s fields after {@code re} and {@code ok}. */
    public static String ok(JsonElement re, JsonObject body) {
        // Written around the body's own serialisation rather than copied into a new object: a reply is built on
        // the event loop for every request. No body has a field named "re" or "ok".
        String fields = JsonText.of(body);
        StringBuilder out = new StringBuilder(fields.length() + 32);
        out.append("{\"re\":").append(re == null ? "null" : re.toString()).append(",\"ok\":true");
        if (fields.length() > 2) {
            out.append(',').append(fields, 1, fields.length());
        } else {
            out.append('}');
        }
        return out.toString();
    }

    /**
     * An ok reply plus one field given as already-serialised JSON ({@code rawJson} must be a valid JSON value,
     * produced by this class). Lets large bodies be serialised off the event loop.
     */
    public static String ok(JsonElement re, JsonObject body, String rawName, String rawJson) {
        String head = ok(re, body);
        if (rawName == null) {
            return head;
        }
        JsonObject name = new JsonObject();
        name.addProperty(rawName, 0);
        String key = name.toString();
        return head.substring(0, head.length() - 1) + "," + key.substring(1, key.length() - 2) + rawJson + "}";
    }

    /** An error reply; a {@code conflict} carries the current task. */
    public static String error(JsonElement re, ApiException e) {
        JsonObject o = new JsonObject();
        o.add("re", re == null ? JsonNull.INSTANCE : re);
        o.addProperty("ok", false);
        o.addProperty("error", e.code().wire());
        o.addProperty("message", e.getMessage());
        if (e.current() != null) {
            o.add("task", task(e.current()));
        }
        return JsonText.of(o);
    }

    // ---- events --------------------------------------------------------------------------------------------

    public static JsonObject taskEvent(TaskEvent e) {
        JsonObject o = new JsonObject();
        switch (e.kind()) {
            case CREATED -> o.addProperty("type", "task.created");
            case UPDATED -> o.addProperty("type", "task.updated");
            case DELETED -> o.addProperty("type", "task.deleted");
        }
        o.addProperty("rev", e.rev());
        o.addProperty("by", e.by());
        o.add("task", e.kind() == TaskEvent.Kind.DELETED ? taskRef(e.task().id(), e.list()) : task(e.task()));
        if (e.kind() == TaskEvent.Kind.UPDATED) {
            o.add("changed", strings(e.changed()));
        }
        return o;
    }

    /**
     * A history entry: {@code {rev, at, by, type, task: {id, name}, changed, from, to}}, and {@code undoes} (the
     * rev it undid) on an undo.
     */
    public static JsonObject historyEntry(Change c) {
        JsonObject o = new JsonObject();
        o.addProperty("rev", c.rev());
        o.addProperty("at", time(c.at()));
        o.addProperty("by", c.by());
        o.addProperty("type", c.type());
        JsonObject task = new JsonObject();
        task.addProperty("id", c.task().id());
        task.addProperty("name", c.task().name());
        o.add("task", task);
        o.add("changed", strings(c.changed()));
        JsonObject from = new JsonObject();
        JsonObject to = new JsonObject();
        for (String field : c.changed()) {
            from.add(field, value(c.from().get(field)));
            to.add(field, value(c.to(field)));
        }
        o.add("from", from);
        o.add("to", to);
        if (c.undoes() != null) {
            o.addProperty("undoes", c.undoes());
        }
        return o;
    }

    private static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        return v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive((String) v);
    }

    public static JsonObject listEvent(String type, JsonObject list) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.add("list", list);
        return o;
    }

    /** {@code editing}: who is editing one task of the list now (an empty {@code users} when nobody is). */
    public static JsonObject editing(long listId, long taskId, Collection<String> users) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "editing");
        o.add("list", listRef(listId));
        o.add("task", listRef(taskId));
        o.add("users", strings(users));
        return o;
    }

    /** A subscribe reply's {@code editing}: {@code [{task: {id}, users}]} for each task with marks, in order. */
    public static JsonArray editingMarks(Map<Long, ? extends Collection<String>> byTask) {
        JsonArray a = new JsonArray();
        byTask.forEach((task, users) -> {
            JsonObject o = new JsonObject();
            o.add("task", listRef(task));
            o.add("users", strings(users));
            a.add(o);
        });
        return a;
    }

    public static JsonObject presence(long listId, Collection<String> online) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "presence");
        o.add("list", listRef(listId));
        o.add("online", strings(online));
        return o;
    }
}
