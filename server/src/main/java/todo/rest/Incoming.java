package todo.rest;

import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One REST request as the route handlers see it, decoded on an HTTP handler thread: the path's parameters, the
 * query, the body's fields (already normalised to the verbs' parameters), the conditional and replay headers and
 * the bearer token. Immutable once built (the body is copied before a verb gets it).
 *
 * @param ifMatch        the rev named by {@code If-Match}, or null when absent (or {@code *})
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param token          the bearer token, or null when there is no {@code Authorization}
 */
record Incoming(Map<String, String> path, Map<String, String> query, JsonObject body, Long ifMatch,
                String idempotencyKey, String token, InetSocketAddress remote) {

    /** A copy of the body's fields, for one verb call to add its own to. */
    JsonObject params() {
        return body.deepCopy();
    }
}
