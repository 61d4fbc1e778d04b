package todo.loop;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import todo.model.NewTask;
import todo.model.Snapshot;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.model.TaskPatch;
import todo.protocol.Validate;
import todo.protocol.Wire;

/** subscribe/unsubscribe, task reads and task changes. Every change's events go out after its reply. */
final class TaskVerbs {
    private TaskVerbs() {}

    static List<Verb> all() {
        return List.of(
                Verb.authed("subscribe", TaskVerbs::subscribe),
                Verb.authed("unsubscribe", TaskVerbs::unsubscribe),
                Verb.authed("tasks", TaskVerbs::tasks),
                Verb.authed("task.get", TaskVerbs::get),
                Verb.authed("task.create", TaskVerbs::create),
                Verb.authed("task.update", TaskVerbs::update),
                Verb.authed("task.delete", TaskVerbs::delete),
                Verb.exclusive("tasks.completeAll", true, TaskVerbs::completeAll),
                Verb.exclusive("tasks.clearCompleted", true, TaskVerbs::clearCompleted));
    }

    private record Prepared(Snapshot snap, String tasksJson) {}

    /**
     * The subscription starts before the snapshot is read, holding the list's events; the snapshot is read on the
     * read pool and its tasks serialised there; after the reply, held events newer than the snapshot's rev are
     * released. So no event is missed or repeated, and a burst of subscribes does not delay writes.
     */
    private static CompletableFuture<Outcome> subscribe(Call c) {
        long list = c.req.id("list");
        Long since = c.req.rev("since");
        long userId = c.userId;
        Hub hub = c.hub();
        hub.beginSubscribe(c.session, list);
        return c.read(repo -> {
            Snapshot snap = repo.snapshot(userId, list, since);
            return new Prepared(snap, Wire.tasks(snap.tasks()).toString());
        }).whenComplete((p, err) -> {
            if (err != null) {
                hub.abortSubscribe(c.session, list);
            }
        }).thenApply(p -> {
            Snapshot snap = p.snap();
            Set<String> online = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            online.addAll(hub.subscriptions.online(list));
            online.add(c.username);
            JsonObject body = new JsonObject();
            body.add("list", Wire.list(snap.list()));
            body.addProperty("rev", snap.rev());
            body.addProperty("full", snap.full());
            body.add("deleted", Wire.ids(snap.deleted()));
            body.add("online", Wire.strings(online));
            return new Outcome(body, () -> hub.finishSubscribe(c.session, list, snap.rev()), "tasks", p.tasksJson());
        });
    }

    private static CompletableFuture<Outcome> unsubscribe(Call c) {
        long list = c.req.id("list");
        c.hub().unsubscribe(c.session, list);
        return CompletableFuture.completedFuture(Outcome.empty());
    }

    private static CompletableFuture<Outcome> tasks(Call c) {
        long list = c.req.id("list");
        Boolean completed = c.req.optionalBool("completed");
        return c.read(repo -> repo.tasks(c.userId, list, completed)).thenApply(TaskVerbs::tasksBody);
    }

    private static CompletableFuture<Outcome> get(Call c) {
        long task = c.req.id("task");
        return c.read(repo -> repo.task(c.userId, task)).thenApply(t -> Outcome.reply(taskBody(t)));
    }

    private static CompletableFuture<Outcome> create(Call c) {
        long list = c.req.id("list");
        NewTask t = Validate.newTask(c.req);
        Instant now = Instant.now();
        int max = c.hub().limits.tasksPerList();
        return c.write(repo -> Caps.tasks(repo, repo.createTask(c.userId, c.username, list, t, now), max))
                .thenApply(r -> {
                    JsonObject body = new JsonObject();
                    if (r.deletedSince()) {
                        body.add("task", Wire.taskRef(r.task().id(), r.task().list()));
                        body.addProperty("deleted", true);
                    } else {
                        body.add("task", Wire.task(r.task()));
                    }
                    return new Outcome(body, r.event() == null ? null : () -> c.hub().taskEvents(List.of(r.event())));
                });
    }

    private record Updated(Task task, TaskEvent event) {}

    private static CompletableFuture<Outcome> update(Call c) {
        long task = c.req.id("task");
        TaskPatch patch = Validate.patch(c.req);
        Long ifRev = c.req.rev("ifRev");
        Instant now = Instant.now();
        return c.write(repo -> {
            TaskEvent e = repo.updateTask(c.userId, c.username, task, patch, ifRev, now);
            return new Updated(e != null ? e.task() : repo.task(c.userId, task), e);
        }).thenApply(u -> new Outcome(taskBody(u.task()),
                u.event() == null ? null : () -> c.hub().taskEvents(List.of(u.event()))));
    }

    private static CompletableFuture<Outcome> delete(Call c) {
        long task = c.req.id("task");
        Long ifRev = c.req.rev("ifRev");
        return c.write(repo -> repo.deleteTask(c.userId, c.username, task, ifRev))
                .thenApply(e -> new Outcome(new JsonObject(), () -> c.hub().taskEvents(List.of(e))));
    }

    private static CompletableFuture<Outcome> completeAll(Call c) {
        long list = c.req.id("list");
        boolean completed = c.req.bool("completed");
        Instant now = Instant.now();
        return Chunked.run(c, (repo, after, limit) -> repo.completeAll(c.userId, c.username, list, completed, now,
                after, limit)).thenApply(events -> {
            JsonObject body = new JsonObject();
            body.add("tasks", Wire.tasks(events.stream().map(TaskEvent::task).toList()));
            return Outcome.reply(body);
        });
    }

    private static CompletableFuture<Outcome> clearCompleted(Call c) {
        long list = c.req.id("list");
        return Chunked.run(c, (repo, after, limit) -> repo.clearCompleted(c.userId, c.username, list, after, limit))
                .thenApply(events -> {
                    JsonObject body = new JsonObject();
                    body.add("deleted", Wire.ids(events.stream().map(e -> e.task().id()).toList()));
                    return Outcome.reply(body);
                });
    }

    private static Outcome tasksBody(List<Task> tasks) {
        JsonObject body = new JsonObject();
        body.add("tasks", Wire.tasks(tasks));
        return Outcome.reply(body);
    }

    private static JsonObject taskBody(Task t) {
        JsonObject body = new JsonObject();
        body.add("task", Wire.task(t));
        return body;
    }
}
