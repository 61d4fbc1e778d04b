package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread, with group commit: it takes whatever writes are queued (up to {@link #MAX_BATCH}), runs
 * them in one write transaction (the dialect's, e.g. SQLite's {@code BEGIN IMMEDIATE}), commits once, and only then
 * completes the futures, in queue order. One fsync thus covers a whole burst of writes, and a completed future
 * means a durable write. A failing op must undo only its own changes: most fail on a read, before they change
 * anything, so a batch first runs without savepoints; when an op fails after changing rows (or on a database
 * error, which ends a PostgreSQL transaction), the batch is rolled back and redone with each op inside its own
 * savepoint. Savepoints are not free: SQLite copies every page an op touches that the batch already changed into
 * a sub-journal, and PostgreSQL costs two more round trips per op (bench/README.md, "durable writes").
 * On PostgreSQL, creates are held back and sent together ({@link PendingCreates}); one whose idempotency key
 * exists already (a replay) makes the batch redo once with keys looked up first instead, no savepoints.
 * Where several writers share the database (PostgreSQL), an op locks the lists it changes through
 * {@link ListLocks}, in id order; a batch that could not is rolled back and redone with those lists locked first.
 * When the connection is lost, the batch fails ({@link Link#unavailable()}) and the next one opens a new connection.
 */
final class Writer implements AutoCloseable {
    static final String THREAD_NAME = "todo-writer";
    /** Most ops per transaction: bounds the latency one commit adds to the first op of a burst. */
    static final int MAX_BATCH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /** Attempts of one batch whose list locks could not be taken in order before it fails (see {@link ListLocks}). */
    static final int MAX_ATTEMPTS = 5;

    /** How an attempt at a batch ended; all but {@code COMMITTED} leave the transaction open to roll back. */
    private enum Attempt {
        COMMITTED,
        /** An op could not lock a list in id order: redo with every list the batch wanted locked first. */
        RELOCK,
        /** An op failed after changing rows, without a savepoint to undo only its own: redo with savepoints. */
        SAVEPOINTS,
        /**
         * A held-back create's idempotency key exists already (a replay): redo with every keyed create looking its
         * key up first, the other creates still held back. A replay costs its batch one more attempt, no savepoints.
         */
        CHECK_KEYS
    }

    private final Link link;
    private final String beginWrite; // null: the connection begins by itself
    private final Dialect dialect;
    private final Executor completions;
    private final JobQueue queue;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong redos = new AtomicLong();
    private final AtomicLong savepointRedos = new AtomicLong();
    private final AtomicLong keyCheckRedos = new AtomicLong();
    private final AtomicLong heldBackCreates = new AtomicLong();
    private final AtomicLong heldBackStatements = new AtomicLong();
    private boolean commitSent; // writer thread only: whether the current attempt got as far as COMMIT
    private long commitSentNanos; // writer thread only: when it did
    private volatile Store.WriteObserver observer = (ops, tx, commit) -> { };

    /** Takes ownership of the link's connection (migrated already); closes it when stopping. */
    private Writer(Link link, Dialect dialect, Executor completions) {
        this.link = link;
        this.beginWrite = dialect.beginWrite();
        this.dialect = dialect;
        this.completions = completions;
        this.queue = new JobQueue(completions);
        this.thread = new Thread(this::loop, THREAD_NAME);
    }

    /**
     * Starts the writer thread on {@code conn} (migrated already); when the database drops it, the writer opens a
     * new one from the dialect before its next batch.
     */
    static Writer start(Connection conn, Dialect dialect, Clock clock, Executor completions) {
        Writer writer = new Writer(new Link(dialect::openWriter, dialect, clock, conn), dialect, completions);
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

    /** Batches rolled back and redone because a list could not be locked in id order. For tests and benchmarks. */
    long redos() {
        return redos.get();
    }

    /** Batches redone with a savepoint per op (an op failed after changing rows). For tests and benchmarks. */
    long savepointRedos() {
        return savepointRedos.get();
    }

    /** Batches redone looking every key up, because a held-back create's key existed already. For tests. */
    long keyCheckRedos() {
        return keyCheckRedos.get();
    }

    /**
     * Creates committed that were held back and sent together ({@link PendingCreates}), and the statements that
     * sent them. For tests and benchmarks.
     */
    long[] heldBackSent() {
        return new long[] {heldBackCreates.get(), heldBackStatements.get()};
    }

    /** Reports every transaction committed from now on to {@code o}. Any thread. */
    void observe(Store.WriteObserver o) {
        observer = o;
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
        link.close();
    }

    private void runBatch(List<Job<?>> batch) {
        batches.incrementAndGet();
        long began = System.nanoTime();
        Connection conn;
        try {
            conn = link.connection();
        } catch (SQLException e) {
            LOG.error("cannot reach the database for {} writes: {}", batch.size(), e.getMessage());
            failAll(batch, Link.unavailable());
            return;
        }
        Repo repo = link.repo();
        SortedSet<Long> lockFirst = new TreeSet<>();
        boolean reconnected = false;
        boolean savepoints = false;
        boolean checkKeys = false;
        for (int attempt = 1; ; attempt++) {
            commitSent = false;
            Attempt outcome;
            try {
                outcome = attempt(conn, repo, batch, lockFirst, savepoints, checkKeys);
                if (outcome == Attempt.COMMITTED) {
                    break;
                }
            } catch (SQLException | RuntimeException e) {
                // The transaction is unusable (disk full, I/O error, connection lost): nothing of the batch is durable.
                if (link.lost()) {
                    if (!commitSent && !reconnected) {
                        // Nothing was committed. A connection that broke while idle (the database restarted
                        // since) only shows it now: redo the batch once on a new one.
                        LOG.warn("write connection lost ({}); redoing {} ops on a new one", e.getMessage(),
                            batch.size());
                        reconnected = true;
                        try {
                            conn = link.connection();
                            repo = link.repo();
                            continue;
                        } catch (SQLException again) {
                            e.addSuppressed(again);
                        }
                    }
                    // After COMMIT was sent, whether it took effect is unknown: a retry with a key finds out.
                    LOG.error("write transaction of {} ops failed, database unreachable: {}", batch.size(),
                        e.getMessage());
                    failAll(batch, Link.unavailable());
                    return;
                }
                LOG.error("write transaction of {} ops failed; rolling back", batch.size(), e);
                rollback(conn, e);
                failAll(batch, new StorageException("write transaction failed: " + e.getMessage(), e));
                return;
            }
            rollback(conn, null);
            if (outcome == Attempt.CHECK_KEYS) {
                checkKeys = true;
                keyCheckRedos.incrementAndGet();
                attempt--; // not a locking attempt
                continue;
            }
            if (outcome == Attempt.SAVEPOINTS && !savepoints) {
                savepoints = true;
                savepointRedos.incrementAndGet();
                attempt--; // not a locking attempt
                continue;
            }
            if (attempt == MAX_ATTEMPTS) {
                failAll(batch, new StorageException("write transaction gave up after " + attempt
                    + " attempts to lock its lists in order", null));
                return;
            }
            redos.incrementAndGet();
            lockFirst = repo.locks().wanted();
            LOG.debug("batch of {} ops redone with lists {} locked first", batch.size(), lockFirst);
        }
        commits.incrementAndGet();
        long[] sent = repo.heldBackSent();
        heldBackCreates.addAndGet(sent[0]);
        heldBackStatements.addAndGet(sent[1]);
        long committed = System.nanoTime();
        Store.WriteObserver o = observer;
        o.committed(batch.size(), committed - began, committed - commitSentNanos);
        Executor done = o.completions(completions, committed);
        for (Job<?> job : batch) {
            job.complete(done);
        }
    }

    /**
     * Runs the batch in one transaction, with each op in its own savepoint when {@code savepoints}, and commits.
     * Without savepoints, an op that fails after changing rows or on a database error ends the attempt
     * ({@link Attempt#SAVEPOINTS}); one that fails before changing anything leaves nothing to undo.
     */
    private Attempt attempt(Connection conn, Repo repo, List<Job<?>> batch, SortedSet<Long> lockFirst,
            boolean savepoints, boolean checkKeys) throws SQLException {
        if (beginWrite != null) {
            Statements.exec(conn, beginWrite);
        }
        repo.begin(lockFirst, !savepoints, checkKeys);
        for (Job<?> job : batch) {
            if (savepoints) {
                Statements.exec(conn, Sql.SAVEPOINT);
                repo.locks().opStarted();
            }
            long writesBefore = repo.writes();
            if (!job.run(repo)) {
                if (job.error() instanceof ListLocks.RetryBatch) {
                    return Attempt.RELOCK;
                }
                if (!savepoints) {
                    if (repo.writes() != writesBefore || job.error() instanceof StorageException) {
                        return redoFor(job.error(), checkKeys);
                    }
                    continue;
                }
                Statements.exec(conn, Sql.ROLLBACK_TO);
                repo.locks().opRolledBack();
            }
            if (savepoints) {
                Statements.exec(conn, Sql.RELEASE);
            }
        }
        try {
            repo.sendHeldBack();
        } catch (StorageException e) {
            if (savepoints) {
                throw e; // nothing is held back with savepoints: this is the database failing
            }
            // A held-back create was refused: which op's is unknown, so redo the batch looking keys up (a replayed
            // key) or with one savepoint each (anything else).
            LOG.debug("held-back creates refused ({}); redoing the batch", e.getMessage());
            return redoFor(e, checkKeys);
        }
        commitSent = true;
        commitSentNanos = System.nanoTime();
        Statements.exec(conn, Sql.COMMIT);
        return Attempt.COMMITTED;
    }

    /** How to redo a batch that {@code failure} ended: looking keys up, once, if it was a replayed key. */
    private Attempt redoFor(Throwable failure, boolean checkKeys) {
        if (!checkKeys && failure instanceof StorageException && failure.getCause() instanceof SQLException e
                && dialect.isKeyConflict(e)) {
            return Attempt.CHECK_KEYS;
        }
        return Attempt.SAVEPOINTS;
    }

    private static void rollback(Connection conn, Exception cause) {
        try {
            Statements.exec(conn, Sql.ROLLBACK);
        } catch (SQLException e) {
            // SQLite may already have rolled back by itself (it does for some I/O errors); a lost connection has
            // nothing left to roll back. Either way nothing of the batch is committed.
            LOG.warn("rollback of a write transaction failed (cause: {})",
                cause == null ? "redo" : cause.getMessage(), e);
        }
    }

    private void failAll(List<Job<?>> batch, Throwable e) {
        for (Job<?> job : batch) {
            job.fail(completions, e);
        }
    }
}
