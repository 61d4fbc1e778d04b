package todo.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.net.Admission;
import todo.net.NetConfig;
import todo.net.Refusal;
import todo.net.ThrottledLog;

/**
 * The HTTP port's network side: accepts under the connection caps, reads each request (head and body) without
 * blocking and within its size and time limits, and only then hands it to a small bounded pool of handler threads.
 * A slow or silent client therefore holds a socket and a few KiB, never a handler thread. One I/O thread
 * ({@value #IO_THREAD}) owns the selector and every connection's state; handlers ({@code todo-http-N}) see only the
 * finished request and return a response, which goes back to the I/O thread to be written.
 */
final class HttpListener implements AutoCloseable {
    static final String IO_THREAD = "todo-http-io";
    /** Handler threads, and requests that may wait for one; beyond that a request gets 503 at once. */
    static final int THREADS = 4;
    static final int QUEUE = 64;
    static final int BACKLOG = 128;
    static final long SWEEP_MILLIS = 250;
    static final long FIRST_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1000;
    /** Accepts per selector turn, so that a flood of new connections cannot starve the requests in progress. */
    static final int ACCEPTS_PER_TURN = 64;
    private static final int FIRST_BUFFER = 2048;
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

    private final NetConfig net;
    private final Admission admission;
    private final Function<HttpRequest, HttpResponse> handler;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey acceptKey;
    private final ThreadPoolExecutor pool;
    private final Thread io;
    /** Work for the I/O thread: finished responses. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<Conn> conns = new HashSet<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private final ThrottledLog refused = new ThrottledLog(log, "refused HTTP connection or request");
    private final ThrottledLog acceptFailed = new ThrottledLog(log, "paused accepting HTTP connections");
    private volatile boolean running = true;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long resumeAcceptNanos;
    private long nextSweepNanos;

    /** @param handler called on a handler thread with each complete request; must not return null */
    HttpListener(InetSocketAddress address, NetConfig net, Admission admission,
                 Function<HttpRequest, HttpResponse> handler) throws IOException {
        this.net = net;
        this.admission = admission;
        this.handler = handler;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(address, BACKLOG);
            server.configureBlocking(false);
            acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "todo-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.io = new Thread(this::run, IO_THREAD);
        io.setDaemon(true);
    }

