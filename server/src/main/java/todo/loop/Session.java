package todo.loop;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.metrics.Metrics;
import todo.verbs.Caller;
import todo.verbs.Effect;
import todo.verbs.Feed;
import todo.verbs.Identity;
import todo.verbs.Storage;

/**
 * One open WebSocket connection, as a {@link Caller}: who it is signed in as, its ordered storage, its reply slots
 * and its outgoing backpressure. Confined to the loop thread.
 *
 * <p>Replies leave in request order: each request reserves a {@link Slot} when it arrives, and a slot is sent
 * only once every slot before it has been sent. An event for this session waits behind any unsent slot, so the
 * reply to a request always precedes the events it caused.
 */
public final class Session implements Caller {
    /** Past this many unsent bytes the client is too slow: close it rather than buffer without bound. */
    public static final long MAX_UNSENT_BYTES = 4L * 1024 * 1024;
    /** Measuring the backlog walks the transport queue, so do it at most every N sends or N bytes. */
    static final int CHECK_EVERY_SENDS = 32;
    static final int CHECK_EVERY_BYTES = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    final long serial;
    private final Peer peer;
    private final OrderedStore storage;
    private final Metrics metrics;
    private Feed feed;
    /** Where effects published while a verb still runs go ({@link FanOut}); set once, when the session opens. */
    private Consumer<List<Effect>> publisher;
    private Identity identity;
    /** Lists this session receives events for. */
    private final Set<Long> lists = new HashSet<>();
    /** Per subscribed list, its delivery state: one lookup per event delivered (this is the fan-out's inner loop). */
    private final Map<Long, Delivery> delivery = new HashMap<>();
    private final ArrayDeque<Slot> outbox = new ArrayDeque<>();
    private boolean closed;
    private int sendsSinceCheck;
    private long bytesSinceCheck;
    /** A close requested while replies were still pending; done once they are sent. */
    private int closeCode;
    private String closeReason;

    Session(long serial, Peer peer, OrderedStore storage, Metrics metrics) {
        this.serial = serial;
        this.peer = peer;
        this.storage = storage;
        this.metrics = metrics;
    }

    // ---- as a caller ---------------------------------------------------------------------------------------

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public Feed feed() {
        return feed;
    }

    @Override
    public InetAddress remoteAddress() {
        return peer.remoteAddress();
    }

    @Override
    public boolean gone() {
        return closed;
    }

    @Override
    public void publish(List<Effect> effects) {
        publisher.accept(effects);
    }

    /** Set once, when the session opens. */
    void attach(Feed f, Consumer<List<Effect>> publishTo) {
        this.feed = f;
        this.publisher = publishTo;
    }

    boolean signedIn() {
        return identity != null;
    }

    /** The signed-in user's id; only when {@link #signedIn}. */
    long userId() {
        return identity.userId();
    }

    void signIn(Identity who) {
        identity = who;
    }

    void signOut() {
        identity = null;
    }

    boolean closed() {
        return closed;
    }

    /** The transport has closed: nothing more is sent. */
    void markClosed() {
        closed = true;
    }

    // ---- replies -------------------------------------------------------------------------------------------

    /** A reply position, filled in when the request completes. */
    static final class Slot {
        String text;
    }

    /** Reserves the next reply position, for a request that has just arrived. */
    Slot reserve() {
        Slot s = new Slot();
        outbox.add(s);
        return s;
    }

    /** Fills a reserved slot and sends every reply that is now next in line. */
    void answer(Slot slot, String text) {
        slot.text = text;
        while (!outbox.isEmpty() && outbox.peek().text != null) {
            String next = outbox.poll().text;
            // With another request of this connection still in flight its reply follows soon, so this one may wait
            // for the end of the loop's burst and leave with it in one write: a pipelining client's replies from
            // one group commit took a write each (a third of the loop's time in the 16 x 32 writes benchmark). The
            // last reply of a connection with nothing in flight goes at once, so a lone request never waits.
            sendNow(next, !outbox.isEmpty());
        }
        if (outbox.isEmpty() && closeCode != 0) {
            peer.close(closeCode, closeReason);
            closeCode = 0;
        }
    }

