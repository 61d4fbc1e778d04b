package todo.bench;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import todo.app.ClusterConfig;
import todo.app.Config;
import todo.app.Server;
import todo.support.infra.NatsServer;
import todo.support.infra.Postgres;

/**
 * Issue 9's cluster benchmark (not a JUnit test: a {@code main} run by {@code bench/cluster.sh}). Starts a private
 * PostgreSQL and nats-server (todo.support.infra) and real servers in this JVM (production wiring, rate limit off,
 * cheap PBKDF2), each repetition on a fresh database. Prints Markdown tables of medians.
 *
 * <pre>
 *   --reps N        repetitions per row (default 3)
 *   --duration S    measured seconds per run (default 10), after --warmup S (default 3)
 *   --writers N     writer connections of the creates rows (default 16), each with --inflight N (default 32)
 *   --subs N        subscribers of the fan-out rows (default 1000), --rate N creates/s by one writer (default 200)
 *   --only LIST     comma-separated subset of: creates,fanout
 *   --stores LIST   the creates rows' stores, comma-separated subset of: SQLite,PostgreSQL (default both)
 *   --keyed         the creates rows' creates carry an idempotency key each (as the web client's do)
 *   --out FILE      also write the tables to FILE
 * </pre>
 */
public final class ClusterBench {
    static final int ITERATIONS = 1_000;
    private int reps = 3;
    private int duration = 10;
    private int warmup = 3;
    private int writers = 16;
    private int inflight = 32;
    private int subs = 1000;
    private int rate = 200;
    private boolean keyed;
    private final AtomicLong keys = new AtomicLong();
    private Set<String> only = new LinkedHashSet<>(List.of("creates", "fanout"));
    private List<String> stores = List.of("SQLite", "PostgreSQL");
    private Path out;
    private final StringBuilder report = new StringBuilder();
    private Postgres pg;
    private NatsServer nats;
    private int databases;

    public static void main(String[] args) throws Exception {
        ClusterBench b = new ClusterBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> b.reps = Integer.parseInt(args[++i]);
                case "--duration" -> b.duration = Integer.parseInt(args[++i]);
                case "--warmup" -> b.warmup = Integer.parseInt(args[++i]);
                case "--writers" -> b.writers = Integer.parseInt(args[++i]);
                case "--inflight" -> b.inflight = Integer.parseInt(args[++i]);
                case "--subs" -> b.subs = Integer.parseInt(args[++i]);
                case "--rate" -> b.rate = Integer.parseInt(args[++i]);
                case "--keyed" -> b.keyed = true;
                case "--only" -> b.only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--stores" -> b.stores = Arrays.asList(args[++i].split(","));
                case "--out" -> b.out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        try {
            b.run();
        } finally {
            b.stop();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        pg = Postgres.start();
        nats = NatsServer.start();
        line("# Cluster benchmark");
        line("");
        line(String.format(Locale.ROOT, "reps %d, %d s measured after %d s warm-up; PostgreSQL %s, nats-server %s",
                reps, duration, warmup, pg, nats));
        if (only.contains("creates")) creates();
        if (only.contains("fanout")) fanout();
        if (out != null) Files.writeString(out, report.toString());
    }

    private void stop() {
        if (nats != null) nats.close();
        if (pg != null) pg.close();
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    private Config base(Path dir) {
        Config c = Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0).withMaxRate(0)
                .withPasswordIterations(ITERATIONS).withDb(dir.resolve("todo.db"));
        return c.withLimits(c.limits().withTasksPerList(100_000_000).withHashPerAddress(10_000)
                .withHashPerConnection(1_000))
                .withNet(c.net().withMaxConnections(60_000, 60_000));
    }

    private String freshDatabase() {
        String name = "bench_" + (++databases);
        pg.createDatabase(name);
        return pg.url(name, "");
    }

    // ---- durable creates/s on one node -------------------------------------------------------------------

    private void creates() throws Exception {
        line("");
        line("## Durable creates/s on one node: " + writers + " writers x " + inflight + " in flight"
                + (keyed ? ", each create with a key" : ""));
        line("");
        line("| Store | Lists | creates/s, median | runs |");
        line("|---|---|---|---|");
        for (String store : stores) {
            for (int lists : new int[] {1, writers}) {
                List<Double> runs = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    runs.add(createsOnce(store.equals("PostgreSQL"), lists));
                }
                line("| " + store + " | " + (lists == 1 ? "1 (hot)" : lists) + " | " + Stats.fmt(Stats.median(runs))
                        + " | " + runs.stream().map(Stats::fmt).toList() + " |");
            }
        }
    }

