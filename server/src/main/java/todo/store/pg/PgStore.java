package todo.store.pg;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import todo.store.JdbcStore;
import todo.store.StorageException;
import todo.store.Store;

/**
 * Opens the {@link Store} on PostgreSQL: migrates the schema ({@link PgMigrations}), then runs the store's one writer thread
 * with group commit on its own connection and the readers on a HikariCP pool ({@link PgDialect}). While
 * PostgreSQL is down, every op fails with "database unavailable" (nothing of it applied); once it is back, the
 * next op reconnects. Futures complete on the executor given to {@link #open}.
 */
public final class PgStore {
    /** Reader threads, and pooled connections (the writer has one more of its own). */
    public static final int DEFAULT_READ_THREADS = 2;

    private PgStore() {}

    /** {@link #open(PgUrl, Executor, int, Clock)} with the defaults. */
    public static JdbcStore open(String address, Executor completions) {
        return open(PgUrl.parse(address), completions, DEFAULT_READ_THREADS, Clock.systemUTC());
    }

    /**
     * Connects, migrates and starts the threads. Blocks; call before serving. Closing the store closes the pool.
     *
     * @throws StorageException      when PostgreSQL cannot be reached or migrated (the message names the
     *                               database without its password)
     * @throws IllegalStateException when the database holds a schema newer than this code knows
     */
    public static JdbcStore open(PgUrl url, Executor completions, int readThreads, Clock clock) {
        Objects.requireNonNull(completions, "completions");
        Connection writer;
        try {
            writer = PgDialect.connectWriter(url);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
        String taskIdSequence;
        try {
            PgMigrations.migrate(writer);
            taskIdSequence = PgDialect.taskIdSequence(writer);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(writer, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("cannot migrate " + url + ": " + e.getMessage(), e);
        }
        HikariDataSource readers;
        try {
            readers = PgDialect.readPool(url, readThreads);
        } catch (RuntimeException e) {
            closeAfterFailure(writer, e);
            throw new StorageException("cannot open the read pool on " + url + ": " + e.getMessage(), e);
        }
        return JdbcStore.start(new PgDialect(url, readers, taskIdSequence), writer, readThreads, clock, completions, readers::close);
    }

    private static void closeAfterFailure(Connection conn, Exception failure) {
        try {
            conn.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