    /** Sends an event now, or behind the replies still pending. */
    void push(String text) {
        if (!closed) {
            metrics.eventQueued();
        }
        if (outbox.isEmpty()) {
            sendNow(text, true);
        } else {
            Slot s = new Slot();
            s.text = text;
            outbox.add(s);
        }
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

    // ---- list events ---------------------------------------------------------------------------------------

    boolean subscribedTo(long list) {
        return lists.contains(list);
    }

    /** A copy of the lists this session is subscribed to. */
    List<Long> subscribedLists() {
        return new ArrayList<>(lists);
    }

    /** Called by {@link FanOut}, which keeps the index of subscribers by list. */
    void subscribed(long list) {
        lists.add(list);
    }

    /** Called by {@link FanOut}; drops the list's delivery state too. */
    void unsubscribed(long list) {
        lists.remove(list);
        forget(list);
    }

    /** A list event waiting for its subscriber's snapshot: its rev and its text. */
    record Held(long rev, String text) {}

    /**
     * Delivers one of a list's events. {@code rev} is the task event's rev, or 0 for events without one (presence).
     * While the list's snapshot is being read, task events are held (and presence dropped: the reply has the
     * current online set); afterwards only revs above the last one seen go out, so none is sent twice.
     */
    void pushListEvent(long list, long rev, String text) {
        Delivery d = delivery.get(list);
        if (d != null && d.held != null) {
            if (rev > 0) {
                d.held.add(new Held(rev, text));
            }
            return;
        }
        if (rev > 0) {
            if (d == null) {
                d = new Delivery();
                delivery.put(list, d);
            } else if (rev <= d.seen) {
                return;
            }
            d.seen = rev;
        }
        push(text);
    }

    /** One list's delivery state. */
    private static final class Delivery {
        /**
         * While the list's subscribe snapshot is being read, the task events that arrived meanwhile; null once live.
         * Its identity tells one catch-up from a later one.
         */
        List<Held> held;
        /** The last task-event rev delivered (or the snapshot's rev); events at or below it are dropped. */
        long seen;
    }

    /** From now until {@link #endCatchUp} or {@link #unsubscribed}, the list's events are held. */
    void beginCatchUp(long list) {
        delivery.computeIfAbsent(list, k -> new Delivery()).held = new ArrayList<>();
    }

    boolean catchingUp(long list) {
        Delivery d = delivery.get(list);
        return d != null && d.held != null;
    }

    /** Tells one catch-up of the list from a later one (the same object until it ends), or null when none runs. */
    Object catchUpToken(long list) {
        Delivery d = delivery.get(list);
        return d == null ? null : d.held;
    }

    /** The snapshot at {@code rev} has been queued: send the held events that are newer, then go live. */
    void endCatchUp(long list, long rev) {
        endCatchUp(list, rev, List.of());
    }

    /**
     * As {@link #endCatchUp(long, long)}, sending first the events in {@code missed} (in rev order): ones the bus
     * read for this subscriber, older than those it held. Either may repeat the other; each rev goes out once.
     */
    void endCatchUp(long list, long rev, List<Held> missed) {
        Delivery d = delivery.computeIfAbsent(list, k -> new Delivery());
        List<Held> held = d.held;
        d.held = null;
        d.seen = rev;
        missed.forEach(b -> pushListEvent(list, b.rev(), b.text()));
        if (held != null) {
            held.forEach(b -> pushListEvent(list, b.rev(), b.text()));
        }
    }

    /** Drops the per-list delivery state (unsubscribed, removed from the list, or the subscribe failed). */
    private void forget(long list) {
        delivery.remove(list);
    }

    // ---- the transport -------------------------------------------------------------------------------------

    /** @param mayWait whether the transport may hold it until the loop's burst ends ({@link Peer#sendInBurst}) */
    private void sendNow(String text, boolean mayWait) {
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
                log.warn("closing {} ({}): {} bytes unsent, client too slow", peer.describe(), username(), unsent);
                peer.close(CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resync");
                metrics.slowConsumerClosed(false);
                closed = true;
                return;
            }
        }
        if (mayWait) {
            peer.sendInBurst(text);
        } else {
            peer.send(text);
        }
    }

    private String username() {
        return identity == null ? null : identity.username();
    }

    @Override
    public String toString() {
        return "session " + serial + " (" + (identity == null ? "anonymous" : identity.username()) + ", "
                + peer.describe() + ")";
    }
}
