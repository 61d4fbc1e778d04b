package todo.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.CloseCodes;
import todo.loop.Peer;
import todo.loop.Session;
import todo.metrics.Metrics;
import todo.net.ThrottledLog;

/**
 * A Java-WebSocket connection seen as a {@link Peer}. Sends never block: a frame goes straight to the socket (a
 * non-blocking write on the loop thread) when nothing is queued before it, and what the socket does not take is
 * queued for the library's selector thread. Events, and replies with more of their connection's requests in flight
 * ({@link #sendInBurst}), are held until the loop's burst of tasks ends and then written together
 * ({@link HeldFrames}); any other reply, a ping or a close writes them first. No frame is queued behind unsent
 * bytes if it would take them past
 * {@link Session#MAX_UNSENT_BYTES}: the connection is closed with 1013 instead. A frame larger than the cap by
 * itself goes out only onto an empty queue. A connection the server closes is dropped outright after
 * {@link #CLOSE_GRACE_SECONDS} if its peer has not completed the close by then, so that a client that never reads
 * does not keep its queue in memory until the ping timeout.
 *
 * <p>{@link #send} and {@link #close} are called on the loop thread only; the unsent-bytes estimate is the loop's.
 * {@link #closeFromAnyThread} is for the {@link SendBudget} sweeper. Keep-alive pings are sent from the loop too
 * ({@link #keepAlive}), so the only frames other threads queue are pongs to a client's own pings and close frames;
 * one queued while the loop's frame is half written would split it. That is detected and the connection dropped
 * ({@link #queue}), except when the selector writes that frame in the microseconds between the two halves, with
 * the socket just full: the client then sees a broken frame, and reconnects and resyncs as after any drop.
 */
final class WsPeer implements Peer {
    static final long CLOSE_GRACE_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(WsPeer.class);
    private static final ThrottledLog slow = new ThrottledLog(log, "closed a connection that reads too slowly (1013)");

