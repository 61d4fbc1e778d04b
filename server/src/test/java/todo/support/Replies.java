package todo.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

/**
 * Assertions on replies written as docs/protocol.md writes them: the fields a reply must have, compared as
 * JSON. Static; any thread.
 */
public final class Replies {
    private Replies() {}

    /**
     * Every field of {@code expected} is in {@code actual} with an equal JSON value; other fields of
     * {@code actual} are not looked at. {@code expected} reads like the docs: {@code json("ok", false, "error",
     * "conflict", "task", task)}.
     */
    public static void assertFields(JsonObject expected, JsonObject actual, String context) {
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), actual.get(k), context + ": field " + k + " of " + actual);
        }
    }

    /**
     * An error reply, {@code {"ok":false,"error":CODE,"message":"…"}}, with a message that is not blank; returns
     * the reply.
     */
    public static JsonObject assertError(JsonObject reply, String code, String context) {
        assertFalse(reply.get("ok").getAsBoolean(), context + " answered " + reply);
        assertEquals(code, reply.get("error").getAsString(), context + " answered " + reply);
        assertTrue(reply.has("message") && !reply.get("message").getAsString().isBlank(), context + ": " + reply);
        return reply;
    }

    /** A {@code bad_request} whose message names {@code field}, as every parameter check's does. */
    public static void assertBadRequestNaming(JsonObject reply, String field) {
        assertBadRequestNaming(reply, field, field);
    }

    /** {@link #assertBadRequestNaming(JsonObject, String)}, saying {@code context} when it fails. */
    public static void assertBadRequestNaming(JsonObject reply, String field, String context) {
        assertError(reply, "bad_request", context);
        assertTrue(reply.get("message").getAsString().contains(field),
                context + ": the message should name " + field + ": " + reply);
    }
}