    private double createsOnce(boolean postgres, int lists) throws Exception {
        Path dir = Files.createTempDirectory("todo-cluster-bench");
        Config c = base(dir);
        if (postgres) c = c.withPostgres(freshDatabase());
        try (Server server = Server.start(c)) {
            String url = "ws://127.0.0.1:" + server.wsPort() + "/";
            BenchClient owner = BenchClient.connect(url);
            owner.ok(BenchClient.json("type", "register", "username", "writer", "password", "password-writer"));
            List<Long> listIds = new ArrayList<>();
            long first = owner.ok(BenchClient.json("type", "lists")).getAsJsonArray("lists").get(0)
                    .getAsJsonObject().get("id").getAsLong();
            listIds.add(first);
            while (listIds.size() < lists) {
                listIds.add(owner.ok(BenchClient.json("type", "list.create", "title", "l" + listIds.size()))
                        .getAsJsonObject("list").get("id").getAsLong());
            }
            List<BenchClient> ws = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                BenchClient w = BenchClient.connect(url);
                w.ok(BenchClient.json("type", "login", "username", "writer", "password", "password-writer"));
                w.listId = listIds.get(i % lists);
                ws.add(w);
            }
            AtomicLong acked = new AtomicLong();
            AtomicInteger running = new AtomicInteger(1);
            for (BenchClient w : ws) {
                for (int k = 0; k < inflight; k++) {
                    sendCreate(w, acked, running);
                }
            }
            sleep(warmup);
            WriteFigures w0 = WriteFigures.scrape(server.httpPort());
            long a0 = acked.get();
            long t0 = System.nanoTime();
            sleep(duration);
            long a1 = acked.get();
            long t1 = System.nanoTime();
            WriteFigures w1 = WriteFigures.scrape(server.httpPort());
            running.set(0);
            System.err.println("  " + (postgres ? "PostgreSQL" : "SQLite") + ", " + lists + " list(s): "
                    + w1.since(w0).describe());
            ws.forEach(BenchClient::closeQuietly);
            owner.closeQuietly();
            return (a1 - a0) / ((t1 - t0) / 1e9);
        }
    }

    private void sendCreate(BenchClient w, AtomicLong acked, AtomicInteger running) {
        if (running.get() == 0 || !w.isOpen()) {
            return;
        }
        long id = w.nextId();
        String key = keyed ? ",\"key\":\"k" + keys.incrementAndGet() + "\"" : "";
        w.send(id, "{\"type\":\"task.create\",\"list\":" + w.listId + ",\"name\":\"c\"" + key, (rid, ok, frame, nanos) -> {
            if (ok) acked.incrementAndGet();
            sendCreate(w, acked, running);
        });
    }

    // ---- fan-out over 3 nodes vs 1, the hop, and what a node costs -------------------------------------

    private void fanout() throws Exception {
        line("");
        line("## Fan-out: " + subs + " subscribers, one writer at " + rate + " creates/s (on node 1)");
        line("");
        line("| Subscribers on | events/s delivered | p50 ms (same node / other nodes) | p99 ms (same / other) | hop p50 ms (first arrivals) |"
                + " NATS msgs in+out per node per s | PG connections per node |");
        line("|---|---|---|---|---|---|---|");
        for (int nodes : new int[] {1, 3}) {
            List<double[]> runs = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                runs.add(fanoutOnce(nodes));
            }
            double[] m = new double[runs.get(0).length];
            for (int i = 0; i < m.length; i++) {
                int k = i;
                m[i] = Stats.median(runs.stream().map(x -> x[k]).toList());
            }
            line("| " + (nodes == 1 ? "1 node" : "3 nodes") + " | " + Stats.fmt(m[0]) + " | " + Stats.fmt(m[1]) + " / "
                    + Stats.fmt(m[2]) + " | " + Stats.fmt(m[3]) + " / " + Stats.fmt(m[4]) + " | " + (nodes == 1 ? "n/a" : Stats.fmt(m[7]))
                    + " | " + Stats.fmt(m[5]) + " | " + Stats.fmt(m[6]) + " |");
        }
    }

    /** {events/s, p50 same, p50 other, p99 same, p99 other, NATS msgs/s per node, PG connections per node, hop p50}. */
    private double[] fanoutOnce(int spread) throws Exception {
        String db = freshDatabase();
        List<Server> servers = new ArrayList<>();
        List<BenchClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path dir = Files.createTempDirectory("todo-cluster-bench");
                servers.add(Server.start(base(dir).withPostgres(db)
                        .withCluster(new ClusterConfig(List.of(nats.url()), "bench" + (i + 1)))));
            }
            String[] urls = servers.stream().map(s -> "ws://127.0.0.1:" + s.wsPort() + "/").toArray(String[]::new);
            BenchClient writer = BenchClient.connect(urls[0]);
            clients.add(writer);
            writer.ok(BenchClient.json("type", "register", "username", "fanout", "password", "password-fanout"));
            JsonObject lists = writer.ok(BenchClient.json("type", "lists"));
            long list = lists.getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
            int max = subs * 60;
            long[] same = new long[max];
            long[] other = new long[max];
            AtomicInteger nSame = new AtomicInteger();
            AtomicInteger nOther = new AtomicInteger();
            AtomicLong delivered = new AtomicLong();
            AtomicInteger measuring = new AtomicInteger();
            // Per event (its send time in micros): the first arrival on the writer's node and on any other node.
            Map<Long, long[]> firsts = new ConcurrentHashMap<>();
            long base = System.nanoTime();
            for (int i = 0; i < subs; i++) {
                int node = i % spread;
                BenchClient s = BenchClient.connect(urls[node]);
                clients.add(s);
                s.index = node;
                s.ok(BenchClient.json("type", "login", "username", "fanout", "password", "password-fanout"));
                s.ok(BenchClient.json("type", "subscribe", "list", list));
                s.events = (c, rev, number, nanos) -> {
                    if (measuring.get() == 0 || number < 0) return;
                    delivered.incrementAndGet();
                    long micros = (nanos - base) / 1_000 - number;
                    long[] arrival = c.index == 0 ? new long[] {micros, Long.MAX_VALUE} : new long[] {Long.MAX_VALUE, micros};
                    firsts.merge(number, arrival, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])});
                    if (c.index == 0) {
                        int k = nSame.getAndIncrement();
                        if (k < max) same[k] = micros;
                    } else {
                        int k = nOther.getAndIncrement();
                        if (k < max) other[k] = micros;
                    }
                };
            }
            long[] trafficBefore = new long[4];
            servers.forEach(sv -> add(trafficBefore, sv.bus().traffic()));
            AtomicInteger running = new AtomicInteger(1);
            Thread pacer = new Thread(() -> {
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                while (running.get() == 1) {
                    long micros = (System.nanoTime() - base) / 1_000;
                    writer.send(writer.nextId(), "{\"type\":\"task.create\",\"list\":" + list + ",\"name\":\"t" + micros + "\"",
                            (id, ok, frame, n) -> { });
                    next += interval;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "bench-pacer");
            pacer.start();
            sleep(warmup);
            measuring.set(1);
            long d0 = delivered.get();
            long t0 = System.nanoTime();
            sleep(duration);
            long d1 = delivered.get();
            long t1 = System.nanoTime();
            measuring.set(0);
            running.set(0);
            pacer.join();
            long[] trafficAfter = new long[4];
            servers.forEach(sv -> add(trafficAfter, sv.bus().traffic()));
            double seconds = (t1 - t0) / 1e9;
            double natsPerNodePerSecond = ((trafficAfter[0] - trafficBefore[0]) + (trafficAfter[1] - trafficBefore[1]))
                    / 3.0 / ((t1 - t0 + TimeUnit.SECONDS.toNanos(warmup)) / 1e9);
            return new double[] {(d1 - d0) / seconds,
                    Stats.percentile(same, Math.min(nSame.get(), max), 50) / 1000.0,
                    Stats.percentile(other, Math.min(nOther.get(), max), 50) / 1000.0,
                    Stats.percentile(same, Math.min(nSame.get(), max), 99) / 1000.0,
                    Stats.percentile(other, Math.min(nOther.get(), max), 99) / 1000.0,
                    natsPerNodePerSecond, pgConnections(db) / 3.0, hopMillis(firsts)};
        } finally {
            clients.forEach(BenchClient::closeQuietly);
            servers.forEach(Server::close);
        }
    }

    /**
     * The cross-node hop's added latency: per event, its first arrival on another node minus its first arrival on
     * the writer's node; the median, in ms (NaN with one node). First arrivals leave out each node's fan-out queue,
     * which the difference of the two p50 columns includes (and which varied by more than 1 ms between runs).
     */
    private static double hopMillis(Map<Long, long[]> firsts) {
        long[] hops = firsts.values().stream().filter(f -> f[0] != Long.MAX_VALUE && f[1] != Long.MAX_VALUE)
                .mapToLong(f -> f[1] - f[0]).toArray();
        return hops.length == 0 ? Double.NaN : Stats.percentile(hops, hops.length, 50) / 1000.0;
    }

    private static void add(long[] into, long[] x) {
        for (int i = 0; i < into.length; i++) into[i] += x[i];
    }

    /** Connections to the benchmark's database, as PostgreSQL counts them. */
    private double pgConnections(String address) throws Exception {
        String database = address.substring(address.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L); // a measurement window, not synchronisation
    }
}
