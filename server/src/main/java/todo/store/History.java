package todo.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.Change;
import todo.model.Task;
import todo.model.TaskEvent;

/**
 * A list's history of task changes, and undo. Every member may read it; undo is a task change like any other (one
 * rev, recorded, by whoever undoes), checked for membership as {@code task.update} is. Used on one storage thread,
 * inside the transaction that thread runs around each op.
 */
public final class History {
    private final Lists lists;
    private final Tasks tasks;
    private final ChangeLog changes;

    History(Lists lists, Tasks tasks, ChangeLog changes) {
        this.lists = lists;
        this.tasks = tasks;
        this.changes = changes;
    }

    /** Up to {@code limit} changes of the list with a rev below {@code before} (null: all), newest first. */
    public List<Change> entries(long userId, long listId, Long before, int limit) {
        lists.requireMember(userId, listId);
        return changes.history(listId, before == null ? Long.MAX_VALUE : before, limit);
    }

    /**
     * Reverts the change of the list at {@code rev} with a new change: an update or move gets its old values
     * back, a creation is deleted, a deletion is brought back. {@code not_found} when the list has no such
     * change (or no longer remembers it); {@code conflict} when it was undone already, or the task changed since
     * in the same fields (for a creation: at all) or is gone; the current task, if any, rides along.
     */
    public TaskEvent undo(long userId, String username, long listId, long rev, Instant now) {
        lists.lock(listId);
        lists.requireMember(userId, listId);
        Change c = changes.at(listId, rev);
        if (c == null) {
            throw ApiException.notFound("change");
        }
        Task cur = tasks.inList(listId, c.task().id());
        List<Change> later = changes.laterOf(listId, c.task().id(), rev);
        if (later.stream().anyMatch(l -> Objects.equals(l.undoes(), rev))) {
            throw new ApiException(ErrorCode.CONFLICT, "change " + rev + " was undone already", cur);
        }
        return switch (c.kind()) {
            case CREATED -> {
                if (cur == null) {
                    throw conflict("the task was deleted since", null);
                }
                if (!later.isEmpty()) {
                    throw conflict("the task changed since (rev " + cur.rev() + ")", cur);
                }
                yield tasks.remove(cur, username, rev);
            }
            case DELETED -> {
                if (cur != null) {
                    throw conflict("the task exists", cur);
                }
                yield tasks.restore(c.task(), username, tasks.free(listId, c.task().position()), now, rev);
            }
            case UPDATED -> {
                if (cur == null) {
                    throw conflict("the task was deleted since", null);
                }
                for (Change l : later) {
                    for (String field : l.changed()) {
                        if (c.changed().contains(field)) {
                            throw conflict("the task's " + field + " changed since (rev " + l.rev() + ")", cur);
                        }
                    }
                }
                yield revert(c, cur, username, now);
            }
        };
    }

    private TaskEvent revert(Change c, Task cur, String username, Instant now) {
        if (c.changed().contains("position")) {
            return tasks.reposition(cur, username, tasks.free(cur.list(), (String) c.from().get("position")), now,
                c.rev());
        }
        String name = c.changed().contains("name") ? (String) c.from().get("name") : cur.name();
        String note = c.changed().contains("note") ? (String) c.from().get("note") : cur.note();
        String due = c.changed().contains("due") ? (String) c.from().get("due") : cur.due();
        boolean completed = c.changed().contains("completed") ? (Boolean) c.from().get("completed") : cur.completed();
        return tasks.write(cur, username, name, note, due, completed, now, c.changed(), c.rev());
    }

    private static ApiException conflict(String message, Task cur) {
        return new ApiException(ErrorCode.CONFLICT, message, cur);
    }
}
