package todo.verbs;

import java.util.concurrent.CompletableFuture;
import todo.store.StoreOp;

/**
 * Storage as one caller sees it: its reads and writes take effect in the order the caller sent them (a read sees
 * the caller's earlier writes and none of its later ones). Called on the loop thread; futures complete on it.
 */
public interface Storage {
    /** A write, in order with this caller's other requests; completes once committed. */
    <T> CompletableFuture<T> write(StoreOp<T> op);

    /** A read, in order with this caller's other requests. */
    <T> CompletableFuture<T> read(StoreOp<T> op);
}
