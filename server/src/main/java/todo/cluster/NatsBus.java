package todo.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Bus;
import todo.store.Store;
import todo.verbs.Effect;

/**
 * The cluster bus on core NATS (issue 9). After commit, a shared effect is applied here through the same path as
 * the effects received from other nodes ({@link #receive}) and published on its subjects: {@code todo.list.<id>}
 * for a list's task events, {@code todo.user.<id>} for list membership changes and sessions to close. The node
 * subscribes only to the lists with subscribers here and the users with sessions here. Task events reach
 * subscribers through {@link ListFeeds} (rev order, repeats dropped, gaps filled from {@code changes}); every
 * {@link #REV_CHECK_MILLIS}, and at once after a reconnect, the revs delivered are compared with the database's,
 * so that a change whose publish was lost (a node that died between commit and publish, a bus that was down)
 * reaches subscribers within that bound. Presence: each node announces its online set per list on the list's
 * subject, with its editing marks, when either changes and every {@link #HEARTBEAT_MILLIS}; other nodes keep them for
 * {@link RemotePresence#TTL_MILLIS}.
 *
 * <p>Threads: every {@link Bus} method runs on the loop, which owns all the state here. jnats delivers messages
 * on its dispatcher thread, which decodes them and hands them to the loop; encoding and publishing run on
 * {@code todo-bus-out}, in order; timers on {@code todo-bus-timer} only hand work to the loop; database reads go
 * to the store's read pool and complete on the loop.
 */
public final class NatsBus implements Bus, AutoCloseable {
    public static final long REV_CHECK_MILLIS = 2_000;
    public static final long HEARTBEAT_MILLIS = 2_000;
    /**
     * Test-only fault hook: a comma-separated list of node ids whose bus applies its effects locally but does
     * not publish them, as a node that died between commit and publish would (read at each publish).
     */
    public static final String SKIP_PUBLISH_PROPERTY = "todo.test.skipPublish";
    /** How often other nodes' presence entries are checked for expiry. */
    static final long EXPIRY_CHECK_MILLIS = 500;
    static final Duration RECONNECT_WAIT = Duration.ofMillis(250);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration PING_INTERVAL = Duration.ofSeconds(2);
    /** Effect message ids remembered, to apply a message heard on several user subjects once. */
    static final int REMEMBERED_IDS = 8_192;
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final String node;
    /** This run of the node: message ids are unique per run even if a restarted node reuses its name. */
    private final String origin;
    private final java.util.concurrent.Executor loop;
    private final Store store;
    private final ListFeeds feeds;
    private final RemotePresence remote = new RemotePresence();
    private final SessionAudit audit;
    private final ExecutorService out;
    private final ScheduledExecutorService timer;
    private Connection nc;
    private io.nats.client.Dispatcher inbox;
    private Sink sink;
    private long seq;
    private boolean checking;
    private final Map<Long, Set<String>> localOnline = new HashMap<>();
    /** This node's editing marks per list, by task id, as last announced. */
    private final Map<Long, Map<Long, Set<String>>> localEditing = new HashMap<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    private NatsBus(String node, java.util.concurrent.Executor loop, Store store) {
        this.node = node;
        byte[] run = new byte[4];
        new SecureRandom().nextBytes(run);
        this.origin = node + "-" + HexFormat.of().formatHex(run);
        this.loop = loop;
        this.store = store;
        this.feeds = new ListFeeds(ListFeeds.Changes.of(store));
        this.audit = new SessionAudit(store);
        this.out = Executors.newSingleThreadExecutor(r -> daemon(r, "todo-bus-out"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "todo-bus-timer"));
    }

