package todo.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import todo.model.Change;
import todo.model.Task;
import todo.model.TaskEvent;

/**
 * The {@code changes} table: one row per committed task change, written in the transaction of the change, with the
 * task after it (for a deletion: the task as it was), the old values of the fields it changed, and the rev it
 * undid if it is an undo. History reads it, undo reverts from it, and on PostgreSQL other nodes fill gaps from
 * it. Confined to the thread of its {@link Repo}.
 */
final class ChangeLog {
    private final Statements st;
    private final Clock clock;

    ChangeLog(Statements st, Clock clock) {
        this.st = st;
        this.clock = clock;
    }

    /**
     * Records {@code e}. {@code before} is the task as it was before an update or move (its values of the changed
     * fields are kept); null for a creation or deletion. {@code undoes}: the rev {@code e} undid, or null.
     */
    void record(TaskEvent e, Task before, Long undoes) {
        String kind = e.kind().name().toLowerCase(Locale.ROOT);
        Task t = e.task();
        List<String> changed = e.changed();
        Task old = e.kind() == TaskEvent.Kind.UPDATED ? before : null;
        st.update(Sql.INSERT_CHANGE, e.list(), e.rev(), kind, t.id(), e.by(), String.join(",", changed), t.name(),
            t.note(), t.due(), t.completed(), Rows.millis(t.created()), Rows.millis(t.updated()), t.createdBy(),
            t.updatedBy(), t.position(), Rows.millis(clock.instant()),
            old != null && changed.contains("name") ? old.name() : null,
            old != null && changed.contains("note") ? old.note() : null,
            old != null && changed.contains("due") ? old.due() : null,
            old != null && changed.contains("completed") ? old.completed() : null,
            old != null && changed.contains("position") ? old.position() : null,
            undoes, true);
    }

    /** The change of the list at {@code rev}; null when there is none (or it is no longer remembered). */
    Change at(long listId, long rev) {
        return st.one(Sql.CHANGE_AT, rs -> change(rs, listId), listId, rev);
    }

    /** Up to {@code limit} changes of the list with a rev below {@code beforeRev}, newest first. */
    List<Change> history(long listId, long beforeRev, int limit) {
        return st.list(Sql.HISTORY, rs -> change(rs, listId), listId, beforeRev, limit);
    }

    /** The changes of one task after {@code rev}, oldest first. */
    List<Change> laterOf(long listId, long taskId, long rev) {
        return st.list(Sql.LATER_CHANGES_OF_TASK, rs -> change(rs, listId), listId, taskId, rev);
    }

    /** Columns of {@link Sql#CHANGE_COLUMNS}. */
    private static Change change(ResultSet rs, long listId) throws SQLException {
        long rev = rs.getLong(1);
        TaskEvent.Kind kind = TaskEvent.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT));
        String changedText = rs.getString(5);
        List<String> changed = changedText.isEmpty() ? List.of() : Arrays.asList(changedText.split(","));
        Task task = new Task(rs.getLong(3), listId, rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getBoolean(9), Rows.instant(rs.getLong(10)), Rows.instant(rs.getLong(11)), rs.getString(12),
            rs.getString(13), rev, rs.getString(14));
        Map<String, Object> from = new LinkedHashMap<>();
        for (String field : changed) {
            switch (field) {
                case "name" -> from.put(field, rs.getString(16));
                case "note" -> from.put(field, rs.getString(17));
                case "due" -> from.put(field, rs.getString(18));
                case "completed" -> from.put(field, rs.getBoolean(19));
                case "position" -> from.put(field, rs.getString(20));
                default -> throw new StorageException("unknown field " + field + " in change " + rev, null);
            }
        }
        long undoesRev = rs.getLong(21);
        Long undoes = rs.wasNull() ? null : undoesRev;
        return new Change(rev, kind, rs.getString(4), Rows.instant(rs.getLong(15)), task, List.copyOf(changed),
            java.util.Collections.unmodifiableMap(from), undoes);
    }
}
