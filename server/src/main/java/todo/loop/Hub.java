package todo.loop;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.TaskEvent;
import todo.model.TodoList;
import todo.model.User;
import todo.protocol.ApiException;
import todo.protocol.Decoder;
import todo.protocol.ErrorCode;
import todo.protocol.Request;
import todo.protocol.Wire;
import todo.store.Store;

/**
 * The loop side of the server, in the spirit of Tornado's chat demo: sessions come and go, each frame is decoded
 * and dispatched, and every committed change is sent to whoever should see it. Every method runs on the loop
 * thread; the WebSocket layer only ever calls {@link #opened}, {@link #message}, {@link #binary} and
 * {@link #closed} through {@link EventLoop#execute}.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final int MAX_TYPE_IN_MESSAGE = 40;

    final Store store;
    final Crypto crypto;
    final FairHashing hashing;
    final Limits limits;
    final int passwordIterations;
    final Registry registry = new Registry();
    final Subscriptions subscriptions = new Subscriptions();
    private final Broadcaster broadcaster = new Broadcaster(registry, subscriptions);
    private final int maxRate;
    private final Map<String, Verb> verbs = new HashMap<>();
    private final Map<Peer, Session> sessions = new HashMap<>();
    private long serials;
    private int inFlight;
    private boolean draining;
    private Runnable onIdle;
    private final Executor loop;
    /** Lists whose online set may have changed since the last presence flush. */
    private final Set<Long> presenceDirty = new LinkedHashSet<>();
    private boolean presenceFlushQueued;

    /** @param loop the event loop this hub runs on; used to defer presence announcements to the end of a turn */
    public Hub(Executor loop, Store store, Crypto crypto, int maxRate, int passwordIterations) {
        this(loop, store, crypto, maxRate, passwordIterations, Limits.defaults());
    }

    /** @param limits hashing shares, list and task caps, bulk chunk size */
    public Hub(Executor loop, Store store, Crypto crypto, int maxRate, int passwordIterations, Limits limits) {
        this.loop = loop;
        this.store = store;
        this.crypto = crypto;
        this.limits = limits;
        this.hashing = new FairHashing(crypto, limits);
        this.maxRate = maxRate;
        this.passwordIterations = passwordIterations;
        for (Verb v : Verbs.all()) {
            verbs.put(v.name(), v);
        }
    }

    // ---- transport events ----------------------------------------------------------------------------------

    public void opened(Peer peer) {
        if (draining) {
            peer.close(CloseCodes.GOING_AWAY, "server shutting down");
            return;
        }
        Session s = new Session(++serials, peer, maxRate, System.nanoTime());
        sessions.put(peer, s);
        registry.opened(s);
        log.info("open {}", s);
    }

    /** A decoded text frame (decoding is stateless, so the transport does it on its own threads). */
    public void message(Peer peer, Decoder.Decoded d) {
        Session s = sessions.get(peer);
        if (s == null || s.closed || draining) {
            return;
        }
        Session.Slot slot = s.reserve(d.re());
        if (!s.limiter.tryAcquire(System.nanoTime())) {
            s.fill(slot, Wire.error(d.re(), new ApiException(ErrorCode.RATE_LIMITED,
                    "too many requests: at most " + maxRate + " per second")));
        } else if (d.error() != null) {
            s.fill(slot, Wire.error(d.re(), d.error()));
        } else if (s.barrier) {
            s.backlog.add(() -> execute(s, slot, d.request()));
        } else {
            execute(s, slot, d.request());
        }
    }

    /** Binary frames are not part of the protocol; they still get their one reply. */
    public void binary(Peer peer) {
        Session s = sessions.get(peer);
        if (s != null && !s.closed && !draining) {
            s.fill(s.reserve(null), Wire.error(null, ApiException.badRequest("binary frames are not supported: send JSON text")));
        }
    }

    public void closed(Peer peer, int code, String reason) {
        Session s = sessions.remove(peer);
        if (s == null) {
            return;
        }
        log.info("close {} code={} reason={}", s, code, reason == null || reason.isEmpty() ? "-" : reason);
        s.closed = true;
        s.backlog.clear();
        List<Long> lists = subscriptions.removeAll(s);
        registry.closed(s);
        lists.forEach(this::announcePresence);
    }

    /**
     * Stops taking requests and connections, for shutdown. Requests already running complete; {@code idle} runs
     * (on the loop) once the last of them has been answered, or at once when none is running.
     */
    public void drain(Runnable idle) {
        draining = true;
        if (inFlight == 0) {
            idle.run();
        } else {
            onIdle = idle;
        }
    }

    public int sessionCount() {
        return registry.size();
    }

    // ---- dispatch ------------------------------------------------------------------------------------------

    private void execute(Session s, Session.Slot slot, Request req) {
        Verb v = verbs.get(req.type());
        CompletableFuture<Outcome> f;
        try {
            if (v == null) {
                String t = req.type();
                throw new ApiException(ErrorCode.UNKNOWN_TYPE, "unknown type: "
                        + (t.length() > MAX_TYPE_IN_MESSAGE ? t.substring(0, MAX_TYPE_IN_MESSAGE) + "..." : t));
            }
            if (v.needsAuth() && !s.signedIn()) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, "sign in first: register, login or auth");
            }
            f = v.handler().handle(new Call(this, s, req));
        } catch (RuntimeException e) {
            s.fill(slot, Wire.error(req.id(), toApi(e, req)));
            return;
        }
        inFlight++;
        if (v.exclusive()) {
            s.barrier = true;
        }
        f.whenComplete((out, err) -> finish(s, slot, req, v, out, err));
    }

    private void finish(Session s, Session.Slot slot, Request req, Verb v, Outcome out, Throwable err) {
        inFlight--;
        if (err != null) {
            s.fill(slot, Wire.error(req.id(), toApi(err, req)));
        } else {
            s.fill(slot, Wire.ok(req.id(), out.body(), out.rawName(), out.rawJson()));
            if (out.after() != null) {
                try {
                    out.after().run();
                } catch (RuntimeException e) {
                    log.error("after-reply work of {} failed", req.type(), e);
                }
            }
        }
        if (v.exclusive()) {
            s.barrier = false;
            while (!s.barrier && !s.backlog.isEmpty()) {
                s.backlog.poll().run();
            }
        }
        if (inFlight == 0 && onIdle != null) {
            loopIdle();
        }
    }

    /** Runs the drain callback after the current reply has gone out. */
    private void loopIdle() {
        Runnable r = onIdle;
        onIdle = null;
        r.run();
    }

    private static ApiException toApi(Throwable err, Request req) {
        Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (e instanceof ApiException api) {
            return api;
        }
        log.error("internal error in {}", req.type(), e);
        return new ApiException(ErrorCode.INTERNAL, "internal error: the request was not completed");
    }

    // ---- effects, run after a reply ------------------------------------------------------------------------

    void signIn(Session s, User user, byte[] tokenHash) {
        if (s.closed) {
            return;
        }
        if (s.signedIn()) {
            signOut(s);
        }
        s.userId = user.id();
        s.username = user.username();
        s.tokenHash = tokenHash;
        registry.signedIn(s);
        log.info("signed in {}", s);
    }

    void signOut(Session s) {
        List<Long> lists = subscriptions.removeAll(s);
        registry.signedOut(s);
        s.userId = 0;
        s.username = null;
        s.tokenHash = null;
        lists.forEach(this::announcePresence);
    }

    /** Signs the sessions out and closes them (after their pending replies) with {@code code}. */
    void closeSessions(List<Session> victims, int code, String reason) {
        for (Session v : victims) {
            signOut(v);
            v.close(code, reason);
        }
    }

    /**
     * Starts a subscription before its snapshot is read: from here on the list's events are held for the session,
     * so none committed after the snapshot can be missed.
     */
    void beginSubscribe(Session s, long listId) {
        subscriptions.add(s, listId);
        s.beginCatchUp(listId);
    }

    /**
     * The snapshot at {@code rev} is in the reply: release the held events newer than it. Does nothing when the
     * subscription ended meanwhile (the session closed, signed out, or lost the list).
     */
    void finishSubscribe(Session s, long listId, long rev) {
        if (s.subscriptions.contains(listId) && s.catchingUp(listId)) {
            s.endCatchUp(listId, rev);
            announcePresence(listId);
        }
    }

    /** The snapshot failed (not a member, or an error): no subscription. */
    void abortSubscribe(Session s, long listId) {
        if (s.catchingUp(listId)) {
            subscriptions.remove(s, listId);
            announcePresence(listId);
        }
    }

    void unsubscribe(Session s, long listId) {
        subscriptions.remove(s, listId);
        announcePresence(listId);
    }

    /**
     * Notes that the list's online set may have changed. The announcement goes out from a task queued behind what
     * the loop already has to do, so a burst of joins or leaves (a reconnect storm) costs one presence event per
     * list instead of one per session: otherwise N sessions joining send N events to up to N subscribers each.
     */
    void announcePresence(long listId) {
        presenceDirty.add(listId);
        if (!presenceFlushQueued) {
            presenceFlushQueued = true;
            loop.execute(this::flushPresence);
        }
    }

    private void flushPresence() {
        presenceFlushQueued = false;
        List<Long> lists = List.copyOf(presenceDirty);
        presenceDirty.clear();
        for (long listId : lists) {
            Set<String> online = subscriptions.presenceChange(listId);
            if (online != null) {
                broadcaster.toList(listId, 0, Wire.presence(listId, online));
            }
        }
    }

    void taskEvents(List<TaskEvent> events) {
        for (TaskEvent e : events) {
            broadcaster.toList(e.list(), e.rev(), Wire.taskEvent(e));
        }
    }

    /** Tells every member what happened to a list, and ends the subscriptions of those who lost it. */
    void listChanged(ListChange c) {
        TodoList before = c.before();
        TodoList after = c.after();
        Set<Long> was = memberIds(before);
        Set<Long> is = memberIds(after);
        long id = after != null ? after.id() : before.id();
        Set<Long> removed = new HashSet<>(was);
        removed.removeAll(is);
        Set<Long> added = new HashSet<>(is);
        added.removeAll(was);
        Set<Long> stayed = new HashSet<>(is);
        stayed.retainAll(was);
        if (after != null) {
            JsonObject list = Wire.list(after);
            broadcaster.toUsers(added, Wire.listEvent("list.added", list));
            boolean changed = !after.title().equals(before == null ? null : before.title()) || !removed.isEmpty() || !added.isEmpty();
            if (before != null && changed) {
                broadcaster.toUsers(stayed, Wire.listEvent("list.updated", list));
            }
        }
        broadcaster.toUsers(removed, Wire.listEvent("list.removed", Wire.listRef(id)));
        if (after == null) {
            subscriptions.dropList(id);
            return;
        }
        boolean presenceMayChange = false;
        for (long user : removed) {
            for (Session s : registry.ofUser(user)) {
                if (s.subscriptions.contains(id)) {
                    subscriptions.remove(s, id);
                    presenceMayChange = true;
                }
            }
        }
        if (presenceMayChange) {
            announcePresence(id);
        }
    }

    private static Set<Long> memberIds(TodoList l) {
        return l == null ? Set.of() : l.members().stream().map(Member::id).collect(Collectors.toSet());
    }
}
