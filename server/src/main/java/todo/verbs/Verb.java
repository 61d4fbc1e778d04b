package todo.verbs;

/**
 * A verb of the protocol.
 *
 * <p>{@code exclusive}: while it runs, later requests on the same connection wait. That is how a request
 * pipelined behind {@code register} already runs as the new user, and how a verb that goes through several stages
 * (read, hash a password, write) stays in order with the requests sent after it, which the caller's ordered
 * storage alone cannot do.
 *
 * <p>{@code liveOnly}: the verb only makes sense on a live connection (it subscribes, or changes who the
 * connection is signed in as); other callers get {@code bad_request}.
 */
public record Verb(String name, boolean needsAuth, boolean exclusive, boolean liveOnly, Handler handler) {
    static Verb open(String name, Handler h) {
        return new Verb(name, false, false, false, h);
    }

    static Verb authed(String name, Handler h) {
        return new Verb(name, true, false, false, h);
    }

    /** A verb that may change who the session is, or that runs in several stages: see {@code exclusive}. */
    static Verb exclusive(String name, boolean needsAuth, Handler h) {
        return new Verb(name, needsAuth, true, false, h);
    }

    /** The same verb, marked as only making sense on a live connection. */
    Verb onlyLive() {
        return new Verb(name, needsAuth, exclusive, true, handler);
    }
}
