package todo.store;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in front of a storage thread (the writer, or the readers): any thread submits; once closed, nothing more
 * is accepted and each consumer finds one {@link #STOP} behind everything queued before, so queued work still runs.
 */
final class JobQueue {
    /** Queued once per consumer on close, after all real jobs. */
    static final Job<?> STOP = new Job<>(null);

    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final Executor completions;
    private boolean closed; // guarded by lock; set together with queueing STOP, so nothing is queued after STOP

    JobQueue(Executor completions) {
        this.completions = completions;
    }

    /** Queues {@code op}; callable from any thread. After {@link #close} the future fails with IllegalStateException. */
    <T> CompletableFuture<T> submit(StoreOp<T> op) {
        Job<T> job = new Job<>(op);
        synchronized (lock) {
            if (!closed) {
                queue.add(job);
                return job.future();
            }
        }
        job.fail(completions, new IllegalStateException("store is closed"));
        return job.future();
    }

    /** Stops taking jobs and queues one STOP for each of {@code consumers}. Idempotent. */
    void close(int consumers) {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                for (int i = 0; i < consumers; i++) {
                    queue.add(STOP);
                }
            }
        }
    }

    /**
     * The next job, waiting for one. Interrupts are ignored: only {@link #close} may stop a storage thread, since
     * queued writes must still commit and connections must still close.
     */
    Job<?> take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                LOG.warn("storage thread interrupted; ignoring (only close() stops it)", e);
            }
        }
    }

    /** Moves up to {@code max} already-queued jobs into {@code into} without waiting. */
    void drainTo(List<Job<?>> into, int max) {
        queue.drainTo(into, max);
    }
}
