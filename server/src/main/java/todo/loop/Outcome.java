package todo.loop;

import com.google.gson.JsonObject;

/**
 * What a handler produces: the reply body, and work to do on the loop right after the reply is queued
 * (broadcasts, sign-in, closing other sessions). {@code after} may be null.
 */
record Outcome(JsonObject body, Runnable after) {
    static Outcome reply(JsonObject body) {
        return new Outcome(body, null);
    }

    static Outcome empty() {
        return new Outcome(new JsonObject(), null);
    }
}
