import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many raw TCP sockets that never complete a request (idle connections, slowloris), on one selector driven by the
 * attack thread: counts connects, failures by reason, and when the server closed each one. Not thread-safe.
 */
final class SockSet implements AutoCloseable {
    static final long CONNECT_TIMEOUT_MS = 3000;

    /** One socket: which group ("ws", "http"…), when it was opened and connected, when the server closed it. */
    static final class Sock {
        final String group;
        final SocketChannel ch;
        final long openedAt;
        long connectedAt, closedAt;
        long received;
        Sock(String group, SocketChannel ch) { this.group = group; this.ch = ch; this.openedAt = System.nanoTime(); }
    }

    private final Selector sel;
    final List<Sock> socks = new ArrayList<>();
    final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();  // "ws connected", "http failed: refused"…
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);

    SockSet() throws IOException { sel = Selector.open(); }

    /** Starts a connect from `from` to 127.0.0.1:port. False if the local side cannot open more sockets. */
    boolean open(String group, InetAddress from, int port) {
        try {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(from, 0));
                Sock s = new Sock(group, ch);
                socks.add(s);
                SelectionKey k = ch.register(sel, SelectionKey.OP_CONNECT, s);
                if (ch.connect(new InetSocketAddress(Raw.LOOPBACK, port))) connected(s, k);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return true;
        } catch (IOException e) {
            Slice.count(outcomes, group + " not opened (local): " + e.getMessage());
            return false;
        }
    }

    private void connected(Sock s, SelectionKey k) {
        s.connectedAt = System.nanoTime();
        Slice.count(outcomes, s.group + " connected");
        k.interestOps(SelectionKey.OP_READ);
    }

    /** Handles connects, server data and closes for up to waitMs. */
    void poll(long waitMs) throws IOException {
        sel.select(k -> {
            Sock s = (Sock) k.attachment();
            try {
                if (k.isConnectable()) {
                    s.ch.finishConnect();
                    connected(s, k);
                } else if (k.isReadable()) {
                    scratch.clear();
                    int r = s.ch.read(scratch);
                    if (r < 0) gone(s, "closed by server");
                    else s.received += r;
                }
            } catch (IOException e) {
                gone(s, s.connectedAt == 0 ? "failed: " + reason(e) : "reset by server");
            }
        }, Math.max(1, waitMs));
        long now = System.nanoTime();
        for (Sock s : socks)
            if (s.connectedAt == 0 && s.closedAt == 0 && now - s.openedAt > CONNECT_TIMEOUT_MS * 1_000_000L) gone(s, "failed: connect timeout");
    }

    private void gone(Sock s, String why) {
        if (s.closedAt != 0) return;
        s.closedAt = System.nanoTime();
        Slice.count(outcomes, s.group + " " + why);
        try { s.ch.close(); } catch (IOException e) { Soak.note("close: " + e); }
    }

    static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("refused") ? "refused" : m.contains("reset") ? "reset" : m;
    }

    /** Sends bytes on every still-open connected socket of a group (slowloris trickle). */
    void sendAll(String groupPrefix, byte[] bytes) {
        for (Sock s : socks)
            if (s.group.startsWith(groupPrefix) && s.connectedAt != 0 && s.closedAt == 0) {
                try { s.ch.write(ByteBuffer.wrap(bytes)); } catch (IOException e) { gone(s, "reset by server"); }
            }
    }

    long open(String group) { return socks.stream().filter(s -> s.group.equals(group) && s.connectedAt != 0 && s.closedAt == 0).count(); }

    /** Median seconds from connect to server close, over the sockets of a group the server closed; null if none. */
    Double medianCloseSeconds(String group) {
        double[] d = socks.stream().filter(s -> s.group.equals(group) && s.connectedAt != 0 && s.closedAt != 0)
                .mapToDouble(s -> (s.closedAt - s.connectedAt) / 1e9).sorted().toArray();
        return d.length == 0 ? null : d[d.length / 2];
    }

    @Override public void close() {
        for (Sock s : socks) {
            try { s.ch.close(); } catch (IOException e) { Soak.note("close: " + e); }
        }
        try { sel.close(); } catch (IOException e) { Soak.note("close: " + e); }
    }
}
