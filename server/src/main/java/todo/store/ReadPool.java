package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;

/**
 * A fixed set of reader threads ({@code todo-read-N}), each with its own read-only connection from the dialect (in
 * SQLite's WAL mode they read beside the writer). Each op runs in its own (deferred) transaction, so an op of
 * several queries sees one consistent state: at least every write committed before the op started. A reader whose
 * connection was lost fails its op ({@link Link#unavailable()}) and opens a new connection for the next one.
 */
final class ReadPool implements AutoCloseable {
    static final String THREAD_PREFIX = "todo-read-";

    private static final Logger LOG = LoggerFactory.getLogger(ReadPool.class);

    private final String beginRead;
    private final Executor completions;
    private final JobQueue queue;
    private final List<Thread> threads = new ArrayList<>();

    private ReadPool(String beginRead, Executor completions) {
        this.beginRead = beginRead;
        this.completions = completions;
        this.queue = new JobQueue(completions);
    }

    /** Opens {@code size} reader connections (the writer must have opened and migrated the file) and starts. */
    static ReadPool start(Dialect dialect, int size, Clock clock, Executor completions) throws SQLException {
        ReadPool pool = new ReadPool(dialect.beginRead(), completions);
        List<Connection> conns = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                conns.add(dialect.openReader());
            }
        } catch (SQLException | RuntimeException e) {
            for (Connection c : conns) {
                closeQuietly(c);
            }
            throw e;
        }
        for (int i = 0; i < size; i++) {
            Link link = new Link(dialect::openReader, dialect, clock, conns.get(i));
            Thread t = new Thread(() -> pool.loop(link), THREAD_PREFIX + (i + 1));
            pool.threads.add(t);
            t.start();
        }
        return pool;
    }

    /** Queues {@code op}; callable from any thread. After {@link #close} the future fails with IllegalStateException. */
    <T> CompletableFuture<T> submit(StoreOp<T> op) {
        return queue.submit(op);
    }

    /** Stops taking reads without waiting: what is queued still runs. Idempotent. */
    void shutdown() {
        queue.close(threads.size());
    }

    /** Stops taking reads, finishes the queued ones, closes the connections. Blocks; idempotent. */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    // Closing must finish (connections left open would keep the WAL around); wait on.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(Link link) {
        for (Job<?> job = queue.take(); job != JobQueue.STOP; job = queue.take()) {
            runOne(link, job);
        }
        link.close();
    }

    /**
     * Runs the op; when its connection turns out to be lost, runs it once more on a new one: a pooled connection
     * that broke while idle (the database restarted since) only shows it at its next use, and a read can be redone.
     */
    private void runOne(Link link, Job<?> job) {
        if (runOnce(link, job) && runOnce(link, job)) {
            job.fail(completions, Link.unavailable());
        }
    }

    /** Runs the op and completes its future, unless the connection was lost: then answers true and completes nothing. */
    private boolean runOnce(Link link, Job<?> job) {
        Connection conn;
        try {
            conn = link.connection();
        } catch (SQLException e) {
            LOG.error("cannot reach the database for a read: {}", e.getMessage());
            job.fail(completions, Link.unavailable());
            return false;
        }
        boolean ok;
        try {
            Statements.exec(conn, beginRead);
            ok = job.run(link.repo());
            Statements.exec(conn, ok ? Sql.COMMIT : Sql.ROLLBACK);
        } catch (SQLException e) {
            if (link.lost()) {
                LOG.warn("read failed, database connection lost: {}", e.getMessage());
                return true;
            }
            LOG.error("read transaction failed", e);
            try {
                Statements.exec(conn, Sql.ROLLBACK);
            } catch (SQLException rollback) {
                // Usually "no transaction is active": BEGIN itself failed. Nothing is left to undo.
                e.addSuppressed(rollback);
            }
            job.fail(completions, new StorageException("read transaction failed: " + e.getMessage(), e));
            return false;
        }
        if (!ok && !(job.error() instanceof ApiException) && link.lost()) {
            // The op failed because the connection went away mid-query.
            return true;
        }
        job.complete(completions);
        return false;
    }

    private static void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.error("closing a reader connection failed", e);
        }
    }
}
