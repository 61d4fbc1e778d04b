package todo.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the writer's transaction has read once about the lists it holds: a member's role, a list's task count and
 * its last position. A burst of creates into one list then costs three statements each (bump the rev, insert the
 * task, record the change) instead of eight; on PostgreSQL each statement saved is a round trip.
 *
 * <p>Valid only inside one write transaction ({@link #begin}) and only for lists whose row the transaction holds
 * locked (every list on SQLite, whose write lock is the whole database): no other writer can change them until it
 * ends. Every statement of this transaction that may change rows is reported to {@link #wrote}; all but the few in
 * {@link #keptBy}, whose effect on what is cached their callers apply, forget everything. A rollback to a
 * savepoint forgets everything too. Confined to the writer thread, like its {@link Repo}; a reader's never begins,
 * so it never caches.
 */
final class TxCache {
    /** Writes that leave the cache valid: the create path updates the count and last position itself. */
    private final Set<String> keptBy = new HashSet<>(
        Set.of(Sql.BUMP_REV, Sql.INSERT_TASK, Sql.INSERT_CHANGE, Sql.INSERT_TASK_KEY));
    /** A cached non-member. */
    private static final String NONE = "";

    private final Map<Long, Map<Long, String>> roles = new HashMap<>();
    private final Map<Long, Integer> counts = new HashMap<>();
    private final Map<Long, String> lastPositions = new HashMap<>();
    /**
     * Each held list's rev as this transaction has made it. Every write may bump a rev, so all but
     * {@link #keepsRevs} (the held-back creates' statement, whose revs were drawn from here) forget them.
     */
    private final Map<Long, Long> revs = new HashMap<>();
    private final String keepsRevs;
    private boolean active;

    /** @param dialect its one-statement creates ({@link Dialect#createTask}), if any, keep the cache too */
    TxCache(Dialect dialect) {
        for (boolean keyed : new boolean[] {false, true}) {
            String create = dialect.createTask(keyed);
            if (create != null) {
                keptBy.add(create);
            }
        }
        keepsRevs = dialect.createTasks();
        if (keepsRevs != null) {
            keptBy.add(keepsRevs);
        }
    }

    /** A write transaction starts: nothing is known yet. */
    void begin() {
        forget();
        active = true;
    }

    /** Forgets everything (a rollback to a savepoint, or a write that may change what is cached). */
    void forget() {
        roles.clear();
        counts.clear();
        lastPositions.clear();
        revs.clear();
    }

    /** A statement that may change rows is about to run. */
    void wrote(String sql) {
        if (!active) {
            return;
        }
        if (!sql.equals(keepsRevs)) {
            revs.clear();
        }
        if (!keptBy.contains(sql)) {
            forget();
        }
    }

    /** The rev of a held list as this transaction has left it, or null when not known since the last write. */
    Long rev(long listId) {
        return active ? revs.get(listId) : null;
    }

    /** The list was just locked; its row had this rev and task count. */
    void locked(long listId, long rev, int count) {
        if (active) {
            revs.put(listId, rev);
            counts.put(listId, count);
        }
    }

    /** The held list's rev is {@code rev} now, drawn by a held-back create. */
    void revIs(long listId, long rev) {
        if (active) {
            revs.put(listId, rev);
        }
    }

    /** The member's role on a held list, from {@code read} once per transaction; null for a non-member. */
    String role(long listId, long userId, boolean held, Supplier<String> read) {
        if (!active || !held) {
            return read.get();
        }
        Map<Long, String> members = roles.computeIfAbsent(listId, id -> new HashMap<>());
        String role = members.get(userId);
        if (role == null) {
            role = read.get();
            members.put(userId, role == null ? NONE : role);
        }
        return NONE.equals(role) ? null : role;
    }

    /** The task count of a held list, from {@code read} once per transaction. */
    int count(long listId, boolean held, Supplier<Integer> read) {
        if (!active || !held) {
            return read.get();
        }
        return counts.computeIfAbsent(listId, id -> read.get());
    }

    /** The last position of a held list (null when empty), from {@code read} once per transaction. */
    String lastPosition(long listId, boolean held, Supplier<String> read) {
        if (!active || !held) {
            return read.get();
        }
        if (lastPositions.containsKey(listId)) {
            return lastPositions.get(listId);
        }
        String last = read.get();
        lastPositions.put(listId, last);
        return last;
    }

    /** A task was created at {@code position}, after the list's last one (read through this cache). */
    void created(long listId, String position) {
        if (!active) {
            return;
        }
        counts.computeIfPresent(listId, (id, n) -> n + 1);
        if (lastPositions.containsKey(listId)) {
            lastPositions.put(listId, position);
        }
    }
}
