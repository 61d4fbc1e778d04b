import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One raw TCP exchange with a deadline, for HTTP requests and handshakes the WebSocket client would not send: writes
 * the request while reading, and returns the head of the answer. Blocks the calling thread, at most timeoutMs.
 */
final class Raw {
    private Raw() {}

    /** What came back. status: the first line, or "timeout", "refused", "closed", "reset", "error: …". */
    record Answer(String status, String head, String body, long written, long elapsedNanos) {
        int code() {
            String[] f = status.split(" ");
            return f.length > 1 && f[0].startsWith("HTTP/") && f[1].matches("\\d{3}") ? Integer.parseInt(f[1]) : -1;
        }
    }

    static final InetAddress LOOPBACK = addr(1);

    /** 127.0.0.n. */
    static InetAddress addr(int n) {
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) n});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    static String handshake(String path, String host, String origin) {
        return "GET " + path + " HTTP/1.1\r\n" + handshakeHeaders(host, origin);
    }

    /** The header lines of a WebSocket handshake and the blank line that ends them. */
    static String handshakeHeaders(String host, String origin) {
        return "Host: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    static Answer exchange(InetAddress from, int port, String request, long timeoutMs) {
        return exchange(from, port, ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)), timeoutMs);
    }

    /** Sends request (all of it, if the server keeps reading) and reads until the answer is complete or the deadline. */
    static Answer exchange(InetAddress from, int port, ByteBuffer request, long timeoutMs) {
        long t0 = System.nanoTime(), deadline = t0 + timeoutMs * 1_000_000L;
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        long written = 0;
        try (SocketChannel ch = SocketChannel.open(); Selector sel = Selector.open()) {
            ch.configureBlocking(false);
            if (from != null) ch.bind(new InetSocketAddress(from, 0));
            boolean connected = ch.connect(new InetSocketAddress(LOOPBACK, port));
            SelectionKey key = ch.register(sel, connected ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return answer(in.size() == 0 ? "timeout" : null, in, written, t0);
                sel.select(left);
                for (SelectionKey k : sel.selectedKeys()) {
                    if (k.isConnectable()) {
                        try {
                            ch.finishConnect();
                        } catch (IOException e) {
                            return answer(e.getMessage() != null && e.getMessage().contains("refused") ? "refused" : "error: " + e.getMessage(), in, written, t0);
                        }
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        continue;
                    }
                    if (k.isWritable()) {
                        written += ch.write(request);
                        if (!request.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
                    }
                    if (k.isReadable()) {
                        buf.clear();
                        int r = ch.read(buf);
                        if (r < 0) return answer(in.size() == 0 ? "closed" : null, in, written, t0);
                        in.write(buf.array(), 0, r);
                        if (complete(in.toString(StandardCharsets.ISO_8859_1))) return answer(null, in, written, t0);
                    }
                }
                sel.selectedKeys().clear();
            }
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return answer(in.size() > 0 ? null : m.contains("reset") ? "reset" : m.contains("Broken pipe") ? "closed while sending"
                    : "error: " + m, in, written, t0);
        }
    }

    /** A 101 head, or a head with its Content-Length body, or a head without a body length (read until close). */
    private static boolean complete(String s) {
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) return false;
        if (s.startsWith("HTTP/1.1 101")) return true;
        for (String line : s.substring(0, end).split("\r\n"))
            if (line.toLowerCase().startsWith("content-length:"))
                return s.length() - end - 4 >= Long.parseLong(line.substring(15).trim());
        return false;
    }

    private static Answer answer(String status, ByteArrayOutputStream in, long written, long t0) {
        String s = in.toString(StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        String head = end < 0 ? s : s.substring(0, end);
        String body = end < 0 ? "" : s.substring(end + 4);
        String st = status != null ? status : s.isEmpty() ? "closed" : head.lines().findFirst().orElse("");
        return new Answer(st, head, body, written, System.nanoTime() - t0);
    }
}
