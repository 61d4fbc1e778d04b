package todo.error;

import todo.model.Task;

/**
 * An error as a value: a code and a human message, optionally the current task (for {@code conflict}).
 * Thrown by validation and by store operations; mapped to the wire in exactly one place ({@code todo.protocol.Wire.error}). It lives outside {@code protocol}
 * so that the store can throw it without depending on the wire format.
 * No stack trace is captured: these are expected outcomes, not bugs.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final transient Task current;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @param current the task as it is now, sent back with a {@code conflict}; may be null */
    public ApiException(ErrorCode code, String message, Task current) {
        super(message, null, false, false);
        this.code = code;
        this.current = current;
    }

    public ErrorCode code() {
        return code;
    }

    /** The current task for a {@code conflict} reply; null otherwise. */
    public Task current() {
        return current;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }
}
