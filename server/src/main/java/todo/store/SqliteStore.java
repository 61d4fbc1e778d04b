package todo.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link Store} on one SQLite file: the JDBC machinery (a {@link Writer} thread with group commit and a
 * {@link ReadPool}) with the {@link SqliteDialect}.
 * Every future is completed by handing the completion to the executor given to {@link #open}.
 */
public final class SqliteStore implements Store {

    /**
     * Knobs.
     *
     * @param synchronousFull {@code synchronous=FULL} (fsync at every commit) when true, else {@code NORMAL}
     *                        (a power loss may drop the last commits; never corrupts)
     * @param readThreads     reader threads and connections, at least 1
     * @param clock           stamps task deletions, whose age decides when they are forgotten
     */
    public record Options(boolean synchronousFull, int readThreads, Clock clock) {
        public static final int DEFAULT_READ_THREADS = 2;

        public Options {
            if (readThreads < 1) {
                throw new IllegalArgumentException("readThreads must be at least 1");
            }
            Objects.requireNonNull(clock, "clock");
        }

        public static Options defaults() {
            return new Options(true, DEFAULT_READ_THREADS, Clock.systemUTC());
        }
    }

    private final JdbcStore store;

    private SqliteStore(JdbcStore store) {
        this.store = store;
    }

    /** {@link #open(Path, Executor, Options)} with {@link Options#defaults()}. */
    public static SqliteStore open(Path dbFile, Executor completions) {
        return open(dbFile, completions, Options.defaults());
    }

    /**
     * Opens (creating if needed) the database file, migrates it to the current schema and starts the threads.
     * Blocks; call before serving.
     *
     * @param completions where every future is completed, in the order the store finishes them (the event loop)
     * @throws IllegalStateException when the file holds a schema newer than this code knows
     * @throws StorageException      when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path dbFile, Executor completions, Options options) {
        Objects.requireNonNull(completions, "completions");
        Path file = dbFile.toAbsolutePath();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the directory of " + file, e);
        }
        Dialect dialect = new SqliteDialect(file, options.synchronousFull());
        Connection conn;
        try {
            conn = dialect.openWriter();
        } catch (SQLException e) {
            throw new StorageException("cannot open database " + file + ": " + e.getMessage(), e);
        }
        try {
            Migrations.migrate(conn, dialect);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(conn, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("cannot migrate database " + file + ": " + e.getMessage(), e);
        }
        return new SqliteStore(JdbcStore.start(dialect, conn, options.readThreads(), options.clock(), completions,
            () -> { }));
    }

    @Override
    public <T> CompletableFuture<T> write(StoreOp<T> op) {
        return store.write(op);
    }

    @Override
    public <T> CompletableFuture<T> read(StoreOp<T> op) {
        return store.read(op);
    }

    /** Write transactions committed since opening: fewer than writes when group commit batches them. */
    @Override
    public long commits() {
        return store.commits();
    }

    /** Batches redone with a savepoint per op, because one of their ops failed after changing rows. */
    public long savepointRedos() {
        return store.savepointRedos();
    }

    @Override
    public void observeWrites(WriteObserver observer) {
        store.observeWrites(observer);
    }

    @Override
    public void close() {
        store.close();
    }

    private static void closeAfterFailure(Connection conn, Exception failure) {
        try {
            conn.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
