package todo.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;

/**
 * One queued {@link StoreOp} with its future. {@link #run} is called on a storage thread and only records the
 * outcome; the future is completed later, through the completion executor, once the outcome is final
 * (for a write: after the commit).
 */
final class Job<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final StoreOp<T> op;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable error;

    /** @param op null only for a queue's stop marker */
    Job(StoreOp<T> op) {
        this.op = op;
    }

    CompletableFuture<T> future() {
        return future;
    }

    /** Runs the op, remembering its result or what it threw. Answers whether it succeeded. */
    boolean run(Repo repo) {
        try {
            result = op.apply(repo);
            error = null;
            return true;
        } catch (ApiException | ListLocks.RetryBatch e) { // answers and redos, not failures: nothing to log
            error = e;
        } catch (Throwable e) { // a storage thread must survive any op; the caller gets the failure
            LOG.error("store operation failed", e);
            error = e;
        }
        return false;
    }

    /** What the last {@link #run} threw; null after a success. */
    Throwable error() {
        return error;
    }

    /** Completes the future with what {@link #run} recorded. */
    void complete(Executor completions) {
        if (error != null) {
            fail(completions, error);
        } else {
            T value = result;
            deliver(completions, () -> future.complete(value));
        }
    }

    void fail(Executor completions, Throwable e) {
        deliver(completions, () -> future.completeExceptionally(e));
    }

    private void deliver(Executor completions, Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            // The loop is gone (shutting down); completing here beats leaving a caller waiting forever.
            LOG.warn("completion executor rejected a store result; completing on the storage thread", e);
            completion.run();
        }
    }
}
