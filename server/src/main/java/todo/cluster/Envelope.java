package todo.cluster;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import todo.verbs.Effect;

/**
 * One message on the bus, and its JSON form. Three kinds: a shared effect ({@code k} its {@link Kinds} name,
 * {@code e} the record as JSON, {@code o} and {@code s} the sender's boot id and sequence number, which identify
 * the message), a node's online set for a list with its editing marks ({@code k = "online"}; {@code w}, task id to
 * usernames, absent from older nodes' messages), and a request that nodes announce theirs
 * now ({@code k = "ask"}). {@code n} is the sending node's name. Immutable; encoding and decoding are stateless,
 * any thread.
 */
record Envelope(String node, String origin, long seq, Kinds.Kind<?> kind, Effect effect, long list,
                Set<String> online, Map<Long, Set<String>> editing, boolean ask) {

    static final String ONLINE = "online";
    static final String ASK = "ask";

    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
                @Override
                public void write(JsonWriter out, Instant value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(value.toEpochMilli());
                    }
                }

                @Override
                public Instant read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    return Instant.ofEpochMilli(in.nextLong());
                }
            })
            .create();

    static Envelope effect(String node, String origin, long seq, Kinds.Kind<?> kind, Effect e) {
        return new Envelope(node, origin, seq, kind, e, 0, null, null, false);
    }

    static Envelope online(String node, long list, Set<String> names, Map<Long, Set<String>> editing) {
        return new Envelope(node, null, 0, null, null, list, names, editing, false);
    }

    static Envelope ask(String node, long list) {
        return new Envelope(node, null, 0, null, null, list, null, null, true);
    }

    /** The key that tells a repeated effect message (heard on several user subjects) from a new one. */
    String id() {
        return origin + "/" + seq;
    }

    byte[] encode() {
        JsonObject o = new JsonObject();
        o.addProperty("n", node);
        if (kind != null) {
            o.addProperty("k", kind.name());
            o.addProperty("o", origin);
            o.addProperty("s", seq);
            o.add("e", GSON.toJsonTree(effect, kind.type()));
        } else {
            o.addProperty("k", ask ? ASK : ONLINE);
            o.addProperty("l", list);
            if (!ask) {
                JsonArray names = new JsonArray();
                online.forEach(names::add);
                o.add("u", names);
                JsonObject marks = new JsonObject();
                editing.forEach((task, users) -> {
                    JsonArray editors = new JsonArray();
                    users.forEach(editors::add);
                    marks.add(Long.toString(task), editors);
                });
                o.add("w", marks);
            }
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a message; throws {@link RuntimeException} for one this version does not understand. */
    static Envelope decode(byte[] data) {
        JsonObject o = JsonParser.parseString(new String(data, StandardCharsets.UTF_8)).getAsJsonObject();
        String node = o.get("n").getAsString();
        String k = o.get("k").getAsString();
        if (k.equals(ASK)) {
            return ask(node, o.get("l").getAsLong());
        }
        if (k.equals(ONLINE)) {
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (JsonElement u : o.getAsJsonArray("u")) {
                names.add(u.getAsString());
            }
            Map<Long, Set<String>> editing = new TreeMap<>();
            if (o.has("w")) {
                for (Map.Entry<String, JsonElement> task : o.getAsJsonObject("w").entrySet()) {
                    Set<String> editors = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    task.getValue().getAsJsonArray().forEach(u -> editors.add(u.getAsString()));
                    editing.put(Long.parseLong(task.getKey()), editors);
                }
            }
            return online(node, o.get("l").getAsLong(), names, editing);
        }
        Kinds.Kind<?> kind = Kinds.named(k);
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind " + k);
        }
        Effect e = GSON.fromJson(o.get("e"), kind.type());
        return effect(node, o.get("o").getAsString(), o.get("s").getAsLong(), kind, e);
    }
}