    private final WebSocket conn;
    private final WebSocketServer server;
    private final SharedFrames frames;
    private final WriteRearm rearm;
    private final ScheduledExecutorService timer;
    private final String remote;
    private final Metrics metrics;
    /**
     * An upper bound on the bytes queued and not yet written: the exact count when last measured, plus every frame
     * queued since (the socket only ever takes bytes away). Measuring walks the queue, so it is done only when the
     * bound says the cap may be reached.
     */
    private long unsentBound;
    /** Set on the loop, or by the send budget's sweeper: after it, sends are dropped. */
    private volatile boolean cut;
    /** {@link System#nanoTime} of the open or the last pong; written by the library's decoding thread. */
    private volatile long lastPong = System.nanoTime();
    /** An unmasked ping frame without payload; each send takes a duplicate. */
    private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {(byte) 0x89, 0});
    /** Held frames beyond which they are written at once: a bound on the gathering write's array. */
    static final int MAX_HELD_FRAMES = 64;
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private final HeldFrames heldFrames;
    /** Frames held by {@link #sendInBurst} until {@link #writeHeld}: the first {@code heldCount}. Loop thread. */
    private ByteBuffer[] held = NONE;
    private int heldCount;
    private long heldBytes;
    /** Whether {@link HeldFrames} has this peer in its list. */
    private boolean listed;

    /** @param frames the loop's frame cache, shared by every peer (see {@link SharedFrames}) */
    WsPeer(WebSocket conn, WebSocketServer server, SharedFrames frames, HeldFrames heldFrames, WriteRearm rearm,
           ScheduledExecutorService timer, Metrics metrics) {
        this.heldFrames = heldFrames;
        this.metrics = metrics;
        this.conn = conn;
        this.server = server;
        this.frames = frames;
        this.rearm = rearm;
        this.timer = timer;
        this.remote = String.valueOf(conn.getRemoteSocketAddress());
    }

    @Override
    public void send(String text) {
        ByteBuffer frame = admit(text);
        if (frame == null) {
            return;
        }
        if (heldCount > 0) {
            hold(frame);
            writeHeld();
            return;
        }
        transmit(text, frame);
    }

    /**
     * Holds the frame until the loop's current burst of tasks ends ({@link HeldFrames}), so that what a burst sends
     * this connection leaves in one write; in order with {@link #send}, which writes what is held first. When no
     * task waits behind this one, and nothing is held, the frame is written at once.
     */
    @Override
    public void sendInBurst(String text) {
        if (!(conn instanceof WebSocketImpl)) {
            send(text); // not reached: the library's server makes WebSocketImpls
            return;
        }
        ByteBuffer frame = admit(text);
        if (frame == null) {
            return;
        }
        if (heldCount > 0 || heldFrames.burst()) {
            hold(frame);
        } else {
            transmit(text, frame);
        }
    }

    /**
     * The frame of {@code text} if it may be sent; null when the connection is cut, or is cut now because the
     * frame would take its unsent bytes past {@link Session#MAX_UNSENT_BYTES}.
     */
    private ByteBuffer admit(String text) {
        if (cut) {
            return null;
        }
        ByteBuffer frame = frames.frameOf(text);
        long bytes = frame.remaining();
        if (unsentBound + heldBytes + bytes > Session.MAX_UNSENT_BYTES) {
            unsentBound = unsentBytes();
            // An empty queue takes a frame of any size: a client that reads what it asked for can always receive
            // its snapshot. One that does not is cut at its next frame, and SendBudget bounds all queues together.
            long before = unsentBound + heldBytes;
            if (before > 0 && before + bytes > Session.MAX_UNSENT_BYTES) {
                slow.warn(remote + ": " + before + " bytes unsent and a frame of " + bytes + " to add");
                close(CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resync");
                metrics.slowConsumerClosed(false);
                return null;
            }
        }
        return frame;
    }

    /** Writes the frame now, or queues what the socket does not take for the selector. */
    private void transmit(String text, ByteBuffer frame) {
        if (writeNow(frame)) {
            return;
        }
        if (queue(text, frame)) {
            unsentBound += frame.remaining();
            rearm.sent(conn);
        } else {
            log.debug("send to {} after close dropped", remote);
        }
    }

    private void hold(ByteBuffer frame) {
        if (heldCount == held.length) {
            if (heldCount == MAX_HELD_FRAMES) {
                writeHeld();
            } else {
                held = java.util.Arrays.copyOf(held, Math.min(MAX_HELD_FRAMES, Math.max(4, heldCount * 2)));
            }
        }
        held[heldCount++] = frame;
        heldBytes += frame.remaining();
        if (!listed) {
            listed = true;
            heldFrames.add(this);
        }
    }

    /**
     * Writes the held frames in one gathering write when nothing is queued before them, and queues for the
     * selector what the socket does not take. Loop thread: called by {@link HeldFrames} and before any frame or
     * close that must follow them. Held frames of a connection cut meanwhile are dropped.
     */
    void writeHeld() {
        listed = false;
        int n = heldCount;
        if (n == 0) {
            return;
        }
        heldCount = 0;
        heldBytes = 0;
        try {
            if (cut) {
                return;
            }
            WebSocketImpl impl = (WebSocketImpl) conn;
            if (impl.isOpen() && impl.outQueue.isEmpty()) {
                metrics.heldWritten(n);
                try {
                    if (impl.getChannel() instanceof GatheringByteChannel gather) {
                        gather.write(held, 0, n);
                    } else {
                        for (int i = 0; i < n; i++) { // the channel of an unguarded WebSocketImpl; not reached
                            impl.getChannel().write(held[i]);
                            if (held[i].hasRemaining()) {
                                break;
                            }
                        }
                    }
                } catch (IOException e) {
                    log.debug("write to {} failed; the selector closes it: {}", remote, e.toString());
                    return;
                }
            }
            boolean queued = false;
            for (int i = 0; i < n; i++) {
                if (held[i].hasRemaining() && queue(null, held[i])) {
                    unsentBound += held[i].remaining();
                    queued = true;
                }
            }
            if (queued) {
                rearm.sent(conn);
            }
        } finally {
            java.util.Arrays.fill(held, 0, n, null); // a broadcast's frame is freed with its last holder
        }
    }

    /** A pong arrived. Any thread (the library's decoder). */
    void ponged() {
        lastPong = System.nanoTime();
    }

    /**
     * Keep-alive, on the loop thread, so that the ping goes through the same write path as every other frame of
     * this connection: pings the peer, or drops it (1006, as the library would) when no pong came for
     * {@code silenceNanos}.
     */
    void keepAlive(long nowNanos, long silenceNanos) {
        if (cut || !(conn instanceof WebSocketImpl impl) || !impl.isOpen()) {
            return;
        }
        if (nowNanos - lastPong > silenceNanos) {
            log.debug("{}: no pong in {} ms; dropping the connection", remote, silenceNanos / 1_000_000);
            impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, "no pong in time");
            return;
        }
        writeHeld();
        ByteBuffer ping = PING.duplicate();
        if (!writeNow(ping) && queue(null, ping)) {
            unsentBound += ping.remaining();
            rearm.sent(conn);
        }
    }

    /**
     * Writes the frame to the socket on the calling (loop) thread when nothing is queued before it, which is the
     * common case: the reply or event leaves without a hand-off to the selector thread, a wake-up of it, or a wait
     * for its next turn (issue 11: each hop was a share of a ping's latency). Answers true when the whole frame
     * went, or when the connection is broken (the selector closes it); false, with the frame's unwritten rest
     * left in {@code frame}, when it must be queued for the selector to finish. An empty queue means no byte of
     * this connection is pending: the selector removes a buffer only after writing all of it.
     */
    private boolean writeNow(ByteBuffer frame) {
        if (!(conn instanceof WebSocketImpl impl) || !impl.isOpen() || !impl.outQueue.isEmpty()) {
            return false;
        }
        try {
            impl.getChannel().write(frame);
        } catch (IOException e) {
            log.debug("write to {} failed; the selector closes it: {}", remote, e.toString());
            return true;
        }
        return !frame.hasRemaining();
    }

    /**
     * Queues a whole frame as the library's own {@code send} does (onto {@code outQueue}, then write demand), minus
     * its per-send work: re-encoding the text, a list per send, and a trace line whose argument (a String of the
     * frame) is built even when tracing is off. One buffer is one frame, so no lock is needed to keep frames whole.
     */
    private boolean queue(String text, ByteBuffer frame) {
        if (!(conn instanceof WebSocketImpl impl)) {
            try {
                conn.send(text); // not reached: the library's server makes WebSocketImpls
                return true;
            } catch (WebsocketNotConnectedException e) {
                return false;
            }
        }
        if (!impl.isOpen()) {
            return false;
        }
        boolean rest = frame.position() > 0;
        impl.outQueue.add(frame);
        if (rest && impl.outQueue.peek() != frame) {
            // Another thread (a keep-alive ping, a pong, a close) queued a frame between writeNow and here: it
            // would go out in the middle of this one. The stream is lost; the client reconnects and resyncs.
            log.warn("{}: a frame was queued while another was half written; dropping the connection", remote);
            impl.closeConnection(CloseCodes.TRY_AGAIN_LATER, "frames interleaved");
            return true;
        }
        server.onWriteDemand(impl);
        return true;
    }

    /** Loop thread: held events go out before the close frame. */
    @Override
    public void close(int code, String reason) {
        writeHeld();
        closeFromAnyThread(code, reason);
    }

    /**
     * As {@link #close}, from any thread: the library's close is synchronised, and this touches no loop state. Events
     * still held are dropped (the loop sees {@link #cut}).
     */
    void closeFromAnyThread(int code, String reason) {
        cut = true;
        conn.close(code, reason);
        rearm.sent(conn); // the close frame is queued like any other
        if (conn instanceof WebSocketImpl impl) {
            try {
                timer.schedule(() -> {
                    if (!impl.isClosed()) {
                        log.debug("dropping {}: close not completed within {} s", remote, CLOSE_GRACE_SECONDS);
                        impl.closeConnection(code, reason);
                    }
                }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("not scheduling the drop of {}: the server is stopping and closes it anyway", remote);
            }
        }
    }

    @Override
    public long unsentBytes() {
        if (!(conn instanceof WebSocketImpl impl) || impl.outQueue.isEmpty()) {
            return 0; // the common case, without the queue's iterator and both its locks (SendBudget asks every conn)
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
