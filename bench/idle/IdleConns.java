import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections for bench/idle-alloc.sh: registers --users users, opens --conns WebSocket connections (each
 * signs in with auth and subscribes to its user's first list, as Load.java's connections scenario does), prints
 * "READY" and then holds them for --hold seconds on one thread, answering the server's pings with pongs and
 * reading (and dropping) anything else. Prints "CLOSED n" for connections the server closed meanwhile. JDK only:
 * {@code java bench/idle/IdleConns.java --ws ws://127.0.0.1:PORT/ --conns 3000 --hold 40}.
 */
public final class IdleConns {
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern LIST_ID = Pattern.compile("\"lists\":\\[\\{\"id\":(\\d+)");

    public static void main(String[] args) throws Exception {
        URI ws = URI.create(arg(args, "--ws", "ws://127.0.0.1:8081/"));
        int conns = Integer.parseInt(arg(args, "--conns", "3000"));
        int users = Integer.parseInt(arg(args, "--users", "10"));
        int hold = Integer.parseInt(arg(args, "--hold", "40"));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        String[] tokens = new String[users];
        long[] lists = new long[users];
        for (int u = 0; u < users; u++) {
            try (SocketChannel c = open(ws)) {
                String reg = request(c, "{\"type\":\"register\",\"id\":1,\"username\":\"idle" + run + "_" + u
                        + "\",\"password\":\"password-idle-" + u + "\"}", "\"re\":1");
                tokens[u] = find(TOKEN, reg);
                lists[u] = Long.parseLong(find(LIST_ID, request(c, "{\"type\":\"lists\",\"id\":2}", "\"re\":2")));
            }
        }
        List<SocketChannel> open = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < conns; i++) {
            int u = i % users;
            SocketChannel c = open(ws);
            send(c, "{\"type\":\"auth\",\"id\":1,\"token\":\"" + tokens[u] + "\"}");
            request(c, "{\"type\":\"subscribe\",\"id\":2,\"list\":" + lists[u] + "}", "\"re\":2");
            open.add(c);
        }
        System.out.println(String.format("READY %d connections in %.1f s", open.size(), (System.nanoTime() - t0) / 1e9));
        System.out.flush();

        Selector sel = Selector.open();
        for (SocketChannel c : open) {
            c.configureBlocking(false);
            c.register(sel, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
        }
        int closed = 0;
        long end = System.nanoTime() + hold * 1_000_000_000L;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            sel.select(Math.max(1, left / 1_000_000));
            for (SelectionKey k : sel.selectedKeys()) {
                SocketChannel c = (SocketChannel) k.channel();
                ByteBuffer in = (ByteBuffer) k.attachment();
                if (c.read(in) < 0 || !drain(c, in)) {
                    k.cancel();
                    c.close();
                    closed++;
                }
            }
            sel.selectedKeys().clear();
        }
        System.out.println("CLOSED " + closed);
        for (SocketChannel c : open) {
            c.close();
        }
    }

    /** Handles the whole frames in {@code in}: pong for ping, false for close; keeps a partial frame. */
    private static boolean drain(SocketChannel c, ByteBuffer in) throws IOException {
        in.flip();
        try {
            while (in.remaining() >= 2) {
                in.mark();
                int op = in.get() & 0x0f;
                long len = in.get() & 0x7f;
                if (len == 126) {
                    if (in.remaining() < 2) { in.reset(); break; }
                    len = in.getShort() & 0xffff;
                } else if (len == 127) {
                    if (in.remaining() < 8) { in.reset(); break; }
                    len = in.getLong();
                }
                if (len > in.capacity() - 14) {
                    throw new IOException("frame of " + len + " bytes: more than an idle client expects");
                }
                if (in.remaining() < len) { in.reset(); break; }
                byte[] payload = new byte[(int) len];
                in.get(payload);
                if (op == 8) {
                    return false;
                }
                if (op == 9) {
                    frame(c, 0xA, payload);
                }
            }
            return true;
        } finally {
            in.compact();
        }
    }

    private static SocketChannel open(URI ws) throws IOException {
        SocketChannel c = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
        c.socket().setTcpNoDelay(true);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String head = "GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + java.util.Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder got = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!got.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (c.read(one) < 0) throw new IOException("closed during the handshake: " + got);
            got.append((char) one.get(0));
        }
        if (!got.toString().startsWith("HTTP/1.1 101")) throw new IOException("handshake refused: " + got);
        return c;
    }

    /** Sends {@code text} and reads text frames (blocking) until one contains {@code until}; returns that one. */
    private static String request(SocketChannel c, String text, String until) throws IOException {
        send(c, text);
        while (true) {
            String f = readText(c);
            if (f.contains(until)) return f;
        }
    }

    private static String readText(SocketChannel c) throws IOException {
        ByteBuffer h = readFully(c, 2);
        int op = h.get(0) & 0x0f;
        long len = h.get(1) & 0x7f;
        if (len == 126) len = readFully(c, 2).getShort() & 0xffff;
        else if (len == 127) len = readFully(c, 8).getLong();
        String s = new String(readFully(c, (int) len).array(), StandardCharsets.UTF_8);
        if (op == 8) throw new IOException("closed by the server: " + s);
        return s;
    }

    private static ByteBuffer readFully(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) throw new IOException("connection closed");
        }
        return b.flip();
    }

    private static void send(SocketChannel c, String text) throws IOException {
        frame(c, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked client frame (payloads under 64 KiB). */
    private static void frame(SocketChannel c, int op, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(payload.length + 8);
        b.put((byte) (0x80 | op));
        if (payload.length < 126) {
            b.put((byte) (0x80 | payload.length));
        } else {
            b.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < payload.length; i++) b.put((byte) (payload[i] ^ mask[i & 3]));
        b.flip();
        while (b.hasRemaining()) c.write(b);
    }

    private static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) throw new IllegalStateException(p + " not in " + s);
        return m.group(1);
    }

    private static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return dflt;
    }
}
