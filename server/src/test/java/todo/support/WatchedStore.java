package todo.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;

/**
 * The real SQLite store, watched by a test: it counts the writes handed to it, and {@link #holdNextWrite} keeps
 * the next write from reaching the writer until {@link #release}. Thread-safe (the loop writes, the test watches).
 */
public final class WatchedStore implements Store {
    private final SqliteStore real;
    private final AtomicInteger writes = new AtomicInteger();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holdNext;
    private int releasedDone;

    public WatchedStore(SqliteStore real) {
        this.real = real;
    }

    /** Writes handed to this store so far, held ones included. */
    public int writes() {
        return writes.get();
    }

    public synchronized void holdNextWrite() {
        holdNext = true;
    }

    public synchronized int held() {
        return held.size();
    }

    /** Released writes that have completed (committed, or failed). */
    public synchronized int releasedDone() {
        return releasedDone;
    }

    /** Hands the held writes to the writer, in the order they were held. */
    public void release() {
        List<Runnable> go;
        synchronized (this) {
            go = new ArrayList<>(held);
            held.clear();
        }
        go.forEach(Runnable::run);
    }

    @Override
    public <T> CompletableFuture<T> write(StoreOp<T> op) {
        writes.incrementAndGet();
        synchronized (this) {
            if (holdNext) {
                holdNext = false;
                CompletableFuture<T> f = new CompletableFuture<>();
                held.add(() -> real.write(op).whenComplete((v, e) -> {
                    synchronized (this) {
                        releasedDone++;
                    }
                    if (e != null) f.completeExceptionally(e);
                    else f.complete(v);
                }));
                return f;
            }
        }
        return real.write(op);
    }

    @Override
    public <T> CompletableFuture<T> read(StoreOp<T> op) {
        return real.read(op);
    }

    @Override
    public long commits() {
        return real.commits();
    }

    @Override
    public void close() {
        release();
        real.close();
    }
}
