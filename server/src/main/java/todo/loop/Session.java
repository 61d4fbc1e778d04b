package todo.loop;

import com.google.gson.JsonElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection and everything the server knows about it. Confined to the loop thread.
 *
 * <p>Replies leave in request order: each request reserves a {@link Slot} when it arrives, and a slot is sent
 * only once every slot before it has been sent. An event for this session waits behind any unsent slot, so the
 * reply to a request always precedes the events it caused.
 */
public final class Session {
    /** Past this many unsent bytes the client is too slow: close it rather than buffer without bound. */
    public static final long MAX_UNSENT_BYTES = 4L * 1024 * 1024;
    /** Measuring the backlog walks the transport queue, so do it at most every N sends or N bytes. */
    static final int CHECK_EVERY_SENDS = 32;
    static final int CHECK_EVERY_BYTES = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    final long serial;
    final Peer peer;
    final RateLimiter limiter;
    /** Lists this session receives events for. */
    final Set<Long> subscriptions = new HashSet<>();
    /** Per subscribed list: the last task-event rev delivered (or the snapshot's rev); older events are dropped. */
    private final Map<Long, Long> seenRev = new HashMap<>();
    /** Per list whose subscribe snapshot is still being read: the task events that arrived meanwhile. */
    private final Map<Long, List<Buffered>> catchingUp = new HashMap<>();
    /** Requests that arrived while an exclusive request (see {@link Verb}) was running; they run after it, in order. */
    final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    private final ArrayDeque<Slot> outbox = new ArrayDeque<>();

    long userId;
    String username;
    byte[] tokenHash;
    /** True while an exclusive request (register, login, profile.update, ...: see {@link Verb}) is running. */
    boolean barrier;
    /** Writes submitted and not yet completed: reads must then queue behind them on the writer. */
    int writesInFlight;
    /** Reads running on the read pool: writes sent after them must wait, so that those reads do not see them. */
    int poolReadsInFlight;
    /** Writes (and reads queued behind them) that arrived while pool reads were running; submitted in order. */
    final ArrayDeque<Runnable> afterPoolReads = new ArrayDeque<>();
    boolean closed;
    private int sendsSinceCheck;
    private long bytesSinceCheck;
    /** A close requested while replies were still pending; done once they are sent. */
    private int closeCode;
    private String closeReason;

    Session(long serial, Peer peer, int maxRate, long nowNanos) {
        this.serial = serial;
        this.peer = peer;
        this.limiter = new RateLimiter(maxRate, nowNanos);
    }

    public boolean signedIn() {
        return username != null;
    }

    /** A reply position, filled in when the request completes. */
    static final class Slot {
        final JsonElement re;
        String text;

        Slot(JsonElement re) {
            this.re = re;
        }
    }

    Slot reserve(JsonElement re) {
        Slot s = new Slot(re);
        outbox.add(s);
        return s;
    }

    /** Fills a reserved slot and sends every reply that is now next in line. */
    void fill(Slot slot, String text) {
        slot.text = text;
        while (!outbox.isEmpty() && outbox.peek().text != null) {
            transmit(outbox.poll().text);
        }
        if (outbox.isEmpty() && closeCode != 0) {
            peer.close(closeCode, closeReason);
            closeCode = 0;
        }
    }

    /** Sends an event now, or behind the replies still pending. */
    void deliver(String text) {
        if (outbox.isEmpty()) {
            transmit(text);
        } else {
            Slot s = new Slot(null);
            s.text = text;
            outbox.add(s);
        }
    }

    private record Buffered(long rev, String text) {}

    /**
     * Delivers one of a list's events. {@code rev} is the task event's rev, or 0 for events without one (presence).
     * While the list's snapshot is being read, task events are held (and presence dropped: the reply has the
     * current online set); afterwards only revs above the last one seen go out, so none is sent twice.
     */
    void deliverListEvent(long list, long rev, String text) {
        List<Buffered> held = catchingUp.get(list);
        if (held != null) {
            if (rev > 0) {
                held.add(new Buffered(rev, text));
            }
            return;
        }
        if (rev > 0) {
            Long seen = seenRev.get(list);
            if (seen != null && rev <= seen) {
                return;
            }
            seenRev.put(list, rev);
        }
        deliver(text);
    }

    /** From now until {@link #endCatchUp} or {@link #forget}, the list's events are held. */
    void beginCatchUp(long list) {
        catchingUp.put(list, new ArrayList<>());
    }

    boolean catchingUp(long list) {
        return catchingUp.containsKey(list);
    }

    /** The snapshot at {@code rev} has been queued: send the held events that are newer, then go live. */
    void endCatchUp(long list, long rev) {
        List<Buffered> held = catchingUp.remove(list);
        seenRev.put(list, rev);
        if (held != null) {
            held.forEach(b -> deliverListEvent(list, b.rev(), b.text()));
        }
    }

    /** Drops the per-list delivery state (unsubscribed, removed from the list, or the subscribe failed). */
    void forget(long list) {
        catchingUp.remove(list);
        seenRev.remove(list);
    }

    /** Closes the connection once every reply already reserved has been sent. */
    void close(int code, String reason) {
        if (closed) {
            return;
        }
        if (outbox.isEmpty()) {
            peer.close(code, reason);
        } else {
            closeCode = code;
            closeReason = reason;
        }
    }

    private void transmit(String text) {
        if (closed) {
            return;
        }
        sendsSinceCheck++;
        bytesSinceCheck += text.length();
        if (sendsSinceCheck >= CHECK_EVERY_SENDS || bytesSinceCheck >= CHECK_EVERY_BYTES) {
            sendsSinceCheck = 0;
            bytesSinceCheck = 0;
            long unsent = peer.unsentBytes();
            if (unsent > MAX_UNSENT_BYTES) {
                log.warn("closing {} ({}): {} bytes unsent, client too slow", peer.describe(), username, unsent);
                peer.close(CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resync");
                closed = true;
                return;
            }
        }
        peer.send(text);
    }

    @Override
    public String toString() {
        return "session " + serial + " (" + (username == null ? "anonymous" : username) + ", " + peer.describe() + ")";
    }
}
