package todo.loop;

/**
 * A verb of the protocol. {@code changesIdentity}: while it runs, later requests on the same connection wait,
 * so that a request pipelined behind {@code register} already runs as the new user.
 */
record Verb(String name, boolean needsAuth, boolean changesIdentity, Handler handler) {
    static Verb open(String name, Handler h) {
        return new Verb(name, false, false, h);
    }

    static Verb identity(String name, boolean needsAuth, Handler h) {
        return new Verb(name, needsAuth, true, h);
    }

    static Verb authed(String name, Handler h) {
        return new Verb(name, true, false, h);
    }
}
