import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A minimal RFC 6455 client on java.nio, adapted from ../shared/anchors/load/Load.java: one selector thread
 * ({@link Loop}) owns its connections and runs their callbacks and timers. Extended for the soak: source address,
 * extra handshake headers, raw and unmasked frames, pausing reads (slow readers), and a future for the close.
 */
final class Ws {
    private Ws() {}

    /** One selector thread; every Conn of this loop, and every timer, runs on it. */
    static final class Loop extends Thread {
        final Selector sel;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final ArrayList<Conn> dirty = new ArrayList<>();
        private final PriorityQueue<Timer> timers = new PriorityQueue<>();
        private long timerSeq;

        record Timer(long at, long seq, Runnable r) implements Comparable<Timer> {
            public int compareTo(Timer o) { return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq); }
        }

        Loop(String name) throws IOException {
            super(name);
            setDaemon(true);
            sel = Selector.open();
            start();
        }

        /** Runs r on this loop, soon. Any thread. */
        void exec(Runnable r) { tasks.add(r); if (Thread.currentThread() != this) sel.wakeup(); }

        /** Runs r on this loop after delayMs. Any thread. */
        void after(long delayMs, Runnable r) {
            long at = System.nanoTime() + delayMs * 1_000_000L;
            exec(() -> timers.add(new Timer(at, timerSeq++, r)));
        }

