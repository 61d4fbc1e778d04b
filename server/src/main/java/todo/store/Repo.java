package todo.store;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;

/**
 * What a {@link StoreOp} works with: the repositories of the three aggregates and the lists' history, bound to one
 * connection. Not
 * thread-safe: it belongs to the one storage thread that owns the connection, which also runs the transaction
 * around each op. Inputs are already validated for shape and length; the repositories enforce what needs the
 * database: existence, membership (a non-member gets {@code not_found}, never a hint), ownership
 * ({@code forbidden}), uniqueness and revisions ({@code conflict}), thrown as {@link todo.error.ApiException};
 * database failures are {@link StorageException}.
 */
public final class Repo implements AutoCloseable {
    private final Statements st;
    private final Accounts accounts;
    private final Lists lists;
    private final Tasks tasks;
    private final History history;
    private final Pruner pruner;
    private final ListLocks locks;
    private final ChangeReads changes;
    private final String touchHealth;
    private final PendingCreates heldBack; // null where every create is written as it comes

    /** @param clock stamps task deletions, whose age decides when they are forgotten */
    Repo(Connection conn, Dialect dialect, Clock clock) {
        this.st = new Statements(conn, dialect);
        TxCache cache = new TxCache(dialect);
        st.reportWritesTo(cache);
        this.locks = new ListLocks(st, dialect, cache);
        this.lists = new Lists(st, dialect, locks, cache);
        this.accounts = new Accounts(st, dialect, lists);
        this.pruner = new Pruner(st, dialect);
        ChangeLog changes = new ChangeLog(st, clock);
        this.heldBack = dialect.createTasks() == null ? null : new PendingCreates(dialect);
        if (heldBack != null) {
            st.holdBackWith(heldBack);
        }
        this.tasks = new Tasks(st, dialect, lists, locks, cache, pruner, clock, changes, heldBack);
        this.history = new History(lists, tasks, changes);
        this.touchHealth = dialect.touchHealth();
        this.changes = new ChangeReads(st);
    }

    public Accounts accounts() {
        return accounts;
    }

    public Lists lists() {
        return lists;
    }

    public Tasks tasks() {
        return tasks;
    }

    public History history() {
        return history;
    }

    /** The shared change log and list revs, as nodes of a cluster read them (PostgreSQL only). */
    public ChangeReads changes() {
        return changes;
    }

    /** Statements run so far that may have changed rows ({@link Statements#writes}). */
    long writes() {
        return st.writes();
    }

    /**
     * The writer's transaction begins: nothing held back; creates are held back to be sent together only when
     * {@code holdBack} (not while each op has its own savepoint), keyed ones only unless {@code checkKeys};
     * {@code lockFirst} are locked at once, in id order.
     */
    void begin(Collection<Long> lockFirst, boolean holdBack, boolean checkKeys) {
        if (heldBack != null) {
            heldBack.begin(holdBack, checkKeys);
        }
        locks.begin(lockFirst);
    }

    /** Sends the creates held back (before COMMIT). Throws {@link StorageException} when the database refuses. */
    void sendHeldBack() {
        if (heldBack != null) {
            heldBack.flush(st);
        }
    }

    /** Creates held back and sent in this transaction, and the statements that sent them; zeros where none are. */
    long[] heldBackSent() {
        return heldBack == null ? new long[2] : heldBack.sent();
    }

    /** The list rows the writer's transaction holds locked; unused on readers. */
    ListLocks locks() {
        return locks;
    }

    /**
     * A real write, so that a read-only or full disk shows in {@code /healthz}. Also prunes old deletions, task
     * keys and expired tokens: health checks come regularly and cost little.
     */
    public void touchHealth(Instant now) {
        st.update(touchHealth, Rows.millis(now));
        pruner.prune(now);
    }

    /** Closes the cached statements; the connection stays open (its owner closes it). */
    @Override
    public void close() {
        st.close();
    }
}
