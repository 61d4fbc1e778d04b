package todo.store;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;

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
        this.tasks = new Tasks(st, dialect, lists, locks, cache, pruner, clock, changes);
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
