package todo.rest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.protocol.Wire;

/**
 * The one place protocol error codes become HTTP statuses and error bodies {@code {"error", "message"}} (plus the
 * current {@code task} of a failed {@code If-Match}). A code not in the table is a client error: 400. Stateless.
 */
final class Errors {
    /** Seconds a rate-limited or refused client is told to wait; a token bucket refills within a second. */
    static final int RETRY_AFTER_SECONDS = 1;

    private static final Map<String, Integer> STATUS = Map.of(
            ErrorCode.BAD_JSON.wire(), 400,
            ErrorCode.BAD_REQUEST.wire(), 400,
            ErrorCode.UNAUTHENTICATED.wire(), 401,
            ErrorCode.BAD_CREDENTIALS.wire(), 401,
            ErrorCode.FORBIDDEN.wire(), 403,
            ErrorCode.NOT_FOUND.wire(), 404,
            ErrorCode.CONFLICT.wire(), 409,
            ErrorCode.RATE_LIMITED.wire(), 429,
            ErrorCode.INTERNAL.wire(), 500,
            ErrorCode.UNAVAILABLE.wire(), 503);

    private Errors() {}

    /** An error raised before any verb ran (no route, wrong media type, ...), with its own status. */
    static final class Refused extends RuntimeException {
        final int status;
        final ApiException error;
        final Map<String, String> headers = new LinkedHashMap<>();

        Refused(int status, ErrorCode code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = new ApiException(code, message);
        }

        Refused header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    static int status(ErrorCode code) {
        return STATUS.getOrDefault(code.wire(), 400);
    }

    /**
     * The answer to a failed call. {@code ifMatch}: whether the request carried {@code If-Match}, which turns a
     * {@code conflict} about the task's rev into 412.
     */
    static Answer answer(Throwable failure, boolean ifMatch) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof Refused r) {
            return new Answer(r.status, body(r.error), new LinkedHashMap<>(r.headers));
        }
        ApiException api = e instanceof ApiException x ? x
                : new ApiException(ErrorCode.INTERNAL, "internal error: the request was not completed");
        int status = ifMatch && api.code() == ErrorCode.CONFLICT && api.current() != null ? 412 : status(api.code());
        Answer a = new Answer(status, body(api), new LinkedHashMap<>());
        switch (status) {
            case 401 -> a.with("WWW-Authenticate", "Bearer");
            case 429, 503 -> a.with("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            default -> { }
        }
        return a;
    }

    /** {@code {"error": CODE, "message": TEXT}}, and the current task when there is one: the WebSocket error minus re/ok. */
    private static JsonObject body(ApiException e) {
        JsonObject o = JsonParser.parseString(Wire.error(null, e)).getAsJsonObject();
        o.remove("re");
        o.remove("ok");
        return o;
    }
}