        @Override public void run() {
            while (true) {
                try {
                    long wait = 0;
                    Timer t = timers.peek();
                    if (t != null) wait = Math.max(1, (t.at - System.nanoTime()) / 1_000_000L);
                    sel.select(k -> {
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isConnectable()) c.connected();
                            else if (k.isReadable()) c.readable();
                            if (k.isValid() && k.isWritable()) c.flush();
                        } catch (IOException | RuntimeException e) { c.fail("io: " + e.getMessage()); }
                    }, wait);
                    for (Runnable r; (r = tasks.poll()) != null; ) safe(r);
                    long now = System.nanoTime();
                    while (!timers.isEmpty() && timers.peek().at <= now) safe(timers.poll().r);
                    for (int i = 0; i < dirty.size(); i++) {
                        Conn c = dirty.get(i);
                        try { c.flush(); } catch (IOException | RuntimeException e) { c.fail("io: " + e.getMessage()); }
                    }
                    dirty.clear();
                } catch (IOException | RuntimeException e) {
                    Soak.note("ws loop " + getName() + ": " + e);
                }
            }
        }

        private static void safe(Runnable r) {
            try { r.run(); } catch (RuntimeException e) { Soak.note("callback failed: " + e); }
        }
    }

    record Pending(long id, long sentNanos, CompletableFuture<String> f) {}

    /** One connection; all its state is confined to its Loop's thread, except the futures and counters. */
    static final class Conn {
        final Loop loop;
        final InetSocketAddress to;
        InetAddress from;                                  // source address (127.0.0.x), null = any
        String path = "/";
        final Map<String, String> headers = new LinkedHashMap<>();  // extra handshake headers; "Host" replaces ours
        int receiveBuffer;                                 // SO_RCVBUF before connect, 0 = default
        Consumer<String> onEvent = m -> {};
        Consumer<String> onStrayReply = m -> {};           // a reply when no request is pending (re: null)
        final CompletableFuture<Conn> opened = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();  // "close 1009", "eof", "handshake: …"
        volatile long bytesRead;
        volatile String handshakeStatus;                   // first line of the server's handshake answer
        private SocketChannel ch;
        private SelectionKey key;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private boolean upgraded, closing, queued, paused;
        private static final int START_BUFFER = 16 * 1024, BIG_BUFFER = 1 << 20;
        private byte[] rb = new byte[START_BUFFER];        // bytes read and not yet parsed: rb[0, rlen)
        private int rlen;
        private ByteArrayOutputStream frag;
        private long nextId;

        Conn(Loop loop, InetSocketAddress to) { this.loop = loop; this.to = to; }

        /** Connects and sends the handshake. Any thread. */
        Conn start() { loop.exec(this::open); return this; }

        private void open() {
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (receiveBuffer > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                if (from != null) ch.bind(new InetSocketAddress(from, 0));
                key = ch.register(loop.sel, SelectionKey.OP_CONNECT, this);
                if (ch.connect(to)) connected();
            } catch (IOException | RuntimeException e) { fail("connect: " + e.getMessage()); }
        }

        void connected() throws IOException {
            ch.finishConnect();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            StringBuilder h = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
            h.append("Host: ").append(headers.getOrDefault("Host", to.getHostString() + ":" + to.getPort())).append("\r\n");
            h.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ")
                    .append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
            headers.forEach((k, v) -> { if (!k.equals("Host")) h.append(k).append(": ").append(v).append("\r\n"); });
            queue(ByteBuffer.wrap(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)));
            key.interestOps(paused ? 0 : SelectionKey.OP_READ);
        }

        boolean isOpen() { return !closing && !closed.isDone(); }

        /** Sends a request; the future completes with the reply text, or exceptionally if the connection ends. */
        CompletableFuture<String> call(String type, String params) {
            CompletableFuture<String> f = new CompletableFuture<>();
            if (Thread.currentThread() == loop) send(type, params, f); else loop.exec(() -> send(type, params, f));
            return f;
        }

        private void send(String type, String params, CompletableFuture<String> f) {
            if (closing || closed.isDone()) { f.completeExceptionally(new IllegalStateException("closed")); return; }
            long id = ++nextId;
            pending.add(new Pending(id, System.nanoTime(), f));
            text("{\"type\":\"" + type + "\",\"id\":" + id + (params.isEmpty() ? "" : "," + params) + "}");
        }

        /** Sends a raw text message and expects one reply whatever its re (for frames the server cannot read). */
        CompletableFuture<String> rawCall(byte[] payload, int opcode) {
            CompletableFuture<String> f = new CompletableFuture<>();
            loop.exec(() -> {
                if (closing || closed.isDone()) { f.completeExceptionally(new IllegalStateException("closed")); return; }
                pending.add(new Pending(-1, System.nanoTime(), f));
                sendFrame(opcode, payload, true, true, 0);
            });
            return f;
        }

        void text(String json) { sendFrame(1, json.getBytes(StandardCharsets.UTF_8), true, true, 0); }

        /** Queues one frame. Loop thread. rsv = the three RSV bits (0 for a valid frame). */
        void sendFrame(int op, byte[] p, boolean fin, boolean masked, int rsv) {
            int n = p.length;
            ByteBuffer b = ByteBuffer.allocate(n + 14).put((byte) ((fin ? 0x80 : 0) | (rsv & 7) << 4 | op));
            int m = masked ? 0x80 : 0;
            if (n < 126) b.put((byte) (m | n));
            else if (n < 65536) b.put((byte) (m | 126)).putShort((short) n);
            else b.put((byte) (m | 127)).putLong(n);
            if (masked) {
                int mask = ThreadLocalRandom.current().nextInt();
                b.putInt(mask);
                for (int i = 0; i < n; i++) b.put((byte) (p[i] ^ (mask >>> (24 - 8 * (i & 3)))));
            } else {
                b.put(p);
            }
            queue(b.flip());
        }

        private void queue(ByteBuffer b) {
            out.add(b);
            if (!queued) { queued = true; loop.dirty.add(this); }
        }

        void flush() throws IOException {
            queued = false;
            if (ch == null || !ch.isOpen()) return;
            while (!out.isEmpty()) {
                ch.write(out.toArray(ByteBuffer[]::new));
                while (!out.isEmpty() && !out.peek().hasRemaining()) out.poll();
                if (!out.isEmpty()) { key.interestOps((paused ? 0 : SelectionKey.OP_READ) | SelectionKey.OP_WRITE); return; }
            }
            if (key.isValid()) key.interestOps(paused || !key.isValid() ? 0 : SelectionKey.OP_READ);
        }

        /** Stops (true) or resumes (false) reading: a paused connection lets the server's data pile up. Loop thread. */
        void pause(boolean p) {
            paused = p;
            if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) == 0)
                key.interestOps((p ? 0 : SelectionKey.OP_READ) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }

        /** Reads into this connection's own buffer (grown to fit a big frame once, not copied per read). */
        void readable() throws IOException {
            if (rlen == rb.length) rb = java.util.Arrays.copyOf(rb, rb.length * 2);
            int r = ch.read(ByteBuffer.wrap(rb, rlen, rb.length - rlen));
            if (r < 0) { fail(upgraded ? "eof" : "eof before handshake"); return; }
            bytesRead += r;
            rlen += r;
            int p = upgraded ? frames(rb, 0, rlen) : handshake(rb, rlen);
            if (p > 0) {
                System.arraycopy(rb, p, rb, 0, rlen - p);
                rlen -= p;
                if (rlen == 0 && rb.length > BIG_BUFFER) rb = new byte[START_BUFFER];
            }
        }

        private int handshake(byte[] b, int n) {
            for (int i = 3; i < n; i++)
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    String head = new String(b, 0, i, StandardCharsets.ISO_8859_1);
                    handshakeStatus = head.lines().findFirst().orElse("");
                    if (!head.startsWith("HTTP/1.1 101")) { fail("handshake: " + handshakeStatus); return n; }
                    upgraded = true;
                    opened.complete(this);
                    return frames(b, i + 1, n);
                }
            if (n > 65536) { fail("handshake: answer too long"); return n; }
            return 0;
        }

        private int frames(byte[] b, int p, int n) {
            while (n - p >= 2 && !closed.isDone()) {
                int b0 = b[p] & 0xff, b1 = b[p + 1] & 0x7f, h = 2;
                long len = b1;
                if (b1 == 126) { if (n - p < 4) break; len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff); h = 4; }
                else if (b1 == 127) { if (n - p < 10) break; len = ByteBuffer.wrap(b, p + 2, 8).getLong(); h = 10; }
                if (n - p < h + len) {
                    if (p == 0 && h + len > rb.length) rb = java.util.Arrays.copyOf(rb, (int) (h + len));  // room for it, once
                    break;
                }
                frame(b0, b, p + h, (int) len);
                p += h + (int) len;
            }
            return p;
        }

        private void frame(int b0, byte[] b, int off, int len) {
            switch (b0 & 0x0f) {
                case 0, 1 -> {
                    if ((b0 & 0x80) != 0 && frag == null) { message(new String(b, off, len, StandardCharsets.UTF_8)); return; }
                    if (frag == null) frag = new ByteArrayOutputStream();
                    frag.write(b, off, len);
                    if ((b0 & 0x80) != 0) { message(frag.toString(StandardCharsets.UTF_8)); frag = null; }
                }
                case 8 -> {
                    int code = len >= 2 ? ((b[off] & 0xff) << 8 | (b[off + 1] & 0xff)) : 1005;
                    if (!closing) sendFrame(8, new byte[]{(byte) (code >> 8), (byte) code}, true, true, 0);
                    fail("close " + code);
                }
                case 9 -> sendFrame(10, java.util.Arrays.copyOfRange(b, off, off + len), true, true, 0);
                default -> { }
            }
        }

        private void message(String m) {
            if (Json.top(m, "ok") == null) { onEvent.accept(m); return; }
            Pending p = pending.poll();
            if (p == null) { onStrayReply.accept(m); return; }
            p.f.complete(m);
        }

        /** Polite close (1000). Any thread. */
        void close() {
            loop.exec(() -> {
                if (closed.isDone() || closing) return;
                if (!upgraded) { fail("closed by us"); return; }
                sendFrame(8, new byte[]{0x03, (byte) 0xe8}, true, true, 0);
                closing = true;
                loop.after(2000, () -> fail("closed by us"));
            });
        }

        /** Ends the connection now (reset if nothing was read). Loop thread. */
        void fail(String why) {
            closing = true;
            try { if (ch != null) ch.close(); } catch (IOException e) { Soak.note("close: " + e); }
            closed.complete(why);
            opened.completeExceptionally(new IllegalStateException(why));
            for (Pending p; (p = pending.poll()) != null; ) p.f.completeExceptionally(new IllegalStateException(why));
            if (frag != null) frag = null;
        }
    }
}