    /**
     * Connects to NATS at {@code urls} and starts the timers. Throws when no server can be reached at start;
     * afterwards the connection is retried for ever, and the node serves its own clients meanwhile.
     *
     * @param loop  the event loop, which the bus hands all its work to
     * @param store the shared database, read for gaps and revs (on its read pool)
     */
    public static NatsBus connect(List<String> urls, String node, java.util.concurrent.Executor loop, Store store)
            throws IOException {
        NatsBus bus = new NatsBus(node, loop, store);
        Options options = new Options.Builder()
                .servers(urls.toArray(String[]::new))
                .connectionName("todo-" + node)
                .noEcho()
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .connectionTimeout(CONNECT_TIMEOUT)
                .pingInterval(PING_INTERVAL)
                .connectionListener(bus::connectionEvent)
                .errorListener(new Errors(node))
                .build();
        try {
            bus.nc = Nats.connect(options);
        } catch (IOException e) {
            bus.close();
            throw new IOException("could not connect to NATS at " + String.join(", ", urls) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bus.close();
            throw new IOException("interrupted while connecting to NATS", e);
        }
        bus.inbox = bus.nc.createDispatcher(msg -> bus.arrived(msg.getData()));
        bus.timer.scheduleAtFixedRate(() -> loop.execute(bus::checkRevs), REV_CHECK_MILLIS, REV_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        bus.timer.scheduleAtFixedRate(() -> loop.execute(bus::heartbeat), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        bus.timer.scheduleAtFixedRate(() -> loop.execute(bus::expire), EXPIRY_CHECK_MILLIS, EXPIRY_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        log.info("node {} joined the bus at {}", node, bus.nc.getConnectedUrl());
        return bus;
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /** Messages and bytes this node received and sent on NATS so far: {in msgs, out msgs, in bytes, out bytes}. Any thread. */
    public long[] traffic() {
        io.nats.client.Statistics st = nc.getStatistics();
        return new long[] {st.getInMsgs(), st.getOutMsgs(), st.getInBytes(), st.getOutBytes()};
    }

    /**
     * How many users signed in here the session audit knows the lists of (read when they signed in here): a lost
     * {@code list.added} or role change of theirs committed after that read is repaired. Any thread; for tests.
     */
    public int usersWithListsKnown() {
        return audit.knownUsers();
    }

    /** Session audits completed on this node. Any thread; for tests. */
    public long audits() {
        return audit.completed();
    }

    /** Whether the bus is connected now. Any thread. */
    public boolean connected() {
        return nc != null && nc.getStatus() == Connection.Status.CONNECTED;
    }

    // ---- Bus, on the loop -----------------------------------------------------------------------------------

    @Override
    public void attach(Sink s) {
        this.sink = s;
        feeds.attach(s);
    }

    @Override
    public boolean shares(Effect e) {
        return Kinds.of(e) != null;
    }

    @Override
    public void publish(Effect e) {
        Kinds.Kind<?> kind = Kinds.of(e);
        Envelope env = Envelope.effect(node, origin, ++seq, kind, e);
        // Published first: the other nodes' hop then overlaps this node's own fan-out, which writes to every local
        // recipient's socket before returning.
        if (skipPublish()) {
            log.warn("test fault hook {}: not publishing {}", SKIP_PUBLISH_PROPERTY, e.getClass().getSimpleName());
        } else {
            send(kind.list() != null
                    ? List.of(Subjects.list(kind.listOf(e)))
                    : kind.usersOf(e).stream().map(Subjects::user).toList(), env);
        }
        receive(env);
    }

    @Override
    public void watchList(long listId) {
        feeds.watch(listId);
        subscribe(Subjects.list(listId));
        send(List.of(Subjects.list(listId)), Envelope.ask(node, listId));
    }

    @Override
    public void unwatchList(long listId) {
        feeds.unwatch(listId);
        remote.forget(listId);
        unsubscribe(Subjects.list(listId));
    }

    @Override
    public void watchUser(long userId) {
        subscribe(Subjects.user(userId));
        audit.signedIn(userId);
    }

    @Override
    public void unwatchUser(long userId) {
        audit.forget(userId);
        unsubscribe(Subjects.user(userId));
    }

    @Override
    public void caughtUp(long listId, long rev, Consumer<List<Effect>> resume) {
        feeds.caughtUp(listId, rev, resume);
    }

    @Override
    public void localOnline(long listId, Set<String> online) {
        Set<String> before = localOnline.get(listId);
        if (online.isEmpty()) {
            if (before != null) {
                localOnline.remove(listId);
                announce(listId);
            }
        } else if (!online.equals(before)) {
            localOnline.put(listId, Set.copyOf(online));
            announce(listId);
        }
    }

    @Override
    public Set<String> remoteOnline(long listId) {
        return remote.online(listId);
    }

    @Override
    public void localEditing(long listId, Map<Long, Set<String>> editors) {
        Map<Long, Set<String>> copy = new HashMap<>();
        editors.forEach((task, users) -> {
            if (!users.isEmpty()) {
                copy.put(task, Set.copyOf(users));
            }
        });
        if (copy.equals(localEditing.getOrDefault(listId, Map.of()))) {
            return;
        }
        if (copy.isEmpty()) {
            localEditing.remove(listId);
        } else {
            localEditing.put(listId, copy);
        }
        announce(listId);
    }

    @Override
    public Map<Long, Set<String>> remoteEditing(long listId) {
        return remote.editing(listId);
    }

    /** Sends this node's online set and editing marks in the list (both empty: it has none left). */
    private void announce(long listId) {
        send(List.of(Subjects.list(listId)), Envelope.online(node, listId, localOnline.getOrDefault(listId, Set.of()),
            localEditing.getOrDefault(listId, Map.of())));
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    /** jnats's dispatcher thread: decode here, apply on the loop. */
    private void arrived(byte[] data) {
        Envelope env;
        try {
            env = Envelope.decode(data);
        } catch (RuntimeException e) {
            log.warn("ignoring a bus message this node cannot read: {}", e.toString());
            return;
        }
        loop.execute(() -> receive(env));
    }

    /** One message, from this node or another: the one path by which shared effects reach sessions. Loop. */
    private void receive(Envelope env) {
        if (env.ask()) {
            if (localOnline.containsKey(env.list()) || localEditing.containsKey(env.list())) {
                announce(env.list());
            }
        } else if (env.kind() == null) {
            if (feeds.watching(env.list())) {
                changed(remote.put(env.list(), env.node(), env.online(), env.editing(), System.nanoTime()));
            }
        } else if (env.kind().list() != null) {
            Effect e = env.effect();
            feeds.offer(env.kind().listOf(e), env.kind().revOf(e), e);
        } else if (seen.put(env.id(), Boolean.TRUE) == null) {
            audit.applied(env.effect());
            sink.deliver(env.effect());
        }
    }

    // ---- timers and reconnects, on the loop ---------------------------------------------------------------

    /**
     * Compares the revs delivered here with the database's and fills what the bus did not bring; and, with
     * {@link SessionAudit}, ends the subscriptions and sessions that lost membership and sign-out effects should
     * have ended.
     */
    private void checkRevs() {
        audit.run(sink);
        long[] ids = feeds.known();
        if (checking || ids.length == 0) {
            return;
        }
        checking = true;
        store.read(repo -> repo.changes().revs(ids)).whenComplete((revs, err) -> {
            checking = false;
            if (err != null) {
                log.warn("rev check failed: {}", err.toString());
            } else {
                feeds.heal(revs);
            }
        });
    }

    /** Announces this node's online sets again, so that other nodes keep them. */
    private void heartbeat() {
        Set<Long> lists = new HashSet<>(localOnline.keySet());
        lists.addAll(localEditing.keySet());
        lists.forEach(this::announce);
    }

    /** Drops other nodes' online sets that were not renewed in time: those nodes are gone or cut off. */
    private void expire() {
        remote.expire(System.nanoTime()).forEach(this::changed);
    }

    /** Tells the sessions here what changed in other nodes' presence and editing marks. */
    private void changed(RemotePresence.Changed c) {
        if (c.online()) {
            sink.remoteOnlineChanged(c.list());
        }
        if (!c.tasks().isEmpty()) {
            sink.remoteEditingChanged(c.list(), c.tasks());
        }
    }

    /** jnats's connection thread. */
    private void connectionEvent(Connection conn, ConnectionListener.Events type) {
        switch (type) {
            case DISCONNECTED -> log.warn("node {}: bus disconnected; serving local clients, retrying", node);
            case RECONNECTED -> log.info("node {}: bus reconnected to {}", node, conn.getConnectedUrl());
            case RESUBSCRIBED -> loop.execute(() -> {
                checkRevs();
                heartbeat();
                for (long list : localOnline.keySet()) {
                    send(List.of(Subjects.list(list)), Envelope.ask(node, list));
                }
            });
            case CLOSED -> log.info("node {}: bus closed", node);
            default -> log.debug("node {}: bus {}", node, type);
        }
    }

    // ---- NATS ---------------------------------------------------------------------------------------------

    private void send(List<String> subjects, Envelope env) {
        try {
            out.execute(() -> {
                byte[] data = env.encode();
                for (String subject : subjects) {
                    try {
                        nc.publish(subject, data);
                    } catch (RuntimeException e) {
                        log.warn("publish to {} failed: {}", subject, e.toString());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("bus closed; not publishing");
        }
    }

    private void subscribe(String subject) {
        try {
            inbox.subscribe(subject);
        } catch (RuntimeException e) {
            log.warn("subscribe to {} failed: {}", subject, e.toString());
        }
    }

    private void unsubscribe(String subject) {
        try {
            inbox.unsubscribe(subject);
        } catch (RuntimeException e) {
            log.warn("unsubscribe from {} failed: {}", subject, e.toString());
        }
    }

    private boolean skipPublish() {
        String ids = System.getProperty(SKIP_PUBLISH_PROPERTY);
        return ids != null && List.of(ids.split(",")).contains(node);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops the timers, publishes what is queued, and closes the connection. Blocks; not on the loop. */
    @Override
    public void close() {
        timer.shutdownNow();
        out.shutdown();
        try {
            out.awaitTermination(2, TimeUnit.SECONDS);
            if (nc != null) {
                nc.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** jnats's reports, in this server's log rather than java.util.logging's; a refused reconnect is routine. */
    private record Errors(String node) implements io.nats.client.ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            log.warn("node {}: NATS error: {}", node, error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            log.debug("node {}: NATS connection: {}", node, exp.toString());
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            // Messages were dropped; the rev check fills what they carried.
            log.warn("node {}: slow consumer on the bus: messages dropped", node);
        }
    }
}
