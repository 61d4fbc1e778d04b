package todo.ws;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Dispatcher;
import todo.loop.EventLoop;
import todo.protocol.Decoder;

/**
 * Accepts connections and decodes frames (WebSocket and JSON), nothing else: every callback hands its event to the
 * loop thread.
 * Callbacks run on the library's selector and worker threads and must never block them.
 */
public final class WsServer extends WebSocketServer {
    /** Larger messages (one frame, or fragments adding up) are refused with 1009 before they are buffered. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(WsServer.class);

    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final OriginPolicy origins;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final WriteRearm rearm = new WriteRearm(this);

    /**
     * @param pingIntervalSeconds seconds between pings; a peer silent for 1.5 intervals is closed at the next
     *                            check (the library's connection-lost detection), so within two intervals
     */
    public WsServer(InetSocketAddress address, EventLoop loop, Dispatcher dispatcher, List<String> allowOrigins,
                    java.util.function.IntSupplier httpPort, int pingIntervalSeconds) {
        super(address, List.<Draft>of(new LimitedDraft(MAX_MESSAGE_BYTES)));
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.origins = new OriginPolicy(allowOrigins, httpPort);
        setTcpNoDelay(true);
        setReuseAddr(true);
        setConnectionLostTimeout(pingIntervalSeconds);
    }

    /** Completes when the listener is bound, or exceptionally when binding failed. */
    public CompletableFuture<Void> started() {
        return started;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                      ClientHandshake request) throws InvalidDataException {
        String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
        if (!origins.allows(origin, request.hasFieldValue("Host") ? request.getFieldValue("Host") : null)) {
            log.warn("refused handshake from {}: origin {} not allowed", conn.getRemoteSocketAddress(), origin);
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "origin not allowed");
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        WsPeer peer = new WsPeer(conn, rearm);
        conn.setAttachment(peer);
        loop.execute(() -> dispatcher.opened(peer));
    }

    /** JSON is parsed here, on the library's worker thread (the decoder is stateless), to keep it off the loop. */
    @Override
    public void onMessage(WebSocket conn, String message) {
        WsPeer peer = conn.getAttachment();
        Decoder.Decoded decoded = Decoder.decode(message);
        loop.execute(() -> dispatcher.message(peer, decoded));
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
            loop.execute(() -> dispatcher.closed(peer, code, reason));
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            log.error("WebSocket server error", ex);
            started.completeExceptionally(ex);
        } else {
            log.warn("connection {} error: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    /** Stops the listener and every connection, then the write re-arming. Blocks up to {@code timeout} ms. */
    @Override
    public void stop(int timeout, String closeMessage) throws InterruptedException {
        try {
            super.stop(timeout, closeMessage);
        } finally {
            rearm.close();
        }
    }

    @Override
    public void onStart() {
        started.complete(null);
    }
}
