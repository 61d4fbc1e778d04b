package todo.verbs;

import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.TaskCreated;
import todo.model.TaskEvent;
import todo.net.ThrottledLog;
import todo.store.Repo;

/**
 * The caps on tasks per list and lists per user ({@link Limits}). Its checks run on the writer, inside the op that
 * made the change, after it: the change has already passed the membership checks (so a full list someone else owns
 * still answers {@code not_found}), and throwing here rolls it back. Immutable.
 */
final class Caps {
    private static final ThrottledLog EXCEEDED = new ThrottledLog(LoggerFactory.getLogger(Caps.class),
            "changes refused (limit_exceeded)");

    private final int tasksPerList;
    private final int listsPerUser;

    Caps(Limits limits) {
        this.tasksPerList = limits.tasksPerList();
        this.listsPerUser = limits.listsPerUser();
    }

    /** A created task (not a keyed replay) must not take its list past the cap. */
    TaskCreated tasks(Repo repo, TaskCreated created) {
        if (created.event() != null && repo.tasks().count(created.task().list()) > tasksPerList) {
            EXCEEDED.warn("task in list " + created.task().list() + " by " + created.task().createdBy());
            throw new ApiException(ErrorCode.LIMIT_EXCEEDED, "a list holds at most " + tasksPerList + " tasks");
        }
        return created;
    }

    /** A task brought back by undo (a {@code CREATED} event) must not take its list past the cap either. */
    TaskEvent restored(Repo repo, TaskEvent e) {
        if (e.kind() == TaskEvent.Kind.CREATED && repo.tasks().count(e.list()) > tasksPerList) {
            EXCEEDED.warn("task restored in list " + e.list() + " by " + e.by());
            throw new ApiException(ErrorCode.LIMIT_EXCEEDED, "a list holds at most " + tasksPerList + " tasks");
        }
        return e;
    }

    /** Everyone a list change made a member (the creator of a new list, a user shared with) stays within the cap. */
    ListChange lists(Repo repo, ListChange change) {
        if (change.after() == null) {
            return change;
        }
        Set<Long> before = change.before() == null ? Set.of()
                : change.before().members().stream().map(Member::id).collect(Collectors.toSet());
        for (Member m : change.after().members()) {
            if (!before.contains(m.id()) && repo.lists().countFor(m.id()) > listsPerUser) {
                EXCEEDED.warn("lists of " + m.username());
                throw new ApiException(ErrorCode.LIMIT_EXCEEDED,
                        m.username() + " is already a member of " + listsPerUser + " lists, the most allowed");
            }
        }
        return change;
    }
}
