package todo.loop;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.metrics.Metrics;
import todo.protocol.Decoder;
import todo.protocol.Request;
import todo.protocol.Wire;
import todo.store.Store;
import todo.verbs.Result;
import todo.verbs.Verb;
import todo.verbs.Verbs;
import todo.verbs.Identity;

/**
 * Where the WebSocket transport hands in its events, and where each request becomes a verb run: the rate limit,
 * the verb table's checks, the queue behind an exclusive verb, the reply in its slot, then the verb's effects
 * (through {@link FanOut}), and the drain at shutdown. Every method runs on the loop thread; the transport calls
 * {@link #opened}, {@link #message}, {@link #binary} and {@link #closed} through {@link EventLoop#execute}; a
 * front door whose callers are single requests (HTTP) calls {@link #serve} and {@link #call} the same way.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Store store;
    private final Verbs verbs;
    private final FanOut fanOut;
    private final Metrics metrics;
    private final int maxRate;
    /** Past this many per-request rate limiters, those at rest (bucket full) are forgotten. */
    static final int MAX_REQUEST_LIMITERS = 4096;

    private final Map<Peer, Lane> lanes = new HashMap<>();
    /** Rate limits of callers that are single requests, by token (or client address without one). */
    private final Map<String, RateLimiter> requestLimits = new HashMap<>();
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
     * @param editingTimeoutMillis how long an editing mark lasts without a repeat ({@link
     *                todo.verbs.Limits#editingTimeoutMillis()})
     */
    public Dispatcher(Executor loop, Store store, Verbs verbs, int maxRate, long editingTimeoutMillis,
            Metrics metrics) {
        this.store = store;
        this.verbs = verbs;
        this.metrics = metrics;
        this.fanOut = new FanOut(loop, editingTimeoutMillis);
        this.maxRate = maxRate;
    }

    // ---- transport events ----------------------------------------------------------------------------------

    public void opened(Peer peer) {
        if (draining) {
            peer.close(CloseCodes.GOING_AWAY, "server shutting down");
            return;
        }
        Session s = new Session(++serials, peer, new OrderedStore(store), metrics);
        lanes.put(peer, new Lane(s, new RateLimiter(maxRate, System.nanoTime())));
        fanOut.opened(s);
        log.info("open {}", s);
    }

    /** A decoded text frame (decoding is stateless, so the transport does it on its own threads). */
    public void message(Peer peer, Decoder.Decoded d) {
        message(peer, d, System.nanoTime());
    }

    /** As {@link #message(Peer, Decoder.Decoded)}; {@code arrivedNanos} is when the transport had the frame. */
    public void message(Peer peer, Decoder.Decoded d, long arrivedNanos) {
        Lane lane = lanes.get(peer);
        if (lane == null || lane.session.closed() || draining) {
            return;
        }
        Session s = lane.session;
        Session.Slot slot = s.reserve();
        if (!lane.limiter.tryAcquire(System.nanoTime())) {
            s.answer(slot, Wire.error(d.re(), rateLimited()));
            metrics.replied(Metrics.WS, d.request() == null ? null : d.request().type(), ErrorCode.RATE_LIMITED, arrivedNanos);
        } else if (d.error() != null) {
            s.answer(slot, Wire.error(d.re(), d.error()));
            metrics.replied(Metrics.WS, null, d.error().code(), arrivedNanos);
        } else if (lane.exclusiveRunning) {
            lane.waitingForExclusive.add(() -> run(lane, slot, d.request(), arrivedNanos));
        } else {
            run(lane, slot, d.request(), arrivedNanos);
        }
    }

    /** Binary frames are not part of the protocol; they still get their one reply. */
    public void binary(Peer peer) {
        Lane lane = lanes.get(peer);
        if (lane != null && !lane.session.closed() && !draining) {
            lane.session.answer(lane.session.reserve(),
                    Wire.error(null, ApiException.badRequest("binary frames are not supported: send JSON text")));
            metrics.replied(Metrics.WS, null, ErrorCode.BAD_REQUEST, System.nanoTime());
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

    // ---- callers that are single requests (HTTP) ------------------------------------------------------------

    /**
     * Runs {@code work} for one request that is not a live connection (an HTTP call). Refused with
     * {@code unavailable} while draining and with {@code rate_limited} past the per-connection rate, counted per
     * {@code rateKey}. A non-null {@code token} is looked up as {@code auth} does (on the read pool, every time,
     * so a revoked token fails at once: {@code unauthenticated}); the work then runs as its user, or as nobody
     * without a token. The request is in flight until the work completes, so a drain waits for its answer.
     * Loop thread; the future completes on the loop.
     *
     * @param rateKey what the rate limit counts by: the token, or the client's address when there is none
     * @param remote  the client's address
     */
    public <T> CompletableFuture<T> serve(String token, String rateKey, InetSocketAddress remote,
                                          Function<RequestCaller, CompletableFuture<T>> work) {
        if (draining) {
            return CompletableFuture.failedFuture(
                    new ApiException(ErrorCode.UNAVAILABLE, "server shutting down: try again shortly"));
        }
        if (!requestLimiter(rateKey).tryAcquire(System.nanoTime())) {
            return CompletableFuture.failedFuture(rateLimited());
        }
        OrderedStore storage = new OrderedStore(store);
        inFlight++;
        CompletableFuture<T> f;
        try {
            CompletableFuture<Identity> who = token == null
                    ? CompletableFuture.completedFuture(null) : verbs.identify(token, storage);
            f = who.thenCompose(id -> work.apply(new RequestCaller(id, storage, remote,
                    effects -> fanOut.apply(null, effects))));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, err) -> {
            inFlight--;
            ended();
        });
    }

    /**
     * Runs one verb for a caller made by {@link #serve}: the verb table's checks, the verb, then its effects
     * (applied as for a connection, with none of them about "this connection"). The future completes on the loop
     * with the verb's result, or fails with the {@link ApiException} that answers it. Loop thread.
     */
    public CompletableFuture<Result> call(RequestCaller caller, Request req) {
        long started = System.nanoTime();
        CompletableFuture<Result> f;
        try {
            f = verbs.resolve(req, caller).handler().handle(req, caller);
        } catch (RuntimeException e) {
            ApiException api = toApi(e, req);
            metrics.replied(Metrics.HTTP, req.type(), api.code(), started);
            return CompletableFuture.failedFuture(api);
        }
        return f.handle((result, err) -> {
            ApiException api = err == null ? null : toApi(err, req);
            metrics.replied(Metrics.HTTP, req.type(), api == null ? null : api.code(), started);
            if (api != null) {
                throw api;
            }
            fanOut.apply(null, result.effects());
            return result;
        });
    }

    private RateLimiter requestLimiter(String key) {
        long now = System.nanoTime();
        if (requestLimits.size() >= MAX_REQUEST_LIMITERS) {
            requestLimits.values().removeIf(l -> l.atRest(now));
        }
        return requestLimits.computeIfAbsent(key, k -> new RateLimiter(maxRate, now));
    }

    private ApiException rateLimited() {
        return new ApiException(ErrorCode.RATE_LIMITED, "too many requests: at most " + maxRate + " per second");
    }

    public int sessionCount() {
        return fanOut.size();
    }

    // ---- one request ---------------------------------------------------------------------------------------

    private void run(Lane lane, Session.Slot slot, Request req, long arrivedNanos) {
        Session s = lane.session;
        Verb v;
        CompletableFuture<Result> f;
        try {
            v = verbs.resolve(req, s);
            f = v.handler().handle(req, s);
        } catch (RuntimeException e) {
            ApiException api = toApi(e, req);
            s.answer(slot, Wire.error(req.requestId(), api));
            metrics.replied(Metrics.WS, req.type(), api.code(), arrivedNanos);
            return;
        }
        inFlight++;
        if (v.exclusive()) {
            lane.exclusiveRunning = true;
        }
        f.whenComplete((result, err) -> finish(lane, slot, req, v, result, err, arrivedNanos));
    }

    /** Answers in the request's slot, then applies its effects: the reply precedes the events it caused. */
    private void finish(Lane lane, Session.Slot slot, Request req, Verb v, Result result, Throwable err,
                        long arrivedNanos) {
        inFlight--;
        Session s = lane.session;
        if (err != null) {
            ApiException api = toApi(err, req);
            s.answer(slot, Wire.error(req.requestId(), api));
            metrics.replied(Metrics.WS, req.type(), api.code(), arrivedNanos);
        } else {
            Result.PreEncoded pre = result.preEncoded();
            s.answer(slot, pre == null
                    ? Wire.ok(req.requestId(), result.body())
                    : Wire.ok(req.requestId(), result.body(), pre.field(), pre.json()));
            metrics.replied(Metrics.WS, req.type(), null, arrivedNanos);
            fanOut.apply(s, result.effects());
        }
        if (v.exclusive()) {
            lane.exclusiveRunning = false;
            while (!lane.exclusiveRunning && !lane.waitingForExclusive.isEmpty()) {
                lane.waitingForExclusive.poll().run();
            }
        }
        ended();
    }

    /** A request has been answered; the last one of a drain lets shutdown go on. */
    private void ended() {
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
