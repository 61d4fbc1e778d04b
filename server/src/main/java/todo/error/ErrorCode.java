package todo.error;

import java.util.Locale;

/** Every error a client can see. The wire form is the lower-case name, e.g. {@code bad_request}. */
public enum ErrorCode {
    BAD_JSON,
    BAD_REQUEST,
    UNKNOWN_TYPE,
    UNAUTHENTICATED,
    BAD_CREDENTIALS,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    RATE_LIMITED,
    LIMIT_EXCEEDED,
    INTERNAL,
    /** The server is shutting down and takes no new requests; try again shortly. */
    UNAVAILABLE;

    /** The code as it appears in the {@code error} field of a reply. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
