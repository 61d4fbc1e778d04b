package todo.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Forgets what only matters for a while: task deletions (tombstones), idempotency keys and expired tokens.
 * Forgetting deletions raises the lists' {@code floor_rev}, so a subscriber whose {@code since} is older than
 * what is still remembered gets a full snapshot instead of a silently incomplete one.
 */
final class Pruner {
    /** How long deletions and task keys are remembered. */
    static final Duration RETENTION = Duration.ofDays(30);

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
        st.update(Sql.DELETE_EXPIRED_TOKENS, Rows.millis(now));
    }
}
