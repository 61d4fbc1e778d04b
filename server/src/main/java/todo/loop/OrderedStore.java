package todo.loop;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import todo.store.Store;
import todo.store.StoreOp;
import todo.verbs.Storage;

/**
 * One connection's way to storage, keeping its requests in the order sent: a read sees the writes sent before it
 * (it queues behind them on the writer) and none sent after it (a write waits for the pool reads sent before
 * it). Requests of different connections still run concurrently. Loop thread only.
 */
public final class OrderedStore implements Storage {
    private final Store store;
    /** Writes submitted and not yet completed: reads must then queue behind them on the writer. */
    private int writesInFlight;
    /** Reads running on the read pool: writes sent after them must wait, so that those reads do not see them. */
    private int poolReadsInFlight;
    /** Writes (and reads queued behind them) that arrived while pool reads were running; submitted in order. */
    private final ArrayDeque<Runnable> afterPoolReads = new ArrayDeque<>();

    public OrderedStore(Store store) {
        this.store = store;
    }

    /**
     * A write, through the single writer (so in order with this connection's other writes). While this
     * connection has reads running on the read pool, the write is handed to the writer only once they are done:
     * a read must not see a write that was sent after it.
     */
    @Override
    public <T> CompletableFuture<T> write(StoreOp<T> op) {
        writesInFlight++;
        CompletableFuture<T> f;
        if (poolReadsInFlight == 0) {
            f = store.write(op);
        } else {
            CompletableFuture<T> deferred = new CompletableFuture<>();
            afterPoolReads.add(() -> submit(op, deferred));
            f = deferred;
        }
        f.whenComplete((v, e) -> writesInFlight--);
        return f;
    }

    private <T> void submit(StoreOp<T> op, CompletableFuture<T> into) {
        try {
            store.write(op).whenComplete((v, e) -> {
                if (e != null) into.completeExceptionally(e);
                else into.complete(v);
            });
        } catch (RuntimeException e) {
            into.completeExceptionally(e);
        }
    }

    /**
     * A read. It goes to the read pool unless this connection has writes in flight: then it queues behind them
     * on the writer, so that it sees them.
     */
    @Override
    public <T> CompletableFuture<T> read(StoreOp<T> op) {
        if (writesInFlight > 0) {
            return write(op);
        }
        poolReadsInFlight++;
        CompletableFuture<T> f = store.read(op);
        f.whenComplete((v, e) -> {
            if (--poolReadsInFlight == 0) {
                while (!afterPoolReads.isEmpty()) {
                    afterPoolReads.poll().run();
                }
            }
        });
        return f;
    }
}
