package todo.loop;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import todo.error.ApiException;
import todo.error.ErrorCode;

/**
 * Runs password hashing off the loop and off the database writer, on its own small pool, and completes the
 * result on the loop. The queue is bounded so a login flood is refused instead of piling up.
 */
public final class Crypto implements AutoCloseable {
    public static final int MAX_QUEUED = 256;

    private final ThreadPoolExecutor pool;
    private final Executor loop;

    public Crypto(int threads, Executor loop) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
                    Thread t = new Thread(r, "todo-crypto-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = loop;
    }

    /**
     * Runs {@code work} on the pool; the future completes on the loop. Callable from the loop. Verbs reach it through
     * {@link FairHashing}, which shares it between callers.
     */
    public <T> CompletableFuture<T> run(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    T v = work.get();
                    loop.execute(() -> f.complete(v));
                } catch (RuntimeException e) {
                    loop.execute(() -> f.completeExceptionally(e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new ApiException(ErrorCode.RATE_LIMITED, "server busy: try again shortly"));
        }
        return f;
    }

    /** Threads of the pool: how many jobs run at once. */
    public int threads() {
        return pool.getCorePoolSize();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
