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

    /**
     * A write, through the single writer (so in order with this connection's other writes). While this
     * connection has reads running on the read pool, the write is handed to the writer only once they are done:
     * a read must not see a write that was sent after it.
     */
    <T> CompletableFuture<T> write(StoreOp<T> op) {
        session.writesInFlight++;
        CompletableFuture<T> f;
        if (session.poolReadsInFlight == 0) {
            f = hub.store.write(op);
        } else {
            CompletableFuture<T> deferred = new CompletableFuture<>();
            session.afterPoolReads.add(() -> submit(op, deferred));
            f = deferred;
        }
        f.whenComplete((v, e) -> session.writesInFlight--);
        return f;
    }

    private <T> void submit(StoreOp<T> op, CompletableFuture<T> into) {
        try {
            hub.store.write(op).whenComplete((v, e) -> {
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
    <T> CompletableFuture<T> read(StoreOp<T> op) {
        if (session.writesInFlight > 0) {
            return write(op);
        }
        session.poolReadsInFlight++;
        CompletableFuture<T> f = hub.store.read(op);
        f.whenComplete((v, e) -> {
            if (--session.poolReadsInFlight == 0) {
                while (!session.afterPoolReads.isEmpty()) {
                    session.afterPoolReads.poll().run();
                }
            }
        });
        return f;
    }

    /**
     * Slow, CPU-bound work (password hashing) off the loop, in this connection's and address's fair share;
     * completes on the loop.
     */
    <T> CompletableFuture<T> crypto(Supplier<T> work) {
        return hub.hashing.run(session, work);
    }
}
