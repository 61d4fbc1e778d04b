package todo.loop;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.protocol.Decoder;
import todo.protocol.Request;
import todo.protocol.Wire;
import todo.store.Store;
import todo.verbs.Result;
import todo.verbs.Verb;
import todo.verbs.Verbs;

/**
 * Where the WebSocket transport hands in its events, and where each request becomes a verb run: the rate limit,
 * the verb table's checks, the queue behind an exclusive verb, the reply in its slot, then the verb's effects
 * (through {@link FanOut}), and the drain at shutdown. Every method runs on the loop thread; the transport calls
 * {@link #opened}, {@link #message}, {@link #binary} and {@link #closed} through {@link EventLoop#execute}.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Store store;
    private final Verbs verbs;
    private final FanOut fanOut;
    private final int maxRate;
    private final Map<Peer, Lane> lanes = new HashMap<>();
    private long serials;
    private int inFlight;
    private boolean draining;
    private Runnable onIdle;

    /** One connection as dispatch sees it: its session, its rate limit and the exclusive-verb queue. */
    private static final class Lane {
        final Session session;
        final RateLimiter limiter;
        /** Requests that arrived while an exclusive verb was running; they run after it, in order. */
        final ArrayDeque<Runnable> waitingForExclusive = new ArrayDeque<>();
        /** True while an exclusive verb (register, login, profile.update, ...: see {@link Verb}) runs. */
        boolean exclusiveRunning;

        Lane(Session session, RateLimiter limiter) {
            this.session = session;
            this.limiter = limiter;
        }
    }

    /**
     * @param loop    the event loop this runs on; presence announcements are deferred to the end of a turn on it
     * @param maxRate requests per second per connection, 0 for no limit
     */
    public Dispatcher(Executor loop, Store store, Verbs verbs, int maxRate) {
        this.store = store;
        this.verbs = verbs;
        this.fanOut = new FanOut(loop);
        this.maxRate = maxRate;
    }

    // ---- transport events ----------------------------------------------------------------------------------

    public void opened(Peer peer) {
        if (draining) {
            peer.close(CloseCodes.GOING_AWAY, "server shutting down");
            return;
        }
        Session s = new Session(++serials, peer, new OrderedStore(store));
        lanes.put(peer, new Lane(s, new RateLimiter(maxRate, System.nanoTime())));
        fanOut.opened(s);
        log.info("open {}", s);
    }

    /** A decoded text frame (decoding is stateless, so the transport does it on its own threads). */
    public void message(Peer peer, Decoder.Decoded d) {
        Lane lane = lanes.get(peer);
        if (lane == null || lane.session.closed() || draining) {
            return;
        }
        Session s = lane.session;
        Session.Slot slot = s.reserve();
        if (!lane.limiter.tryAcquire(System.nanoTime())) {
            s.answer(slot, Wire.error(d.re(), new ApiException(ErrorCode.RATE_LIMITED,
                    "too many requests: at most " + maxRate + " per second")));
        } else if (d.error() != null) {
            s.answer(slot, Wire.error(d.re(), d.error()));
        } else if (lane.exclusiveRunning) {
            lane.waitingForExclusive.add(() -> run(lane, slot, d.request()));
        } else {
            run(lane, slot, d.request());
        }
    }

    /** Binary frames are not part of the protocol; they still get their one reply. */
    public void binary(Peer peer) {
        Lane lane = lanes.get(peer);
        if (lane != null && !lane.session.closed() && !draining) {
            lane.session.answer(lane.session.reserve(),
                    Wire.error(null, ApiException.badRequest("binary frames are not supported: send JSON text")));
        }
    }

    public void closed(Peer peer, int code, String reason) {
        Lane lane = lanes.remove(peer);
        if (lane == null) {
            return;
        }
        Session s = lane.session;
        log.info("close {} code={} reason={}", s, code, reason == null || reason.isEmpty() ? "-" : reason);
        s.markClosed();
        lane.waitingForExclusive.clear();
        fanOut.closed(s);
    }

    /**
     * Stops taking requests and connections, for shutdown. Requests already running complete; {@code idle} runs
     * (on the loop) once the last of them has been answered, or at once when none is running.
     */
    public void drain(Runnable idle) {
        draining = true;
        if (inFlight == 0) {
            idle.run();
        } else {
            onIdle = idle;
        }
    }

    public int sessionCount() {
        return fanOut.size();
    }

    // ---- one request ---------------------------------------------------------------------------------------

    private void run(Lane lane, Session.Slot slot, Request req) {
        Session s = lane.session;
        Verb v;
        CompletableFuture<Result> f;
        try {
            v = verbs.resolve(req, s);
            f = v.handler().handle(req, s);
        } catch (RuntimeException e) {
            s.answer(slot, Wire.error(req.requestId(), toApi(e, req)));
            return;
        }
        inFlight++;
        if (v.exclusive()) {
            lane.exclusiveRunning = true;
        }
        f.whenComplete((result, err) -> finish(lane, slot, req, v, result, err));
    }

    /** Answers in the request's slot, then applies its effects: the reply precedes the events it caused. */
    private void finish(Lane lane, Session.Slot slot, Request req, Verb v, Result result, Throwable err) {
        inFlight--;
        Session s = lane.session;
        if (err != null) {
            s.answer(slot, Wire.error(req.requestId(), toApi(err, req)));
        } else {
            Result.PreEncoded pre = result.preEncoded();
            s.answer(slot, pre == null
                    ? Wire.ok(req.requestId(), result.body())
                    : Wire.ok(req.requestId(), result.body(), pre.field(), pre.json()));
            fanOut.apply(s, result.effects());
        }
        if (v.exclusive()) {
            lane.exclusiveRunning = false;
            while (!lane.exclusiveRunning && !lane.waitingForExclusive.isEmpty()) {
                lane.waitingForExclusive.poll().run();
            }
        }
        if (inFlight == 0 && onIdle != null) {
            Runnable idle = onIdle;
            onIdle = null;
            idle.run();
        }
    }

    private static ApiException toApi(Throwable err, Request req) {
        Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (e instanceof ApiException api) {
            return api;
        }
        log.error("internal error in {}", req.type(), e);
        return new ApiException(ErrorCode.INTERNAL, "internal error: the request was not completed");
    }
}
