package todo.loop;

import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.TaskCreated;
import todo.protocol.ApiException;
import todo.protocol.ErrorCode;
import todo.store.Repo;

/**
 * The caps on tasks per list and lists per user ({@link Limits}). Called on the writer inside the op that made the
 * change, after it: the change has already passed the membership checks (so a full list someone else owns still
 * answers {@code not_found}), and throwing here rolls it back.
 */
final class Caps {
    private static final ThrottledWarning EXCEEDED = new ThrottledWarning(LoggerFactory.getLogger(Caps.class),
            "changes refused (limit_exceeded)");

    private Caps() {}

    /** A created task (not a keyed replay) must not take its list past {@code max} tasks. */
    static TaskCreated tasks(Repo repo, TaskCreated created, int max) {
        if (created.event() != null && repo.taskCount(created.task().list()) > max) {
            EXCEEDED.hit("task in list " + created.task().list() + " by " + created.task().createdBy());
            throw new ApiException(ErrorCode.LIMIT_EXCEEDED, "a list holds at most " + max + " tasks");
        }
        return created;
    }

    /** Everyone a list change made a member (the creator of a new list, a user shared with) stays within {@code max}. */
    static ListChange lists(Repo repo, ListChange change, int max) {
        if (change.after() == null) {
            return change;
        }
        Set<Long> before = change.before() == null ? Set.of()
                : change.before().members().stream().map(Member::id).collect(Collectors.toSet());
        for (Member m : change.after().members()) {
            if (!before.contains(m.id()) && repo.listCount(m.id()) > max) {
                EXCEEDED.hit("lists of " + m.username());
                throw new ApiException(ErrorCode.LIMIT_EXCEEDED,
                        m.username() + " is already a member of " + max + " lists, the most allowed");
            }
        }
        return change;
    }
}
