package todo.http;

import java.io.IOException;
import java.net.InetSocketAddress;
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
    static final long SWEEP_MILLIS = 250;
    static final long FIRST_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1000;
    /** Accepts per selector turn, so that a flood of new connections cannot starve the requests in progress. */
    static final int ACCEPTS_PER_TURN = 64;
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

    final NetConfig net;
    private final Admission admission;
    final Function<HttpRequest, HttpResponse> handler;
    final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey acceptKey;
    final ThreadPoolExecutor pool;
    private final Thread io;
    /** Work for the I/O thread: finished responses. */
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final Set<HttpConnection> conns = new HashSet<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    final ThrottledLog refused = new ThrottledLog(log, "refused HTTP connection or request");
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
            server.bind(address, NetConfig.LISTEN_BACKLOG);
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
                    } else if (key.attachment() instanceof HttpConnection c) {
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
            new ArrayList<>(conns).forEach(HttpConnection::close);
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
            HttpConnection c = new HttpConnection(this, ch, remote, d.ticket());
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
        for (HttpConnection c : new ArrayList<>(conns)) {
            c.checkTimeouts(now);
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
