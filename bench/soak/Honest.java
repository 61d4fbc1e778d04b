import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The honest load: a few users sharing lists, each with several connections that subscribe to all their lists and
 * create, update and complete tasks at a modest paced rate; plus a login prober. Every acked create (list, key, id) is
 * kept for the final check; subscribers check that revs arrive gap-free. Everything but setup and verification runs
 * on the honest {@link Ws.Loop}; setup and verification run on the main thread.
 */
final class Honest {
    static final int WINDOW = 8;                      // requests in flight per connection before a tick is skipped
    static final long LOGIN_PROBE_EVERY_MS = 3000, LOGIN_TIMEOUT_MS = 15_000, CALL_TIMEOUT_S = 60;
    static final int MAX_BACKOFF_MS = 5000;

    static final class User {
        final String name, password;
        volatile String token;
        final List<HList> lists = new ArrayList<>();

        User(String name, String password) { this.name = name; this.password = password; }
    }

    /** One shared list; its maps are touched only on the honest loop (and read by main after stop). */
    static final class HList {
        final long id;
        final User owner;
        final String title;
        final Map<String, Long> acked = new LinkedHashMap<>();  // create key -> task id
        final List<Long> taskIds = new ArrayList<>();

        HList(long id, User owner, String title) { this.id = id; this.owner = owner; this.title = title; }
    }

    final Ws.Loop loop;
    final InetSocketAddress ws;
    final Monitor mon;
    final String run;
    final int users, connsPerUser;
    final double ratePerConn;
    final List<User> all = new ArrayList<>();
    final List<HList> lists = new ArrayList<>();
    final List<Worker> workers = new ArrayList<>();
    User prober;
    volatile boolean running;
    final LongAdder revGaps = new LongAdder(), unackedCreates = new LongAdder(), ackedCreates = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final List<String> gapExamples = new ArrayList<>();
    final Map<String, LongAdder> errors = new java.util.concurrent.ConcurrentSkipListMap<>();
    final Hist ack = new Hist(), login = new Hist();
    final Map<String, LongAdder> logins = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Random rnd = new Random();
    private final AtomicLong seq = new AtomicLong();
    private boolean probing;

    Honest(Ws.Loop loop, InetSocketAddress ws, Monitor mon, String run, int users, int connsPerUser, double ratePerConn) {
        this.loop = loop;
        this.ws = ws;
        this.mon = mon;
        this.run = run;
        this.users = users;
        this.connsPerUser = connsPerUser;
        this.ratePerConn = ratePerConn;
    }

