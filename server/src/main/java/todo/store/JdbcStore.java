package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Store} on a {@link Dialect} from another package (PostgreSQL's, in {@code todo.store.pg}): the same
 * JDBC machinery as {@link SqliteStore}, a {@link Writer} thread with group commit and a {@link ReadPool}, which
 * open new connections from the dialect after the database was lost. Futures complete on the executor given to
 * {@link #start}.
 */
public final class JdbcStore implements Store {
    private final Writer writer;
    private final ReadPool reads;
    private final Runnable afterClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(Writer writer, ReadPool reads, Runnable afterClose) {
        this.writer = writer;
        this.reads = reads;
        this.afterClose = afterClose;
    }

    /**
     * Starts the writer on {@code migrated} (a connection from {@link Dialect#openWriter()}, whose schema is up
     * to date; the store owns it from now on) and {@code readThreads} readers. Blocks while the readers connect.
     *
     * @param afterClose run once {@link #close} has closed every connection (a pool's owner closes the pool)
     * @throws StorageException when the reader connections cannot be opened (the writer is closed again, and
     *                          {@code afterClose} run)
     */
    public static JdbcStore start(Dialect dialect, Connection migrated, int readThreads, Clock clock,
                                  Executor completions, Runnable afterClose) {
        Objects.requireNonNull(completions, "completions");
        Writer writer = Writer.start(migrated, dialect, clock, completions);
        try {
            return new JdbcStore(writer, ReadPool.start(dialect, readThreads, clock, completions), afterClose);
        } catch (SQLException | RuntimeException e) {
            writer.close();
            afterClose.run();
            throw new StorageException("cannot open reader connections: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> CompletableFuture<T> write(StoreOp<T> op) {
        return writer.submit(op);
    }

    @Override
    public <T> CompletableFuture<T> read(StoreOp<T> op) {
        return reads.submit(op);
    }

    /** Write transactions committed since starting: fewer than writes when group commit batches them. */
    public long commits() {
        return writer.commits();
    }

    /** Batches redone to take their list locks in id order (several writers on one database). */
    public long redos() {
        return writer.redos();
    }

    /** Batches redone with a savepoint per op, because one of their ops failed after changing rows. */
    public long savepointRedos() {
        return writer.savepointRedos();
    }

    /** Batches redone looking every idempotency key up (a held-back create's key existed). For tests. */
    public long keyCheckRedos() {
        return writer.keyCheckRedos();
    }

    /**
     * Creates committed that the writer held back and sent together, and the statements that sent them
     * (PostgreSQL; zeros on SQLite).
     */
    public long[] heldBackSent() {
        return writer.heldBackSent();
    }

    @Override
    public void observeWrites(WriteObserver observer) {
        writer.observe(observer);
    }

    /** Stops taking work, finishes queued reads, commits queued writes, closes. Blocks; idempotent. */
    @Override
    public void close() {
        // Both stop taking work at once; then queued reads finish and queued writes commit.
        writer.shutdown();
        reads.shutdown();
        reads.close();
        writer.close();
        if (closed.compareAndSet(false, true)) {
            afterClose.run();
        }
    }
}
