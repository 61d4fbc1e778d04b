package todo.ws;

import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Peer;

/** A Java-WebSocket connection seen as a {@link Peer}. Sends never block: the library queues them. */
final class WsPeer implements Peer {
    private static final Logger log = LoggerFactory.getLogger(WsPeer.class);

    private final WebSocket conn;
    private final WriteRearm rearm;
    private final String remote;

    WsPeer(WebSocket conn, WriteRearm rearm) {
        this.conn = conn;
        this.rearm = rearm;
        this.remote = String.valueOf(conn.getRemoteSocketAddress());
    }

    @Override
    public void send(String text) {
        try {
            conn.send(text);
            rearm.sent(conn);
        } catch (WebsocketNotConnectedException e) {
            log.debug("send to {} after close dropped", remote);
        }
    }

    @Override
    public void close(int code, String reason) {
        conn.close(code, reason);
        rearm.sent(conn); // the close frame is queued like any other
    }

    @Override
    public long unsentBytes() {
        if (!(conn instanceof WebSocketImpl impl)) {
            return 0;
        }
        long n = 0;
        for (ByteBuffer b : impl.outQueue) {
            n += b.remaining();
        }
        return n;
    }

    @Override
    public String describe() {
        return remote;
    }

    @Override
    public java.net.InetAddress remoteAddress() {
        java.net.InetSocketAddress a = conn.getRemoteSocketAddress();
        return a == null ? null : a.getAddress();
    }
}
