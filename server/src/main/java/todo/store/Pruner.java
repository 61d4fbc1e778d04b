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

    /**
     * Each table is pruned only when its oldest row is past the cutoff, found by {@code min()} over the column's
     * index (one probe; SQLite's tokens have no such index and are scanned, as their delete scanned them). Why: on a PostgreSQL database too young to have statistics, the planner
     * ran the pruning statements as sequential scans, and pruning every 1,000 changes of a hot list took 17 ms each
     * time, a sixth of the writer's backend time (bench/results-cluster.md, run 9); the probes find nothing to do
     * in microseconds. What a statement removes is unchanged: each only touches rows older than its cutoff.
     */
    void prune(Instant now) {
        long cutoff = Rows.millis(now.minus(RETENTION));
        if (anyBefore(Sql.OLDEST_TOMBSTONE, cutoff)) {
            st.update(raiseFloorRevs, cutoff, cutoff);
            st.update(Sql.DELETE_OLD_TOMBSTONES, cutoff);
        }
        if (anyBefore(Sql.OLDEST_TASK_KEY, cutoff)) {
            st.update(Sql.DELETE_OLD_TASK_KEYS, cutoff);
        }
        if (anyBefore(Sql.OLDEST_CHANGE, cutoff)) {
            st.update(Sql.RAISE_FLOOR_FOR_CHANGES, cutoff, CHANGES_KEPT_PER_LIST, cutoff, CHANGES_KEPT_PER_LIST);
            st.update(Sql.DELETE_OLD_CHANGES, cutoff, CHANGES_KEPT_PER_LIST);
        }
        long nowMillis = Rows.millis(now);
        // Tokens expire at or before now: the oldest expiry is before the next millisecond.
        if (anyBefore(Sql.EARLIEST_TOKEN_EXPIRY, nowMillis + 1)) {
            st.update(Sql.DELETE_EXPIRED_TOKENS, nowMillis);
        }
    }

    /** Whether {@code oldest} (a {@code min()} of one column) answers a value below {@code bound}. */
    private boolean anyBefore(String oldest, long bound) {
        Long min = st.one(oldest, rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        });
        return min != null && min < bound;
    }
}
