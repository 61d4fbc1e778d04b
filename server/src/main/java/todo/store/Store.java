package todo.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one door from the protocol handlers to storage. Operations run off the event loop; their futures are
 * completed <em>on the completion executor given at construction</em> (the event loop), so callbacks attached
 * with plain {@code whenComplete} run on the loop thread.
 *
 * <p>Writes run on a single writer thread with group commit: whatever is queued is run in one transaction, each
 * op inside its own savepoint, and committed once; only then is each future completed, in queue order. A future
 * completing normally therefore means the op is durable. Write futures complete in submission order.
 *
 * <p>An op that throws {@link todo.error.ApiException} has its own changes rolled back and its future completed
 * exceptionally with that exception; any other exception completes it exceptionally too (the caller maps it to
 * {@code internal}). If the commit itself fails, every op of the batch fails.
 */
public interface Store extends AutoCloseable {

    /** Runs {@code op} in the writer's group-commit transaction. Callable from any thread. */
    <T> CompletableFuture<T> write(StoreOp<T> op);

    /**
     * Runs {@code op} on a read-only connection; it sees every write whose future has completed.
     * It may not see writes still queued: a caller that needs those routes the read through {@link #write}.
     */
    <T> CompletableFuture<T> read(StoreOp<T> op);

    /**
     * Write transactions committed so far, or -1 when this store does not count them. Callable from any thread.
     * A count that moves shows a writer making progress even while a given write still waits in its queue.
     */
    default long commits() {
        return -1;
    }

    /** Told of each committed write transaction, on the writer thread (metrics). */
    interface WriteObserver {
        /** A transaction of {@code ops} writes committed; it took {@code transactionNanos}, its COMMIT {@code commitNanos}. */
        void committed(int ops, long transactionNanos, long commitNanos);

        /** Where that batch's futures are completed: {@code completions} itself, or a wrapper that runs on it. */
        default Executor completions(Executor completions, long committedNanos) {
            return completions;
        }
    }

    /** Reports every write transaction committed from now on to {@code observer}. Any thread; once, at start. */
    default void observeWrites(WriteObserver observer) {
    }

    /** Stops taking work, runs and commits every queued write, then closes the database. Blocks; idempotent. */
    @Override
    void close();
}
