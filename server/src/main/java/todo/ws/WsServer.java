package todo.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Dispatcher;
import todo.loop.EventLoop;
import todo.metrics.Metrics;
import todo.net.Admission;
import todo.net.HostNames;
import todo.net.NetConfig;
import todo.net.ThrottledLog;
import todo.protocol.Decoder;

/**
 * Accepts connections and decodes frames (WebSocket and JSON), nothing else: every callback hands its event to the
 * loop thread. Connections are admitted under the connection caps, and handshakes bounded in size and time, by
 * {@link HandshakeGuard}; accepting survives running out of file descriptors ({@link AcceptGate}).
 * Callbacks run on the library's selector thread, which also decodes frames ({@link SelectorDecoding}), and must
 * never block it; the guard's sweeps and the listener watchdog run on {@value #GUARD_THREAD}.
 */
public final class WsServer extends WebSocketServer {
    /** Larger messages (one frame, or fragments adding up) are refused with 1009 before they are buffered. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** The one path the WebSocket is served at; handshakes for any other get 404. */
    public static final String PATH = "/";
    static final String GUARD_THREAD = "todo-ws-guard";
    /** How often overdue handshakes are looked for, and the listener checked. */
    static final long SWEEP_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(WsServer.class);

    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final OriginPolicy origins;
    private final Metrics metrics;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final WriteRearm rearm = new WriteRearm(this);
    /** The loop's: peers send on the loop thread only. */
    private final SharedFrames frames = new SharedFrames();
    /** The loop's: the connections holding events of the loop's current burst, written when it ends. */
    private final HeldFrames heldFrames;
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private final ScheduledExecutorService guardTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, GUARD_THREAD);
        t.setDaemon(true);
        return t;
    });
    private final HandshakeGuard guard;
    private final AcceptGate gate = new AcceptGate(guardTimer);
    private final SendBudget sendBudget;
    private final SelectorDecoding decoding;
    private final ThrottledLog refusedHandshake = new ThrottledLog(log, "refused WebSocket handshake");
    private volatile boolean stopping;
    /** Connections pinged per loop task (see {@link #keepAlive}). */
    static final int KEEP_ALIVE_SLICE = 256;

    /**
     * @param pingIntervalSeconds seconds between pings; a peer silent for 1.5 intervals is closed at the next
     *                            check (on the loop: {@link WsPeer#keepAlive}), so within two intervals
     * @param admission           the connection caps, shared with the HTTP listener
     */
    public WsServer(InetSocketAddress address, EventLoop loop, Dispatcher dispatcher, List<String> allowOrigins,
                    IntSupplier httpPort, int pingIntervalSeconds, NetConfig net, HostNames hosts,
                    Admission admission, Metrics metrics) {
        // One worker: it stays idle unless SelectorDecoding is unavailable (then it decodes, as the library does).
        super(address, 1, List.<Draft>of(new LimitedDraft(MAX_MESSAGE_BYTES)));
        this.decoding = new SelectorDecoding(this);
        this.loop = loop;
        this.heldFrames = new HeldFrames(loop);
        loop.onTaskEnd(heldFrames);
        this.metrics = metrics;
        this.sendBudget = new SendBudget(Runtime.getRuntime().maxMemory(), metrics);
        this.dispatcher = dispatcher;
        this.origins = new OriginPolicy(allowOrigins, httpPort, hosts);
        this.guard = new HandshakeGuard(admission, net.maxHandshakeBytes(), net.handshakeTimeoutSeconds());
        setWebSocketFactory(guard);
        setTcpNoDelay(true);
        setReuseAddr(true);
        setMaxPendingConnections(NetConfig.LISTEN_BACKLOG);
        // Keep-alive runs on the loop (WsPeer.keepAlive), not on the library's timer: every frame of a connection is
        // then written by one thread. Same rule as the library's: a peer silent for 1.5 intervals is dropped.
        setConnectionLostTimeout(0);
        if (pingIntervalSeconds > 0) {
            long silence = (long) (TimeUnit.SECONDS.toNanos(pingIntervalSeconds) * 1.5);
            guardTimer.scheduleWithFixedDelay(() -> keepAlive(silence), pingIntervalSeconds, pingIntervalSeconds,
                TimeUnit.SECONDS);
        }
        guardTimer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Completes, with the reason, if the listener stops accepting for good other than by {@link #stop}: the process
     * should then exit so that a supervisor restarts it.
     */
    public CompletableFuture<String> failed() {
        return failed;
    }

    private void sweep() {
        try {
            guard.sweep();
            sendBudget.sweep(rearm.busy()); // not getConnections(): a copy of every connection, 4 times a second
            if (!stopping && gate.listenerClosed()) {
                fail("the WebSocket listening socket was closed");
            }
        } catch (RuntimeException e) {
            log.error("WebSocket guard sweep failed", e);
        }
    }

    /**
     * Guard timer: hands one keep-alive round to the loop, in slices of {@link #KEEP_ALIVE_SLICE} connections, so
     * that requests queued meanwhile are served between them (a round over 10,000 connections is 10,000 writes).
     */
    private void keepAlive(long silenceNanos) {
        List<WebSocket> conns = List.copyOf(getConnections());
        for (int from = 0; from < conns.size(); from += KEEP_ALIVE_SLICE) {
            List<WebSocket> slice = conns.subList(from, Math.min(conns.size(), from + KEEP_ALIVE_SLICE));
            try {
                loop.execute(() -> {
                    long now = System.nanoTime();
                    for (WebSocket conn : slice) {
                        WsPeer peer = conn.getAttachment();
                        if (peer != null) {
                            peer.keepAlive(now, silenceNanos);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("loop stopped; no keep-alive round");
                return;
            }
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        WsPeer peer = conn.getAttachment();
        if (peer != null) {
            peer.ponged();
        }
    }

    private void fail(String why) {
        if (failed.complete(why)) {
            log.error("WebSocket listener failed: {}", why);
        }
    }

    /** Selector thread: what it read is decoded right here (see {@link SelectorDecoding}). */
    @Override
    protected void queue(WebSocketImpl ws) throws InterruptedException {
        if (decoding.available()) {
            decoding.decode(ws);
        } else {
            super.queue(ws);
        }
    }

    @Override
    protected boolean onConnect(SelectionKey key) {
        return gate.mayAccept(key);
    }

    /** Completes when the listener is bound, or exceptionally when binding failed. */
    public CompletableFuture<Void> started() {
        return started;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                      ClientHandshake request) throws InvalidDataException {
        if (conn instanceof WebSocketImpl impl && !guard.decide(impl)) {
            throw new InvalidDataException(CloseFrame.NEVER_CONNECTED, "handshake timed out");
        }
        String path = pathOf(request.getResourceDescriptor());
        if (!PATH.equals(path)) {
            refusedHandshake.warn("no WebSocket at " + abbreviate(request.getResourceDescriptor()) + " (from "
                    + conn.getRemoteSocketAddress() + ")");
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no WebSocket at this path");
        }
        String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
        if (!origins.allows(origin, request.hasFieldValue("Host") ? request.getFieldValue("Host") : null)) {
            refusedHandshake.warn("origin " + abbreviate(origin) + " not allowed (from " + conn.getRemoteSocketAddress() + ")");
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "origin not allowed");
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    /** The path of a request target, or null when it is not a path ("*", an absolute URL, garbage). */
    private static String pathOf(String target) {
        if (target == null || !target.startsWith("/")) {
            return null;
        }
        try {
            return new URI(target).getPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "-" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        WsPeer peer = new WsPeer(conn, this, frames, heldFrames, rearm, guardTimer, metrics);
        conn.setAttachment(peer);
        metrics.connectionOpened();
        loop.execute(() -> dispatcher.opened(peer));
    }

    /** JSON is parsed here, on the decoding thread (the decoder is stateless), to keep it off the loop. */
    @Override
    public void onMessage(WebSocket conn, String message) {
        long arrived = System.nanoTime();
        WsPeer peer = conn.getAttachment();
        Decoder.Decoded decoded = Decoder.decode(message);
        loop.execute(() -> dispatcher.message(peer, decoded, arrived));
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        WsPeer peer = conn.getAttachment();
        loop.execute(() -> dispatcher.binary(peer));
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        WsPeer peer = conn.getAttachment();
        if (peer != null) {
            metrics.connectionClosed();
            loop.execute(() -> dispatcher.closed(peer, code, reason));
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            log.error("WebSocket server error", ex);
            if (!started.completeExceptionally(ex) && !stopping) {
                fail("the WebSocket server stopped: " + ex);
            }
        } else {
            log.warn("connection {} error: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    /** Stops the listener and every connection, then the write re-arming. Blocks up to {@code timeout} ms. */
    @Override
    public void stop(int timeout, String closeMessage) throws InterruptedException {
        stopping = true;
        try {
            super.stop(timeout, closeMessage);
        } finally {
            rearm.close();
            guardTimer.shutdownNow();
        }
    }

    @Override
    public void onStart() {
        started.complete(null);
    }
}
