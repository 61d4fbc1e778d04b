package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread, with group commit: it takes whatever writes are queued (up to {@link #MAX_BATCH}), runs
 * them in one write transaction (the dialect's, e.g. SQLite's {@code BEGIN IMMEDIATE}), each inside its own
 * savepoint so a failing op undoes only its own changes, commits once, and only then completes the futures, in
 * queue order. One fsync thus covers a whole burst of writes, and a completed future means a durable write.
 */
final class Writer implements AutoCloseable {
    static final String THREAD_NAME = "todo-writer";
    /** Most ops per transaction: bounds the latency one commit adds to the first op of a burst. */
    static final int MAX_BATCH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final Connection conn;
    private final String beginWrite;
    private final Repo repo;
    private final Executor completions;
    private final JobQueue queue;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    /** Takes ownership of {@code conn} (migrated already) and {@code repo}; closes both when stopping. */
    private Writer(Connection conn, Dialect dialect, Repo repo, Executor completions) {
        this.conn = conn;
        this.beginWrite = dialect.beginWrite();
        this.repo = repo;
        this.completions = completions;
        this.queue = new JobQueue(completions);
        this.thread = new Thread(this::loop, THREAD_NAME);
    }

    static Writer start(Connection conn, Dialect dialect, Repo repo, Executor completions) {
        Writer writer = new Writer(conn, dialect, repo, completions);
        writer.thread.start();
        return writer;
    }

    /** Queues {@code op}; callable from any thread. After {@link #close} the future fails with IllegalStateException. */
    <T> CompletableFuture<T> submit(StoreOp<T> op) {
        return queue.submit(op);
    }

    /** Transactions attempted (each a batch of one or more ops). For tests and benchmarks. */
    long batches() {
        return batches.get();
    }

    /** Transactions committed. For tests and benchmarks. */
    long commits() {
        return commits.get();
    }

    /** Stops taking writes without waiting: what is queued still runs and commits. Idempotent. */
    void shutdown() {
        queue.close(1);
    }

    /**
     * Stops taking writes, runs and commits everything already queued, closes the connection. Blocks until done;
     * idempotent. Must not be called from inside an op (it would wait for itself).
     */
    @Override
    public void close() {
        shutdown();
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("close() called from the writer thread");
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // Queued writes must still be committed; keep waiting and restore the flag afterwards.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            batch.add(queue.take());
            queue.drainTo(batch, MAX_BATCH - 1);
            // STOP is always the last job ever queued, so it can only be at the end of a batch.
            if (batch.get(batch.size() - 1) == JobQueue.STOP) {
                batch.remove(batch.size() - 1);
                stopping = true;
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
            batch.clear();
        }
        repo.close();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.error("closing the writer connection failed", e);
        }
    }

    private void runBatch(List<Job<?>> batch) {
        batches.incrementAndGet();
        try {
            Statements.exec(conn, beginWrite);
        } catch (SQLException e) {
            LOG.error("could not begin a write transaction for {} ops", batch.size(), e);
            // In case a transaction was somehow left open: without this every later batch would fail too.
            rollback(e);
            failAll(batch, new StorageException("could not begin a write transaction", e));
            return;
        }
        try {
            for (Job<?> job : batch) {
                Statements.exec(conn, Sql.SAVEPOINT);
                if (!job.run(repo)) {
                    Statements.exec(conn, Sql.ROLLBACK_TO);
                }
                Statements.exec(conn, Sql.RELEASE);
            }
            Statements.exec(conn, Sql.COMMIT);
        } catch (SQLException | RuntimeException e) {
            // The transaction is unusable (e.g. disk full or I/O error): nothing of the batch is durable.
            LOG.error("write transaction of {} ops failed; rolling back", batch.size(), e);
            rollback(e);
            failAll(batch, new StorageException("write transaction failed: " + e.getMessage(), e));
            return;
        }
        commits.incrementAndGet();
        for (Job<?> job : batch) {
            job.complete(completions);
        }
    }

    private void rollback(Exception cause) {
        try {
            Statements.exec(conn, Sql.ROLLBACK);
        } catch (SQLException e) {
            // SQLite may already have rolled back by itself (it does for some I/O errors); that is fine.
            LOG.warn("rollback after a failed write transaction failed (cause: {})", cause.getMessage(), e);
        }
    }

    private void failAll(List<Job<?>> batch, Throwable e) {
        for (Job<?> job : batch) {
            job.fail(completions, e);
        }
    }
}