    /** Registers the users and the prober, creates one list per user shared with the next two. Main thread. */
    void setup() throws Exception {
        List<Ws.Conn> cs = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            User u = new User("h" + run + "u" + i, "honest-pw-" + run + "-" + i);
            Ws.Conn c = connect(ws, loop);
            u.token = Json.str(Json.top(must(c, "register", "\"username\":" + Json.q(u.name) + ",\"password\":" + Json.q(u.password)), "token"));
            all.add(u);
            cs.add(c);
        }
        for (int i = 0; i < users; i++) {
            User u = all.get(i);
            String title = "h" + run + " list " + i;
            long id = Json.num(Json.top(Json.top(must(cs.get(i), "list.create", "\"title\":" + Json.q(title)), "list"), "id"));
            HList l = new HList(id, u, title);
            lists.add(l);
            u.lists.add(l);
            for (int k = 1; k <= Math.min(2, users - 1); k++) {
                User m = all.get((i + k) % users);
                must(cs.get(i), "list.share", "\"list\":" + id + ",\"username\":" + Json.q(m.name));
                m.lists.add(l);
            }
        }
        prober = new User("h" + run + "probe", "probe-pw-" + run);
        Ws.Conn p = connect(ws, loop);
        must(p, "register", "\"username\":" + Json.q(prober.name) + ",\"password\":" + Json.q(prober.password));
        cs.add(p);
        cs.forEach(Ws.Conn::close);
    }

    /** Opens every worker connection and starts the paced operations and the login prober. Main thread. */
    void start() {
        running = true;
        for (User u : all)
            for (int k = 0; k < connsPerUser; k++) {
                Worker w = new Worker(u);
                workers.add(w);
                loop.exec(w::connect);
                loop.after(rnd.nextInt((int) Math.max(1, 1000 / ratePerConn)), w::tick);
            }
        loop.after(LOGIN_PROBE_EVERY_MS, this::probeLogin);
    }

    /** Waits until every worker has signed in and subscribed, at most timeoutMs. Main thread. */
    void awaitReady(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end && workers.stream().anyMatch(w -> !w.ready)) Thread.sleep(50);
    }

    /** Stops new operations, waits up to waitS for the requests in flight, closes the connections. Main thread. */
    void stop(long waitS) throws InterruptedException {
        running = false;
        long end = System.nanoTime() + waitS * 1_000_000_000L;
        while (System.nanoTime() < end && workers.stream().anyMatch(w -> w.inflight > 0)) Thread.sleep(50);
        for (Worker w : workers) if (w.c != null) w.c.close();
    }

    long inflight() { return workers.stream().mapToLong(w -> w.inflight).sum(); }

    private void error(String code) {
        mon.current().error(code);
        Slice.count(errors, code);
    }

    /** One honest connection: auth, subscribe to all the user's lists, then one paced operation per tick. */
    final class Worker {
        final User u;
        Ws.Conn c;
        boolean ready;
        volatile int inflight;
        int backoffMs = 500;
        final Map<Long, Long> lastRev = new HashMap<>();

        Worker(User u) { this.u = u; }

        void connect() {
            Ws.Conn conn = c = new Ws.Conn(loop, ws);
            conn.from = Raw.LOOPBACK;
            conn.onEvent = this::event;
            conn.closed.thenAccept(why -> loop.exec(() -> lost(conn, why)));
            conn.start();
            conn.opened.thenAccept(x -> conn.call("auth", "\"token\":" + Json.q(u.token)).thenAccept(m -> {
                if (Json.ok(m)) { subscribe(conn); return; }
                error("auth: " + Json.code(m));
                conn.call("login", "\"username\":" + Json.q(u.name) + ",\"password\":" + Json.q(u.password)).thenAccept(l -> {
                    if (!Json.ok(l)) { error("login: " + Json.code(l)); conn.close(); return; }
                    u.token = Json.str(Json.top(l, "token"));
                    subscribe(conn);
                });
            }));
        }

        private void subscribe(Ws.Conn conn) {
            int[] left = {u.lists.size()};
            for (HList l : u.lists)
                conn.call("subscribe", "\"list\":" + l.id).thenAccept(m -> {
                    if (!Json.ok(m)) { error("subscribe: " + Json.code(m)); return; }
                    lastRev.put(l.id, Json.num(Json.top(m, "rev")));
                    if (--left[0] == 0 && conn == c) { ready = true; backoffMs = 500; }
                });
        }

        private void lost(Ws.Conn conn, String why) {
            if (conn != c) return;
            ready = false;
            lastRev.clear();
            if (!running) return;
            error(why.startsWith("close ") ? "closed by server: " + why.substring(6) : why.startsWith("closed by us") ? why
                    : why.startsWith("connect") || why.startsWith("handshake") || why.startsWith("eof before") ? "connect failed: " + why
                    : "connection lost: " + why);
            reconnects.increment();
            loop.after(backoffMs, this::connect);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }

        void event(String m) {
            String type = Json.str(Json.top(m, "type"));
            if (type == null || !type.startsWith("task.")) return;
            long list = Json.num(Json.top(Json.top(m, "task"), "list")), rev = Json.num(Json.top(m, "rev"));
            Long last = lastRev.get(list);
            if (last == null) return;
            if (rev != last + 1) {
                revGaps.increment();
                if (gapExamples.size() < 5) gapExamples.add("list " + list + ": rev " + rev + " after " + last + " (" + type + ")");
            }
            lastRev.put(list, rev);
        }

        void tick() {
            if (!running) return;
            long period = (long) (1000 / ratePerConn);
            loop.after(Math.max(1, period / 2 + rnd.nextInt((int) Math.max(1, period))), this::tick);
            if (!ready) { Slice.count(mon.current().errors, "skipped: not connected"); return; }
            if (inflight >= WINDOW) { Slice.count(mon.current().errors, "skipped: " + WINDOW + " in flight"); return; }
            HList l = u.lists.get(rnd.nextInt(u.lists.size()));
            double r = rnd.nextDouble();
            Slice s = mon.current();
            long t0 = System.nanoTime();
            inflight++;
            if (r < 0.5 || l.taskIds.isEmpty()) {
                String key = run + "." + seq.incrementAndGet();
                c.call("task.create", "\"list\":" + l.id + ",\"name\":" + Json.q("h" + key) + ",\"key\":" + Json.q(key)
                        + ",\"note\":\"soak\"").whenComplete((m, e) -> {
                    done(s, t0, m, e);
                    if (m != null && Json.ok(m)) {
                        long id = Json.num(Json.top(Json.top(m, "task"), "id"));
                        l.acked.put(key, id);
                        l.taskIds.add(id);
                        ackedCreates.increment();
                    } else if (m == null) {
                        unackedCreates.increment();
                    }
                });
            } else {
                long task = l.taskIds.get(rnd.nextInt(l.taskIds.size()));
                String change = r < 0.8 ? "\"note\":" + Json.q("note " + seq.incrementAndGet()) : "\"completed\":" + rnd.nextBoolean();
                c.call("task.update", "\"task\":" + task + "," + change).whenComplete((m, e) -> done(s, t0, m, e));
            }
        }

        private void done(Slice s, long t0, String m, Throwable e) {
            inflight--;
            if (m == null) { error("no reply (connection ended)"); return; }
            long d = System.nanoTime() - t0;
            s.ack.record(d);
            ack.record(d);
            if (!Json.ok(m)) error(Json.code(m));
        }
    }

    /** Every few seconds a fresh connection logs the prober in: can an honest user still sign in? Honest loop. */
    private void probeLogin() {
        if (!running) return;
        loop.after(LOGIN_PROBE_EVERY_MS, this::probeLogin);
        if (probing) { Slice.count(mon.current().logins, "skipped: previous probe still waiting"); return; }
        probing = true;
        Slice s = mon.current();
        long t0 = System.nanoTime();
        Ws.Conn c = new Ws.Conn(loop, ws);
        c.from = Raw.LOOPBACK;
        boolean[] settled = {false};
        java.util.function.Consumer<String> finish = outcome -> {
            if (settled[0]) return;
            settled[0] = true;
            probing = false;
            Slice.count(s.logins, outcome);
            Slice.count(logins, outcome);
            c.close();
        };
        c.start();
        c.opened.whenComplete((x, e) -> {
            if (e != null) { loop.exec(() -> finish.accept("connect failed")); return; }
            long t1 = System.nanoTime();
            c.call("login", "\"username\":" + Json.q(prober.name) + ",\"password\":" + Json.q(prober.password)).whenComplete((m, e2) -> {
                if (m != null) { s.login.record(System.nanoTime() - t1); login.record(System.nanoTime() - t1); }
                finish.accept(m == null ? "no reply" : Json.code(m));
            });
        });
        loop.after(LOGIN_TIMEOUT_MS, () -> finish.accept("timeout " + LOGIN_TIMEOUT_MS / 1000 + " s"));
    }

    /** Result of the final check of every acked create against the server's `tasks`. */
    record Check(long acked, long lost, long duplicates, long wrongId, long unackedStored, List<String> examples) {}

    /** Reads every list back (as its owner, on fresh connections) and checks each acked create. Main thread. */
    Check verify(InetSocketAddress at) throws Exception {
        long acked = 0, lost = 0, dups = 0, wrong = 0, extra = 0;
        List<String> ex = new ArrayList<>();
        for (HList l : lists) {
            Ws.Conn c = connect(at, loop);
            try {
                must(c, "auth", "\"token\":" + Json.q(l.owner.token));
                String r = must(c, "tasks", "\"list\":" + l.id);
                Map<String, List<Long>> byName = new HashMap<>();
                for (String t : Json.elements(Json.top(r, "tasks")))
                    byName.computeIfAbsent(Json.str(Json.top(t, "name")), k -> new ArrayList<>()).add(Json.num(Json.top(t, "id")));
                for (Map.Entry<String, Long> a : l.acked.entrySet()) {
                    acked++;
                    List<Long> ids = byName.remove("h" + a.getKey());
                    if (ids == null) { lost++; if (ex.size() < 5) ex.add("lost: list " + l.id + " key " + a.getKey() + " id " + a.getValue()); }
                    else if (ids.size() > 1) { dups += ids.size() - 1; if (ex.size() < 5) ex.add("duplicate: key " + a.getKey() + " ids " + ids); }
                    else if (!ids.get(0).equals(a.getValue())) { wrong++; if (ex.size() < 5) ex.add("key " + a.getKey() + " acked as " + a.getValue() + ", stored as " + ids.get(0)); }
                }
                for (Map.Entry<String, List<Long>> e : byName.entrySet()) {
                    if (!e.getKey().startsWith("h" + run + ".")) continue;
                    extra++;  // sent, stored, but its reply never reached us (connection ended): allowed
                    if (e.getValue().size() > 1) { dups += e.getValue().size() - 1; if (ex.size() < 5) ex.add("duplicate (unacked): " + e.getKey()); }
                }
            } finally {
                c.close();
            }
        }
        return new Check(acked, lost, dups, wrong, extra, ex);
    }

    static Ws.Conn connect(InetSocketAddress at, Ws.Loop loop) throws Exception {
        Ws.Conn c = new Ws.Conn(loop, at);
        c.from = Raw.LOOPBACK;
        return c.start().opened.get(10, TimeUnit.SECONDS);
    }

    /** A call that must succeed; throws with the server's error code otherwise. Main thread. */
    static String must(Ws.Conn c, String type, String params) throws Exception {
        String m = c.call(type, params).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        if (!Json.ok(m)) throw new IllegalStateException(type + " answered " + Json.code(m) + ": " + Json.str(Json.top(m, "message")));
        return m;
    }
}
