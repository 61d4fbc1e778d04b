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
 *
 * <p>{@code changes}: what names the list the verb changes (null for a verb that changes no list's content). Such
 * a verb passes the {@link RoleGate}: viewers get {@code forbidden}. Declare it with {@link #changes(Target)}.
 */
public record Verb(String name, boolean needsAuth, boolean exclusive, boolean liveOnly, Target changes,
                   Handler handler) {
    static Verb open(String name, Handler h) {
        return new Verb(name, false, false, false, null, h);
    }

    static Verb authed(String name, Handler h) {
        return new Verb(name, true, false, false, null, h);
    }

    /** A verb that may change who the session is, or that runs in several stages: see {@code exclusive}. */
    static Verb exclusive(String name, boolean needsAuth, Handler h) {
        return new Verb(name, needsAuth, true, false, null, h);
    }

    /** The same verb, marked as only making sense on a live connection. */
    Verb onlyLive() {
        return new Verb(name, needsAuth, exclusive, true, changes, handler);
    }

    /**
     * The same verb, declared as changing the list that {@code target} names, so that only its owner and editors
     * may run it ({@link RoleGate}). For example {@code Verb.authed("task.move", this::move).changes(Target.TASK)}.
     */
    Verb changes(Target target) {
        if (!needsAuth || changes != null) {
            throw new IllegalStateException(name + ": only a signed-in verb declares, once, what it changes");
        }
        return new Verb(name, needsAuth, exclusive, liveOnly, target, RoleGate.guard(target, handler));
    }
}
