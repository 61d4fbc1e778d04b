package todo.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.net.Admission;
import todo.net.Refusal;

/**
 * One accepted WebSocket connection's socket, as the library reads and writes it. Until the handshake's request
 * head ({@code ...\r\n\r\n}) has arrived in full, reads fill a private buffer capped at the handshake size limit
 * and hand the library nothing; the library then parses the head once, instead of re-parsing a growing buffer on
 * every read (quadratic in its size). Closing the channel gives back the connection's {@link Admission.Ticket}.
 *
 * <p>Reads and writes come from the library's selector thread; {@link #expire} from the handshake sweeper. The
 * handshake state is an atomic so that exactly one of "accepted", "refused" and "timed out" wins.
 */
final class GuardedChannel implements ByteChannel, GatheringByteChannel {
    static final int PENDING = 0;
    static final int DECIDED = 1;
    static final int EXPIRED = 2;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final int FIRST_BUFFER = 1024;
    private static final Logger log = LoggerFactory.getLogger(GuardedChannel.class);

    final SocketChannel socket;
    final WebSocketImpl conn;
    final long acceptedNanos = System.nanoTime();
    private final Admission.Ticket ticket;
    private final int maxHeadBytes;
    private final AtomicInteger state = new AtomicInteger(PENDING);
    /** The head read so far; null once it has been handed to the library. Selector thread only. */
    private ByteBuffer head = ByteBuffer.allocate(FIRST_BUFFER);
    private int matched;
    private volatile boolean headComplete;

    GuardedChannel(SocketChannel socket, WebSocketImpl conn, Admission.Ticket ticket, int maxHeadBytes) {
        this.socket = socket;
        this.conn = conn;
        this.ticket = ticket;
        this.maxHeadBytes = maxHeadBytes;
    }

    /** Claims the handshake for a decision (accept or refuse); false if it already timed out. Any thread. */
    boolean decide() {
        return state.compareAndSet(PENDING, DECIDED);
    }

    boolean pending() {
        return state.get() == PENDING;
    }

    /**
     * Called by the sweeper when the handshake is overdue: claims it, tells the client 408 if the library has not
     * seen its request yet (else the library may be writing its own answer), and closes. False if it was decided.
     */
    boolean expire() {
        if (!state.compareAndSet(PENDING, EXPIRED)) {
            return false;
        }
        if (!headComplete) {
            try {
                socket.write(ByteBuffer.wrap(Refusal.HEAD_TIMEOUT.response()));
            } catch (IOException e) {
                log.debug("could not tell {} its handshake timed out: {}", conn.getRemoteSocketAddress(), e.toString());
            }
        }
        conn.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (head == null) {
            return socket.read(dst);
        }
        while (true) {
            int scanFrom = head.position();
            int n = socket.read(head);
            if (n < 0) {
                return -1;
            }
            if (endOfHeadIn(scanFrom)) {
                return handOver(dst);
            }
            if (head.hasRemaining()) {
                return 0; // the socket has no more for now
            }
            if (head.capacity() >= maxHeadBytes) {
                refuse(Refusal.HEAD_TOO_LARGE);
                throw new IOException("handshake larger than " + maxHeadBytes + " bytes");
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxHeadBytes, head.capacity() * 2));
            head.flip();
            bigger.put(head);
            head = bigger;
        }
    }

    private boolean endOfHeadIn(int from) {
        for (int i = from; i < head.position(); i++) {
            byte b = head.get(i);
            matched = b == END_OF_HEAD[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == END_OF_HEAD.length) {
                return true;
            }
        }
        return false;
    }

    /** The whole head, and whatever followed it in the same reads, goes to the library in one piece. */
    private int handOver(ByteBuffer dst) throws IOException {
        head.flip();
        if (head.remaining() > dst.remaining()) {
            throw new IOException("read buffer smaller than the handshake (" + dst.remaining() + " < " + head.remaining() + ")");
        }
        int n = head.remaining();
        dst.put(head);
        head = null;
        headComplete = true;
        return n;
    }

    private void refuse(Refusal why) {
        if (state.compareAndSet(PENDING, DECIDED)) {
            try {
                socket.write(ByteBuffer.wrap(why.response()));
            } catch (IOException e) {
                log.debug("could not tell {} {}: {}", conn.getRemoteSocketAddress(), why, e.toString());
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    /** Several frames in one system call ({@link WsPeer#writeHeld}). */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return socket.write(srcs);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            ticket.release();
        }
    }
}
