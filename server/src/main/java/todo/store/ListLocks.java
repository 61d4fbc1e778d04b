package todo.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The list rows a write transaction has locked, taken in id order so that writers on several nodes never
 * deadlock on them: a lock on a list above every one held is waited for; one below is only tried
 * ({@code NOWAIT}), and when it is taken elsewhere the whole batch is redone ({@link RetryBatch}) with every list
 * it wanted locked up front, in order. Without a lock statement (SQLite: the write lock is the whole database)
 * it does nothing. Confined to the writer thread, like its {@link Repo}.
 */
final class ListLocks {
    /** PostgreSQL's SQLSTATE for a NOWAIT lock that is held by another transaction. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    /** Thrown by an op whose lock could not be taken in order: the writer redoes the whole batch. */
    static final class RetryBatch extends RuntimeException {
        RetryBatch(String message) {
            super(message, null, false, false);
        }
    }

    /** What the lock statement answers besides taking the lock. */
    private record Locked(long rev, int count) {
        static Locked of(ResultSet rs) throws SQLException {
            return new Locked(rs.getLong(1), rs.getInt(2));
        }
    }

    private final Statements st;
    private final TxCache cache;
    private final String lock;
    private final String lockNoWait;
    private final TreeSet<Long> held = new TreeSet<>();
    private final TreeSet<Long> wanted = new TreeSet<>();
    private SortedSet<Long> heldBeforeOp = new TreeSet<>();

    ListLocks(Statements st, Dialect dialect, TxCache cache) {
        this.st = st;
        this.cache = cache;
        this.lock = dialect.lockList();
        this.lockNoWait = dialect.lockListNoWait();
    }

    /** A new transaction: nothing held; locks {@code first} at once, in id order. */
    void begin(Collection<Long> first) {
        cache.begin();
        held.clear();
        wanted.clear();
        heldBeforeOp = new TreeSet<>();
        for (long id : new TreeSet<>(first)) {
            lock(id);
        }
    }

    /** An op starts (its savepoint was just set). */
    void opStarted() {
        heldBeforeOp = new TreeSet<>(held);
    }

    /** The op was rolled back to its savepoint, which released the row locks it took. */
    void opRolledBack() {
        cache.forget();
        held.retainAll(heldBeforeOp);
    }

    /** Whether no other writer can change the list until this transaction ends (always, without row locks). */
    boolean holds(long listId) {
        return lock == null || held.contains(listId);
    }

    /** Every list this transaction locked or tried to: what a redo locks up front. */
    SortedSet<Long> wanted() {
        return new TreeSet<>(wanted);
    }

    /**
     * Locks the list's row for the rest of the transaction (nothing when it does not exist). Answers whether it
     * took the lock just now: false when it was held already or there is nothing to lock.
     */
    boolean lock(long listId) {
        if (lock == null || held.contains(listId)) {
            return false;
        }
        wanted.add(listId);
        Locked row;
        if (held.isEmpty() || listId > held.last()) {
            row = st.one(lock, Locked::of, listId);
        } else {
            try {
                row = st.one(lockNoWait, Locked::of, listId);
            } catch (StorageException e) {
                if (e.getCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                    throw new RetryBatch("list " + listId + " is locked by another writer, below lists held");
                }
                throw e;
            }
        }
        held.add(listId);
        if (row != null) {
            cache.locked(listId, row.rev(), row.count());
        }
        return true;
    }
}
