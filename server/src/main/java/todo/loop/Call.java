package todo.loop;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import todo.protocol.Request;
import todo.store.Store;
import todo.store.StoreOp;

/**
 * One request in flight: the session it came from, its parameters, and the ways to reach storage that keep
 * per-connection order. Loop thread only. The user id and name are fixed when the request starts.
 */
final class Call {
    final Session session;
    final Request req;
    final long userId;
    final String username;
    private final Hub hub;

    Call(Hub hub, Session session, Request req) {
        this.hub = hub;
        this.session = session;
        this.req = req;
        this.userId = session.userId;
        this.username = session.username;
    }

    Store store() {
        return hub.store;
    }

    Hub hub() {
        return hub;
    }

    /** A write, through the single writer (so in order with this connection's other writes). */
    <T> CompletableFuture<T> write(StoreOp<T> op) {
        session.writesInFlight++;
        CompletableFuture<T> f = hub.store.write(op);
        f.whenComplete((v, e) -> session.writesInFlight--);
        return f;
    }

    /**
     * A read. It goes to the read pool unless this connection has writes in flight: then it queues behind them
     * on the writer, so that it sees them.
     */
    <T> CompletableFuture<T> read(StoreOp<T> op) {
        return session.writesInFlight > 0 ? write(op) : hub.store.read(op);
    }

    /** Slow, CPU-bound work (password hashing) off the loop; completes on the loop. */
    <T> CompletableFuture<T> crypto(Supplier<T> work) {
        return hub.crypto.run(work);
    }
}
