package todo.store;

import java.time.Clock;
import todo.model.Task;
import todo.model.TaskEvent;

/**
 * Writes one row per committed task change into the {@code changes} table, in the transaction of the change,
 * where the dialect keeps one (PostgreSQL: other nodes fill gaps from it); does nothing otherwise (SQLite).
 * Confined to the writer thread, like its {@link Repo}.
 */
final class ChangeLog {
    private final Statements st;
    private final String insert;
    private final Clock clock;

    ChangeLog(Statements st, Dialect dialect, Clock clock) {
        this.st = st;
        this.insert = dialect.insertChange();
        this.clock = clock;
    }

    /** Records {@code e}; a deletion keeps only the task's id. */
    void record(TaskEvent e) {
        if (insert == null) {
            return;
        }
        String kind = e.kind().name().toLowerCase(java.util.Locale.ROOT);
        long at = Rows.millis(clock.instant());
        if (e.kind() == TaskEvent.Kind.DELETED) {
            st.update(insert, e.list(), e.rev(), kind, e.task().id(), e.by(), "", null, null, null, null, null,
                null, null, null, at);
            return;
        }
        Task t = e.task();
        st.update(insert, e.list(), e.rev(), kind, t.id(), e.by(), String.join(",", e.changed()), t.name(), t.note(),
            t.due(), t.completed(), Rows.millis(t.created()), Rows.millis(t.updated()), t.createdBy(), t.updatedBy(),
            at);
    }
}
