package todo.loop;

/**
 * A verb of the protocol. {@code exclusive}: while it runs, later requests on the same connection wait. That is
 * how a request pipelined behind {@code register} already runs as the new user, and how a verb that goes
 * through several stages (read, hash a password, write) stays in order with the requests sent after it, which
 * the store's own ordering of single reads and writes cannot do.
 */
record Verb(String name, boolean needsAuth, boolean exclusive, Handler handler) {
    static Verb open(String name, Handler h) {
        return new Verb(name, false, false, h);
    }

    /** A verb that may change who the session is, or that runs in several stages: see {@code exclusive}. */
    static Verb exclusive(String name, boolean needsAuth, Handler h) {
        return new Verb(name, needsAuth, true, h);
    }

    static Verb authed(String name, Handler h) {
        return new Verb(name, true, false, h);
    }
}
