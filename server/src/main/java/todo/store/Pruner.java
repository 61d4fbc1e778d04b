package todo.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Forgets what only matters for a while: task deletions (tombstones), idempotency keys, expired tokens, and task
 * changes (history) older than 30 days and more than 10,000 behind their list. Forgetting deletions or changes
 * raises the lists' {@code floor_rev}, so a subscriber whose {@code since} is older than what is still remembered
 * gets a full snapshot instead of a silently incomplete one.
 */
final class Pruner {
    /** How long deletions, task keys and task changes (history) are remembered. */
    static final Duration RETENTION = Duration.ofDays(30);
    /** Task changes each list keeps however old they are: history reaches at least this far back. */
    static final int CHANGES_KEPT_PER_LIST = 10_000;

    private final Statements st;
    private final String raiseFloorRevs;

    Pruner(Statements st, Dialect dialect) {
        this.st = st;
        this.raiseFloorRevs = dialect.raiseFloorRevs();
    }

    void prune(Instant now) {
        long cutoff = Rows.millis(now.minus(RETENTION));
        st.update(raiseFloorRevs, cutoff, cutoff);
        st.update(Sql.DELETE_OLD_TOMBSTONES, cutoff);
        st.update(Sql.DELETE_OLD_TASK_KEYS, cutoff);
        st.update(Sql.RAISE_FLOOR_FOR_CHANGES, cutoff, CHANGES_KEPT_PER_LIST, cutoff, CHANGES_KEPT_PER_LIST);
        st.update(Sql.DELETE_OLD_CHANGES, cutoff, CHANGES_KEPT_PER_LIST);
        st.update(Sql.DELETE_EXPIRED_TOKENS, Rows.millis(now));
    }
}
