package todo.verbs;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.TaskEvent;
import todo.model.TodoList;
import todo.model.User;

/**
 * What a committed verb does to sessions, as data: domain facts (model records), never JSON, so that they can later
 * travel between nodes. Applied on the loop, after the reply, in the order listed, by {@code todo.loop.FanOut}.
 * "This connection" means the caller the verb ran for.
 */
public sealed interface Effect {

    /** A task change, for the list's subscribers. */
    record TaskChanged(TaskEvent event) implements Effect {}

    /** A list was created, renamed, shared, unshared or deleted; the user ids that gained, lost or kept it. */
    record ListChanged(ListChange change, Set<Long> gained, Set<Long> lost, Set<Long> kept) implements Effect {
        public static ListChanged of(ListChange c) {
            Set<Long> was = memberIds(c.before());
            Set<Long> is = memberIds(c.after());
            Set<Long> lost = new HashSet<>(was);
            lost.removeAll(is);
            Set<Long> gained = new HashSet<>(is);
            gained.removeAll(was);
            Set<Long> kept = new HashSet<>(is);
            kept.retainAll(was);
            return new ListChanged(c, gained, lost, kept);
        }

        private static Set<Long> memberIds(TodoList l) {
            return l == null ? Set.of() : l.members().stream().map(Member::id).collect(Collectors.toSet());
        }
    }

    /** This connection is now signed in as {@code user} with the token whose hash is {@code tokenHash}. */
    record SignedIn(User user, byte[] tokenHash) implements Effect {}

    /** This connection is signed out (its subscriptions end). */
    record SignedOut() implements Effect {}

    /** The subscription that {@link Feed#hold} started has its snapshot at {@code rev} in the reply: go live. */
    record Subscribed(long listId, long rev) implements Effect {}

    /** This connection no longer receives the list's events. */
    record Unsubscribed(long listId) implements Effect {}

    /**
     * This connection's user is editing the task (or stopped): awareness, never stored. Applied only on the node
     * holding the connection; it does not travel between nodes.
     */
    record EditingMarked(long listId, long taskId, boolean editing) implements Effect {}

    /**
     * Sign out and close the user's sessions (each after its pending replies), all of them or selected by token.
     * {@code tokenHash} is null for {@link Which#ALL}.
     */
    record CloseSessions(long userId, Which which, byte[] tokenHash, Why why) implements Effect {}

    /** Which of a user's sessions {@link CloseSessions} closes. */
    enum Which { ALL, WITH_TOKEN, EXCEPT_TOKEN }

    /** Why sessions are closed; the reason sent with the close. */
    enum Why {
        SIGNED_OUT("signed out"), PASSWORD_CHANGED("password changed"), ACCOUNT_DELETED("account deleted");

        private final String reason;

        Why(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
