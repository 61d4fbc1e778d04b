package todo.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.net.Admission;
import todo.net.NetConfig;
import todo.net.Refusal;

/**
 * One HTTP connection: its input buffer, the request being read, the response being written, its deadlines.
 * Every field and method belongs to the listener's I/O thread; handlers see only the finished {@link HttpRequest}.
 */
final class HttpConnection {
    private static final int FIRST_BUFFER = 2048;
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    private final HttpListener listener;
    private final NetConfig net;
    private final SocketChannel ch;
    private final InetSocketAddress remote;
    private final Admission.Ticket ticket;
    /** Set by the listener right after registering. */
    SelectionKey key;
    /** Bytes received and not yet consumed, in write mode. */
    private ByteBuffer in = ByteBuffer.allocate(FIRST_BUFFER);
    private int scanned;
    private int crlfs;
    private HeadParser.Head head;
    private int bodyStart;
    private boolean processing;
    private ByteBuffer out;
    private boolean closeAfterWrite;
    private boolean closed;
    private long headDeadline;
    private long requestDeadline;

    HttpConnection(HttpListener listener, SocketChannel ch, InetSocketAddress remote, Admission.Ticket ticket) {
        this.listener = listener;
        this.net = listener.net;
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
                listener.refused.warn("bad request from " + remote.getAddress().getHostAddress() + ": " + e.getMessage());
                respond(HttpResponse.error(e.status, "bad_request", e.getMessage()), false, true);
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
            listener.pool.execute(() -> {
                HttpResponse res;
                try {
                    res = listener.handler.apply(req);
                } catch (RuntimeException e) {
                    log.warn("HTTP {} {} failed", req.method(), req.path(), e);
                    res = HttpResponse.text(500, "internal error");
                }
                HttpResponse done = res;
                listener.tasks.add(() -> respond(done, req.isHead(), !req.keepAlive()));
                listener.selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            listener.refused.warn(Refusal.BUSY.message + ": " + HttpListener.THREADS + " handlers busy and " + HttpListener.QUEUE + " waiting");
            respond(HttpResponse.error(Refusal.BUSY.status, Refusal.BUSY.code, Refusal.BUSY.message)
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
        listener.refused.warn(why.message + " (" + remote.getAddress().getHostAddress() + ")");
        respond(HttpResponse.error(why.status, why.code, why.message), false, true);
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
        listener.conns.remove(this);
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", remote, e.toString());
        } finally {
            ticket.release();
        }
    }
}
