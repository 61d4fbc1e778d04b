package todo.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.net.Admission;
import todo.net.ThrottledLog;

/**
 * Admits each accepted socket under the connection caps and wraps it in a {@link GuardedChannel}; closes those whose
 * handshake has not been decided within the timeout. The library calls {@link #wrapChannel} on its selector thread;
 * {@link #sweep} runs on the guard's timer thread. A refusal throws from {@code wrapChannel}, which the library
 * handles by closing that one socket (never the listener).
 */
final class HandshakeGuard implements WebSocketServerFactory {
    private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);

    private final Admission admission;
    private final int maxHeadBytes;
    private final long timeoutNanos;
    private final Set<GuardedChannel> pending = ConcurrentHashMap.newKeySet();
    private final ThrottledLog refused = new ThrottledLog(log, "refused WebSocket connection");
    private final ThrottledLog expired = new ThrottledLog(log, "closed WebSocket connection without a handshake");

    HandshakeGuard(Admission admission, int maxHeadBytes, int timeoutSeconds) {
        this.admission = admission;
        this.maxHeadBytes = maxHeadBytes;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
        return new WebSocketImpl(a, d);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> d) {
        return new WebSocketImpl(a, d);
    }

    @Override
    public void close() {
        pending.clear();
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        Admission.Decision d = admission.admit(remote.getAddress());
        if (d.ticket() == null) {
            refused.warn(d.refusal().message + " (" + remote.getAddress().getHostAddress() + "; at most "
                    + admission.maxPerAddress() + " per address, " + admission.maxTotal() + " in all)");
            d.refusal().sendAndClose(channel);
            throw new IOException("refused: " + d.refusal());
        }
        GuardedChannel g = new GuardedChannel(channel, (WebSocketImpl) key.attachment(), d.ticket(), maxHeadBytes);
        pending.add(g);
        return g;
    }

    /**
     * Claims the handshake of {@code conn} for the library's decision. False when it timed out meanwhile (the
     * connection is being closed). Called on a decoder thread from the handshake callback.
     */
    boolean decide(WebSocketImpl conn) {
        if (!(conn.getChannel() instanceof GuardedChannel g)) {
            return true;
        }
        pending.remove(g);
        return g.decide();
    }

    /** Closes every connection whose handshake is overdue, and forgets those decided or closed. Timer thread. */
    void sweep() {
        long now = System.nanoTime();
        for (GuardedChannel g : pending) {
            if (!g.pending() || !g.isOpen()) {
                pending.remove(g);
            } else if (now - g.acceptedNanos > timeoutNanos) {
                pending.remove(g);
                if (g.expire()) {
                    expired.warn("handshake not completed within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                            + " s, from " + g.conn.getRemoteSocketAddress());
                }
            }
        }
    }
}
