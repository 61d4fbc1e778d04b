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
import java.util.Set;
import java.util.TreeSet;
import todo.verbs.Effect;

/**
 * One message on the bus, and its JSON form. Three kinds: a shared effect ({@code k} its {@link Kinds} name,
 * {@code e} the record as JSON, {@code o} and {@code s} the sender's boot id and sequence number, which identify
 * the message), a node's online set for a list ({@code k = "online"}), and a request that nodes announce theirs
 * now ({@code k = "ask"}). {@code n} is the sending node's name. Immutable; encoding and decoding are stateless,
 * any thread.
 */
record Envelope(String node, String origin, long seq, Kinds.Kind<?> kind, Effect effect, long list,
                Set<String> online, boolean ask) {

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
        return new Envelope(node, origin, seq, kind, e, 0, null, false);
    }

    static Envelope online(String node, long list, Set<String> names) {
        return new Envelope(node, null, 0, null, null, list, names, false);
    }

    static Envelope ask(String node, long list) {
        return new Envelope(node, null, 0, null, null, list, null, true);
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
            return online(node, o.get("l").getAsLong(), names);
        }
        Kinds.Kind<?> kind = Kinds.named(k);
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind " + k);
        }
        Effect e = GSON.fromJson(o.get("e"), kind.type());
        return effect(node, o.get("o").getAsString(), o.get("s").getAsLong(), kind, e);
    }
}
