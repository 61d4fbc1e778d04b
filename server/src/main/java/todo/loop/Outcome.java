package todo.loop;

import com.google.gson.JsonObject;

/**
 * What a handler produces: the reply body, and work to do on the loop right after the reply is queued
 * (broadcasts, sign-in, closing other sessions). {@code after} may be null. {@code rawName}/{@code rawJson}, when
 * not null, add one field whose JSON was serialised off the loop (a large snapshot's tasks).
 */
record Outcome(JsonObject body, Runnable after, String rawName, String rawJson) {
    Outcome(JsonObject body, Runnable after) {
        this(body, after, null, null);
    }

    static Outcome reply(JsonObject body) {
        return new Outcome(body, null);
    }

    static Outcome empty() {
        return new Outcome(new JsonObject(), null);
    }
}
