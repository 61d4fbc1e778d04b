package todo.ws;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.EventLoop;

/**
 * The connections that hold frames of the loop's current burst of tasks ({@link WsPeer#sendInBurst}), written out
 * when the loop runs out of tasks, or at the end of the first task after the oldest held frame has waited
 * {@link #MAX_HOLD_NANOS}. Under a stream of broadcasts a subscriber thus gets every event of a burst in one
 * gathering write instead of one {@code write} each: in a saturated fan-out the socket writes were over half of
 * the loop's time (issue 11). The same goes for a pipelining client's replies while more of its requests are in
 * flight (a group commit completes many at once). A lone event leaves at the end of its own task, as before, since
 * the queue is then empty; so does a reply with nothing else of its connection in flight, which also writes what
 * its connection holds first.
 *
 * <p>Loop thread only: {@link #ended} is the loop's task-end hook, and peers register from their sends.
 */
final class HeldFrames implements EventLoop.TaskEnd {
    /** How long the loop may keep working before held frames must go: the delay a burst adds to an event. */
    static final long MAX_HOLD_NANOS = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(HeldFrames.class);

    private final EventLoop loop;
    private final List<WsPeer> peers = new ArrayList<>();
    private long oldest;

    HeldFrames(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Whether a connection that holds nothing should hold its next frame: only while more tasks wait on the loop.
     * An event with nothing behind it goes out at once, as it did before holding existed; holding it to the end of
     * its task would only delay its first recipients (by about a millisecond for 1,000 of them).
     */
    boolean burst() {
        return loop.queueDepth() > 0;
    }

    /** {@code peer} holds its first event since its last write. */
    void add(WsPeer peer) {
        if (peers.isEmpty()) {
            oldest = System.nanoTime();
        }
        peers.add(peer);
    }

    @Override
    public void ended(boolean queueEmpty) {
        if (peers.isEmpty() || !queueEmpty && System.nanoTime() - oldest < MAX_HOLD_NANOS) {
            return;
        }
        writeAll();
    }

    /** Writes every connection's held frames, each connection isolated from the others' failures. */
    void writeAll() {
        try {
            for (int i = 0; i < peers.size(); i++) {
                try {
                    peers.get(i).writeHeld();
                } catch (RuntimeException e) {
                    log.error("writing held frames to {} failed", peers.get(i).describe(), e);
                }
            }
        } finally {
            peers.clear();
        }
    }
}