    void start() {
        io.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Completes with a reason if the listener stops other than by {@link #close}. */
    CompletableFuture<String> failed() {
        return failed;
    }

    /** Whether the listener is accepting (or backing off to accept again). Any thread. */
    boolean alive() {
        return io.isAlive() && server.isOpen() && !failed.isDone();
    }

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = acceptKey.interestOps() == 0
                        ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(resumeAcceptNanos - now)) : SWEEP_MILLIS;
                selector.select(Math.min(wait, SWEEP_MILLIS));
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    t.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key == acceptKey) {
                        accept();
                    } else if (key.attachment() instanceof Conn c) {
                        c.ready(key);
                    }
                }
                selector.selectedKeys().clear();
                housekeeping(System.nanoTime());
            }
        } catch (IOException | RuntimeException | Error e) {
            log.error("HTTP listener failed", e);
            failed.complete("the HTTP listener stopped: " + e);
        } finally {
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run(); // responses finished while stopping: write what the socket takes now
            }
            new ArrayList<>(conns).forEach(Conn::close);
            closeQuietly();
        }
    }

    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // Out of file descriptors, most likely: stop asking for accepts for a while, then try again.
                acceptKey.interestOps(0);
                resumeAcceptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
                acceptFailed.warn("accept failed (" + e.getMessage() + "); retrying in " + backoffMillis + " ms");
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
                return;
            }
            if (ch == null) {
                backoffMillis = FIRST_BACKOFF_MILLIS;
                return;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        try {
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            Admission.Decision d = admission.admit(remote.getAddress());
            if (d.ticket() == null) {
                refused.warn(d.refusal().message + " (" + remote.getAddress().getHostAddress() + ")");
                ch.configureBlocking(false);
                d.refusal().sendAndClose(ch);
                return;
            }
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            Conn c = new Conn(ch, remote, d.ticket());
            conns.add(c);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        } catch (IOException e) {
            log.debug("accepted connection lost at once: {}", e.toString());
            try {
                ch.close();
            } catch (IOException again) {
                log.debug("and could not be closed: {}", again.toString());
            }
        }
    }

    private void housekeeping(long now) {
        if (acceptKey.isValid() && acceptKey.interestOps() == 0 && now - resumeAcceptNanos >= 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        for (Conn c : new ArrayList<>(conns)) {
            c.checkTimeouts(now);
        }
    }

    /** One connection; every field and method belongs to the I/O thread. */
    private final class Conn {
        final SocketChannel ch;
        final InetSocketAddress remote;
        final Admission.Ticket ticket;
        SelectionKey key;
        /** Bytes received and not yet consumed, in write mode. */
        ByteBuffer in = ByteBuffer.allocate(FIRST_BUFFER);
        int scanned;
        int crlfs;
        HeadParser.Head head;
        int bodyStart;
        boolean processing;
        ByteBuffer out;
        boolean closeAfterWrite;
        boolean closed;
        long headDeadline;
        long requestDeadline;

        Conn(SocketChannel ch, InetSocketAddress remote, Admission.Ticket ticket) {
            this.ch = ch;
            this.remote = remote;
            this.ticket = ticket;
            restartClocks(System.nanoTime());
        }

        void restartClocks(long now) {
            headDeadline = now + TimeUnit.SECONDS.toNanos(net.httpHeaderTimeoutSeconds());
            requestDeadline = now + TimeUnit.SECONDS.toNanos(net.httpRequestTimeoutSeconds());
        }

        void ready(SelectionKey k) {
            try {
                if (k.isValid() && k.isReadable()) {
                    read();
                }
                if (k.isValid() && k.isWritable()) {
                    write();
                }
            } catch (IOException e) {
                log.debug("HTTP connection {} dropped: {}", remote, e.toString());
                close();
            }
        }

        private void read() throws IOException {
            if (!in.hasRemaining() && !grow()) {
                return;
            }
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            advance();
        }

        /** Room for more input, within the head and body limits; false (and refused) when there is none. */
        private boolean grow() {
            int limit = head == null ? net.maxHttpHeaderBytes() + 4 : bodyStart + head.contentLength();
            if (in.capacity() >= limit) {
                if (head == null) {
                    refuse(Refusal.HEAD_TOO_LARGE);
                } else {
                    key.interestOps(0); // the body is complete; pipelined bytes wait for the response
                }
                return false;
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(limit, in.capacity() * 2));
            in.flip();
            bigger.put(in);
            in = bigger;
            return true;
        }

        /** Parses what has arrived: a head, then its body, then dispatches. Also runs after each response. */
        private void advance() throws IOException {
            if (processing || out != null || closed) {
                return;
            }
            if (head == null) {
                int end = endOfHead();
                if (end < 0) {
                    if (in.position() > net.maxHttpHeaderBytes()) {
                        refuse(Refusal.HEAD_TOO_LARGE);
                    }
                    return;
                }
                try {
                    head = HeadParser.parse(in.array(), end - 4, remote, net.maxHttpBodyBytes());
                } catch (HeadParser.BadHead e) {
                    refused.warn("bad request from " + remote.getAddress().getHostAddress() + ": " + e.getMessage());
                    respond(HttpResponse.text(e.status, e.getMessage()), false, true);
                    return;
                }
                bodyStart = end;
            }
            if (in.position() - bodyStart < head.contentLength()) {
                return; // more body to come
            }
            byte[] body = new byte[head.contentLength()];
            in.flip();
            in.position(bodyStart);
            in.get(body);
            in.compact();
            scanned = 0;
            crlfs = 0;
            HttpRequest r = head.request();
            HttpRequest req = new HttpRequest(r.method(), r.target(), r.version(), r.headers(), body, remote);
            head = null;
            dispatch(req);
        }

        /** The index just past {@code \r\n\r\n}, or -1; scans each byte once. */
        private int endOfHead() {
            byte[] a = in.array();
            for (; scanned < in.position(); scanned++) {
                byte b = a[scanned];
                crlfs = b == (crlfs % 2 == 0 ? '\r' : '\n') ? crlfs + 1 : b == '\r' ? 1 : 0;
                if (crlfs == 4) {
                    return ++scanned;
                }
            }
            return -1;
        }

        private void dispatch(HttpRequest req) {
            processing = true;
            key.interestOps(0);
            try {
                pool.execute(() -> {
                    HttpResponse res;
                    try {
                        res = handler.apply(req);
                    } catch (RuntimeException e) {
                        log.warn("HTTP {} {} failed", req.method(), req.path(), e);
                        res = HttpResponse.text(500, "internal error");
                    }
                    HttpResponse done = res;
                    tasks.add(() -> respond(done, req.isHead(), !req.keepAlive()));
                    selector.wakeup();
                });
            } catch (RejectedExecutionException e) {
                refused.warn(Refusal.BUSY.message + ": " + THREADS + " handlers busy and " + QUEUE + " waiting");
                respond(HttpResponse.text(Refusal.BUSY.status, Refusal.BUSY.message)
                        .header("Retry-After", Integer.toString(Refusal.RETRY_AFTER_SECONDS)), req.isHead(), true);
            }
        }

        private void respond(HttpResponse res, boolean head, boolean close) {
            if (closed) {
                return;
            }
            processing = false;
            closeAfterWrite = close;
            out = ByteBuffer.wrap(res.encode(head, close));
            try {
                write();
            } catch (IOException e) {
                log.debug("HTTP connection {} dropped while answering: {}", remote, e.toString());
                close();
            }
        }

        private void write() throws IOException {
            if (out == null) {
                return;
            }
            ch.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            out = null;
            if (closeAfterWrite) {
                close();
                return;
            }
            restartClocks(System.nanoTime());
            key.interestOps(SelectionKey.OP_READ);
            advance(); // a pipelined request may already be here
        }

        private void refuse(Refusal why) {
            refused.warn(why.message + " (" + remote.getAddress().getHostAddress() + ")");
            respond(HttpResponse.text(why.status, why.message), false, true);
        }

        void checkTimeouts(long now) {
            if (closed) {
                return;
            }
            boolean waitingForHead = head == null && !processing && out == null;
            if (waitingForHead && now - headDeadline > 0) {
                if (in.position() == 0) {
                    close(); // an idle keep-alive connection: nothing to answer
                } else {
                    refuse(Refusal.HEAD_TIMEOUT);
                    forceCloseIfStuck();
                }
            } else if (now - requestDeadline > 0) {
                if (!processing && out == null) {
                    refuse(Refusal.HEAD_TIMEOUT);
                }
                close(); // whatever it was doing, it has had its time
            }
        }

        /** A refusal that the peer does not read within one sweep must not keep the connection: it goes now. */
        private void forceCloseIfStuck() {
            if (!closed && out != null) {
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            conns.remove(this);
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", remote, e.toString());
            } finally {
                ticket.release();
            }
        }
    }

    private void closeQuietly() {
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            log.debug("closing the HTTP listener: {}", e.toString());
        }
        pool.shutdownNow();
    }

    /**
     * Lets the requests being handled finish (up to a second; later ones get 503), then stops accepting and
     * drops every connection. Blocks up to a second more for the I/O thread.
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                log.warn("HTTP handlers still busy after 1 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        selector.wakeup();
        try {
            io.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!io.isAlive()) {
            return;
        }
        log.warn("HTTP I/O thread did not stop within 1 s");
    }
}
