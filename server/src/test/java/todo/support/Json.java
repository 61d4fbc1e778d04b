package todo.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields that docs/protocol.md names out of replies and events, so that tests say {@code id(task)}
 * where they mean a task's id. Static and stateless; any thread.
 */
public final class Json {
    private Json() {}

    /** An object's {@code id}: a list's, a task's, a list reference's. */
    public static long id(JsonObject o) {
        return o.get("id").getAsLong();
    }

    /** An object's or an event's {@code rev}. */
    public static long rev(JsonObject o) {
        return o.get("rev").getAsLong();
    }

    /** A reply's {@code re} as text; null for an event or a reply with {@code "re": null}. */
    public static String re(JsonObject frame) {
        return frame.has("re") && !frame.get("re").isJsonNull() ? frame.get("re").getAsString() : null;
    }

    /** The elements of an array of objects ({@code lists}, {@code tasks}). */
    public static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    /** The elements of an array of strings ({@code members}, {@code online}, {@code changed}), in order. */
    public static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** The ids of these objects, in order. */
    public static Set<Long> ids(List<JsonObject> objects) {
        Set<Long> out = new LinkedHashSet<>();
        objects.forEach(o -> out.add(id(o)));
        return out;
    }

    /** The ids in an array of objects ({@code tasks}) or of plain ids ({@code deleted}). */
    public static Set<Long> ids(JsonArray a) {
        Set<Long> out = new LinkedHashSet<>();
        a.forEach(e -> out.add(e.isJsonObject() ? id(e.getAsJsonObject()) : e.getAsLong()));
        return out;
    }

    /** The object with this id; fails the test naming {@code where} if there is none. */
    public static JsonObject withId(List<JsonObject> objects, long id, String where) {
        return objects.stream().filter(o -> id(o) == id).findFirst()
                .orElseThrow(() -> new AssertionError("no id " + id + " in " + where + ": " + objects));
    }

    /** The object with this id in an array of objects. */
    public static JsonObject withId(JsonArray a, long id) {
        return withId(objects(a), id, a.toString());
    }

    /** A JSON array of these strings, to write an expected {@code members} or {@code online} as the docs do. */
    public static JsonArray array(String... values) {
        JsonArray a = new JsonArray();
        for (String v : values) a.add(v);
        return a;
    }

    /** An object's field names, sorted. */
    public static Set<String> keys(JsonObject o) {
        return new TreeSet<>(o.keySet());
    }
}
