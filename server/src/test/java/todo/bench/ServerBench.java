package todo.bench;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import todo.bench.Stats.Table;

/**
 * Rerunnable benchmark of the to-do server (not a JUnit test: a {@code main} run by {@code bench/run.sh}).
 * Every repetition of every scenario starts a fresh server on a new SQLite file in a temporary folder, with the
 * production wiring ({@code Server.start}), rate limiting off and a cheap PBKDF2 cost. All traffic goes to
 * 127.0.0.1. Results are medians over the repetitions.
 *
 * <pre>
 *   --quick        smoke run (~1 minute): smaller sizes, one repetition
 *   --reps N       repetitions per scenario (default 5)
 *   --tmp DIR      where the temporary database folders go (default java.io.tmpdir)
 *   --only LIST    comma-separated subset of: writes,pipelining,memory,fanout
 *   --out FILE     also write the Markdown tables to FILE
 * </pre>
 */
public final class ServerBench {
    /** Bound on each measured phase. */
    static final long PHASE_TIMEOUT_SECONDS = 120;
    static final double MIB = 1024.0 * 1024.0;

    private final boolean quick;
    private final int reps;
    private final Path tmp;
    private final Set<String> only;
    private final List<String> problems = new ArrayList<>();

    // sizes
    private final int[][] writeShapes; // {clients, tasks per client}
    private final int pipeN;
    private final int pipeOthers = 10;
    private final int interactiveN;
    private final int memConns;
    private final int fanSubs;
    private final int fanTasks;
    private final int stormSubs;
    private final int stormTasks;

    private final Table writes = new Table("1. Writes: C clients, one shared list, all subscribed, one request outstanding per client");
    private final Table pipelining = new Table("2. Pipelining");
    private final Table groupCommit = new Table("3. Group commit (write transactions counted by the store)");
    private final Table memory = new Table("4. Memory (server alone in a child JVM, heap used after System.gc())");
    private final Table fanout = new Table("5. Broadcast fan-out: one list, S subscribers (distinct users), one writer");
    private final Table storm = new Table(
            "7. Subscribe storm: K connections subscribe at once to a list of T tasks (full snapshots), while another "
            + "connection keeps creating tasks one at a time in its own list and an idle one pings");
    private final Stats.Wide cpu = new Stats.Wide(
            "6. Where the CPU goes: thread CPU time by role, in % of the phase's wall time (200% = both cores busy)",
            List.of("event loop", "SQLite writer", "WS selector + workers", "bench clients", "other JVM threads",
                    "whole JVM (incl. GC)", "machine (all processes)", "loop µs / task", "loop µs / event delivered"));

    private ServerBench(boolean quick, int reps, Path tmp, Set<String> only) {
        this.quick = quick;
        this.reps = reps;
        this.tmp = tmp;
        this.only = only;
        if (quick) {
            writeShapes = new int[][] {{1, 100}, {10, 30}, {50, 10}};
            pipeN = 500;
            interactiveN = 40;
            memConns = 200;
            fanSubs = 50;
            fanTasks = 100;
            stormSubs = 20;
            stormTasks = 500;
        } else {
            writeShapes = new int[][] {{1, 300}, {10, 100}, {50, 40}};
            pipeN = 2000;
            interactiveN = 100;
            memConns = 1000;
            fanSubs = 200;
            fanTasks = 500;
            stormSubs = 100;
            stormTasks = 2000;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Integer reps = null;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> only = new LinkedHashSet<>(List.of("writes", "pipelining", "memory", "fanout", "storm"));
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--tmp" -> tmp = Path.of(args[++i]);
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        ServerBench b = new ServerBench(quick, reps != null ? reps : quick ? 1 : 5, tmp, only);
        String report = b.run();
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
        // Client threads of Java-WebSocket are not daemons; do not wait for stragglers.
        System.exit(b.problems.isEmpty() ? 0 : 1);
    }

    private String run() throws Exception {
        long t0 = System.nanoTime();
        log("benchmark: " + (quick ? "quick" : "full") + ", " + reps + " repetition(s), temp dir " + tmp);
        log("warm-up (results discarded)");
        Table scratch = new Table("warm-up");
        guard("warm-up", () -> writeRun(scratch, scratch, 10, 30));
        guard("warm-up", () -> pipeSolo(scratch, scratch, 500, true));

        for (int rep = 1; rep <= reps; rep++) {
            if (only.contains("writes")) {
                for (int[] shape : writeShapes) {
                    int r = rep;
                    log("rep " + rep + ": writes C=" + shape[0] + " x " + shape[1]);
                    guard("writes C=" + shape[0] + " rep " + r, () -> writeRun(writes, groupCommit, shape[0], shape[1]));
                }
            }
            if (only.contains("pipelining")) {
                int r = rep;
                log("rep " + rep + ": pipelining");
                double[] serial = {Double.NaN};
                double[] piped = {Double.NaN};
                guard("one-at-a-time rep " + r, () -> serial[0] = pipeSolo(pipelining, groupCommit, pipeN, false));
                guard("pipelined rep " + r, () -> piped[0] = pipeSolo(pipelining, groupCommit, pipeN, true));
                if (!Double.isNaN(piped[0] / serial[0])) {
                    pipelining.add("pipelined ÷ one-at-a-time throughput (same connection, same n)", "×", piped[0] / serial[0]);
                }
                guard("pipelined x" + (pipeOthers + 1) + " rep " + r, () -> pipeMany(piped[0]));
                guard("interactive alone rep " + r, () -> interactive(false));
                guard("interactive with hog rep " + r, () -> interactive(true));
            }
            if (only.contains("memory")) {
                int r = rep;
                log("rep " + rep + ": memory with " + memConns + " connections");
                guard("memory rep " + r, this::memoryRun);
            }
            if (only.contains("fanout")) {
                int r = rep;
                log("rep " + rep + ": fan-out to " + fanSubs + " subscribers");
                guard("fanout rep " + r, this::fanoutRun);
            }
            if (only.contains("storm")) {
                int r = rep;
                log("rep " + rep + ": subscribe storm, " + stormSubs + " x " + stormTasks + " tasks");
                guard("storm rep " + r, this::stormRun);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return report(secs);
    }

    // ---- 1. writes ---------------------------------------------------------------------------------------------

    private void writeRun(Table t, Table gc, int c, int n) throws Exception {
        try (Fixture f = new Fixture(tmp)) {
            List<BenchClient> cs = f.users("w", c);
            long list = Fixture.sharedList(cs.get(0), cs);
            Fixture.subscribe(cs, list);
            BenchClient probeClient = f.connect();
            Fixture.barrier(f.clients);
            Load load = new Load(c * n);
            Delivery d = new Delivery(cs, c * n, load);
            for (int i = 0; i < c; i++) {
                load.new Driver(cs.get(i), list, i * n, n, false);
            }
            Probe probe = new Probe(probeClient).start();
            long c0 = f.commits();
            long b0 = f.batches();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            for (Load.Driver dr : load.drivers) {
                dr.start();
            }
            require(load.await(PHASE_TIMEOUT_SECONDS), "replies", load.replies.getCount() + " missing");
            long c1 = f.commits();
            long b1 = f.batches();
            require(d.await(PHASE_TIMEOUT_SECONDS), "events", (d.subscribers * (long) d.expected - d.delivered()) + " missing");
            Map<String, Long> used = cpu.stop();
            long[] rtt = probe.finish();
            String p = "C=" + c + " (" + n + " each): ";
            if (t == writes) { // not during the warm-up
                cpuRows("1. writes C=" + c, used, d.allDelivered() - start, c * n, d.delivered());
            }
            double secs = (load.lastReply.get() - start) / 1e9;
            long[] lat = load.latencies();
            long[] lags = d.lags();
            double allMs = (d.allDelivered() - start) / 1e6;
            t.add(p + "tasks/s", "tasks/s", c * n / secs);
            t.add(p + "reply latency p50", "ms", Stats.percentile(lat, lat.length, 50) / 1e6);
            t.add(p + "reply latency p99", "ms", Stats.percentile(lat, lat.length, 99) / 1e6);
            t.add(p + "every subscriber has every event after", "ms", allMs);
            t.add(p + "event send→arrival p50 (all subscribers)", "ms", Stats.percentile(lags, lags.length, 50) / 1e6);
            t.add(p + "event send→arrival p99 (all subscribers)", "ms", Stats.percentile(lags, lags.length, 99) / 1e6);
            t.add(p + "events delivered/s", "events/s", d.delivered() / (allMs / 1e3));
            probeRows(t, p, rtt);
            t.add(p + "errors + rev-order violations", "count", load.errors.get() + d.orderViolations.get());
            commitRows(gc, "1. writes C=" + c, c * n, c1 - c0, b1 - b0, secs);
            check(load, d, "writes C=" + c);
        }
    }

    /** The probe's ping round trips: the typical one and the worst (the longest the loop kept a ping waiting). */
    private static void probeRows(Table t, String p, long[] rtt) {
        t.add(p + "idle conn's ping RTT during the phase, p50", "ms", Stats.percentile(rtt.clone(), rtt.length, 50) / 1e6);
        t.add(p + "idle conn's ping RTT during the phase, max", "ms", Stats.percentile(rtt.clone(), rtt.length, 100) / 1e6);
    }

    /** Where the CPU went during a phase (all threads of this JVM, grouped), as % of the phase's wall time. */
    private void cpuRows(String p, Map<String, Long> used, long wallNanos, long tasks, long deliveries) {
        String[][] cols = {{"event loop", CpuMeter.LOOP}, {"SQLite writer", CpuMeter.WRITER},
            {"WS selector + workers", CpuMeter.WS}, {"bench clients", CpuMeter.CLIENTS},
            {"other JVM threads", CpuMeter.OTHER}, {"whole JVM (incl. GC)", CpuMeter.PROCESS},
            {"machine (all processes)", CpuMeter.MACHINE}};
        for (String[] c : cols) {
            long v = used.getOrDefault(c[1], -1L);
            cpu.add(p, c[0], v < 0 ? Double.NaN : 100.0 * v / wallNanos);
        }
        cpu.add(p, "loop µs / task", used.get(CpuMeter.LOOP) / 1e3 / tasks);
        cpu.add(p, "loop µs / event delivered", used.get(CpuMeter.LOOP) / 1e3 / deliveries);
    }

    private void commitRows(Table gc, String p, long tasks, long commits, long batches, double secs) {
        if (commits < 0) {
            gc.add(p + ": commits", "count", Double.NaN);
            return;
        }
        gc.add(p + ": tasks/s", "tasks/s", tasks / secs);
        gc.add(p + ": commits/s", "commits/s", commits / secs);
        gc.add(p + ": tasks per commit (avg batch)", "ops", commits == 0 ? Double.NaN : (double) tasks / commits);
        if (batches >= 0 && batches != commits) {
            gc.add(p + ": failed batches", "count", batches - commits);
        }
    }

    // ---- 2. pipelining -----------------------------------------------------------------------------------------

    /** One subscribed connection, {@code n} creates on its own list; returns its tasks/s. */
    private double pipeSolo(Table t, Table gc, int n, boolean pipelined) throws Exception {
        try (Fixture f = new Fixture(tmp)) {
            BenchClient c = f.users("p", 1).get(0);
            long list = Fixture.firstList(c);
            Fixture.subscribe(List.of(c), list);
            Fixture.barrier(f.clients);
            Load load = new Load(n);
            Delivery d = new Delivery(List.of(c), n, load);
            Load.Driver dr = load.new Driver(c, list, 0, n, pipelined);
            long c0 = f.commits();
            long b0 = f.batches();
            CpuMeter cpu = CpuMeter.start();
            dr.start();
            require(load.await(PHASE_TIMEOUT_SECONDS), "replies", load.replies.getCount() + " missing");
            long c1 = f.commits();
            long b1 = f.batches();
            require(d.await(PHASE_TIMEOUT_SECONDS), "events", "missing");
            Map<String, Long> used = cpu.stop();
            String mode = pipelined ? "pipelined" : "one-at-a-time";
            if (t == pipelining) { // not during the warm-up
                cpuRows("2. 1 conn " + mode + " x" + n, used, Math.max(dr.end, d.allDelivered()) - dr.start, n, n);
            }
            String p = "1 connection, " + n + " creates " + mode + ": ";
            long[] lat = load.latencies();
            double tput = dr.throughput();
            t.add(p + "tasks/s", "tasks/s", tput);
            t.add(p + "reply latency p50", "ms", Stats.percentile(lat, lat.length, 50) / 1e6);
            t.add(p + "reply latency p99", "ms", Stats.percentile(lat, lat.length, 99) / 1e6);
            t.add(p + "errors + rev-order violations", "count", load.errors.get() + d.orderViolations.get());
            commitRows(gc, "2. " + mode + " x" + n, n, c1 - c0, b1 - b0, (dr.end - dr.start) / 1e9);
            check(load, d, mode);
            return tput;
        }
    }

    /** {@code pipeOthers + 1} connections, each pipelining pipeN creates on its own list, all at once. */
    private void pipeMany(double soloTput) throws Exception {
        int k = pipeOthers + 1;
        try (Fixture f = new Fixture(tmp)) {
            List<BenchClient> cs = f.users("m", k);
            List<Long> lists = new ArrayList<>();
            for (BenchClient c : cs) {
                long list = Fixture.firstList(c);
                lists.add(list);
                Fixture.subscribe(List.of(c), list);
            }
            BenchClient probeClient = f.connect();
            Fixture.barrier(f.clients);
            Load load = new Load(k * pipeN);
            Delivery d = new Delivery(cs, pipeN, load);
            for (int i = 0; i < k; i++) {
                load.new Driver(cs.get(i), lists.get(i), i * pipeN, pipeN, true);
            }
            Probe probe = new Probe(probeClient).start();
            long c0 = f.commits();
            long b0 = f.batches();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            startConcurrently(load.drivers);
            require(load.await(PHASE_TIMEOUT_SECONDS), "replies", load.replies.getCount() + " missing");
            long c1 = f.commits();
            long b1 = f.batches();
            require(d.await(PHASE_TIMEOUT_SECONDS), "events", "missing");
            Map<String, Long> used = cpu.stop();
            long[] rtt = probe.finish();
            cpuRows("2. " + k + " conns pipelined x" + pipeN, used, d.allDelivered() - start, (long) k * pipeN, d.delivered());
            double[] per = load.drivers.stream().mapToDouble(Load.Driver::throughput).sorted().toArray();
            double secs = (load.lastReply.get() - start) / 1e9;
            String p = k + " connections each pipelining " + pipeN + ": ";
            pipelining.add(p + "aggregate tasks/s", "tasks/s", k * pipeN / secs);
            pipelining.add(p + "per-connection tasks/s, slowest", "tasks/s", per[0]);
            pipelining.add(p + "per-connection tasks/s, median", "tasks/s", per[per.length / 2]);
            pipelining.add(p + "per-connection tasks/s, fastest", "tasks/s", per[per.length - 1]);
            pipelining.add(p + "aggregate ÷ solo pipelined", "×", (k * pipeN / secs) / soloTput);
            probeRows(pipelining, p, rtt);
            pipelining.add(p + "errors + rev-order violations", "count", load.errors.get() + d.orderViolations.get());
            commitRows(groupCommit, "2. " + k + " conns pipelined", (long) k * pipeN, c1 - c0, b1 - b0, secs);
            check(load, d, "pipelined x" + k);
        }
    }

    /**
     * {@code pipeOthers} interactive connections (one request outstanding each, {@code interactiveN} creates), with
     * or without one more connection that pipelines pipeN creates at the same moment: does a pipelining client
     * slow the others down?
     */
    private void interactive(boolean withHog) throws Exception {
        int k = pipeOthers;
        try (Fixture f = new Fixture(tmp)) {
            List<BenchClient> cs = f.users("i", k + 1);
            List<Long> lists = new ArrayList<>();
            for (BenchClient c : cs) {
                long list = Fixture.firstList(c);
                lists.add(list);
                Fixture.subscribe(List.of(c), list);
            }
            Fixture.barrier(f.clients);
            int total = k * interactiveN + (withHog ? pipeN : 0);
            Load load = new Load(total);
            Load.Driver hog = null;
            if (withHog) {
                hog = load.new Driver(cs.get(k), lists.get(k), k * interactiveN, pipeN, true);
            }
            List<Load.Driver> inter = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                inter.add(load.new Driver(cs.get(i), lists.get(i), i * interactiveN, interactiveN, false));
            }
            if (hog != null) {
                hog.start();
            }
            for (Load.Driver dr : inter) {
                dr.start();
            }
            require(load.await(PHASE_TIMEOUT_SECONDS), "replies", load.replies.getCount() + " missing");
            long[] lat = new long[k * interactiveN];
            for (int i = 0; i < k; i++) {
                System.arraycopy(inter.get(i).latencies(), 0, lat, i * interactiveN, interactiveN);
            }
            double[] per = inter.stream().mapToDouble(Load.Driver::throughput).sorted().toArray();
            String p = k + " one-at-a-time conns (" + interactiveN + " each), "
                    + (withHog ? "WITH 1 conn pipelining " + pipeN : "alone") + ": ";
            pipelining.add(p + "per-connection tasks/s, median", "tasks/s", per[per.length / 2]);
            pipelining.add(p + "reply latency p50", "ms", Stats.percentile(lat, lat.length, 50) / 1e6);
            pipelining.add(p + "reply latency p99", "ms", Stats.percentile(lat, lat.length, 99) / 1e6);
            if (hog != null) {
                pipelining.add(p + "the pipelining conn's tasks/s", "tasks/s", hog.throughput());
            }
            if (load.errors.get() > 0) {
                problem("interactive: " + load.errors.get() + " error replies");
            }
        }
    }

    private static void startConcurrently(List<Load.Driver> drivers) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Load.Driver dr : drivers) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                dr.start();
            }, "bench-driver");
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    // ---- 4. memory ---------------------------------------------------------------------------------------------

    private void memoryRun() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "todo-bench-mem-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BenchServerProcess.class.getName(), dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process proc = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8), true);
        List<BenchClient> all = new ArrayList<>();
        try {
            String first = readLine(out, proc);
            require(first.startsWith("WS "), "child server", first);
            String url = "ws://127.0.0.1:" + first.substring(3).strip() + "/";
            // Warm-up: open, sign in, subscribe and close a few, so lazily created server state is there at baseline.
            List<BenchClient> warm = signedInSubscribed(url, "mw", 20, null, new double[3]);
            Fixture.closeAll(warm);
            long h0 = command(in, out, proc, "heap", "HEAP ");
            long t0 = command(in, out, proc, "threads", "THREADS ");
            double[] secs = new double[3];
            all = signedInSubscribed(url, "m", memConns, null, secs);
            long h1 = command(in, out, proc, "heap", "HEAP ");
            long t1 = command(in, out, proc, "threads", "THREADS ");
            List<String> tokens = all.stream().map(c -> c.token).toList();
            List<Long> lists = all.stream().map(c -> c.listId).toList();
            Fixture.closeAll(all);
            all = List.of();
            awaitNoConnections(in, out, proc);
            long h2 = command(in, out, proc, "heap", "HEAP ");
            // Second cycle, same users (auth with their tokens): growth now would be per connection, not per user.
            double[] secs2 = new double[3];
            all = signedInSubscribed(url, "m", memConns, tokens, secs2);
            require(all.stream().map(c -> c.listId).toList().equals(lists), "lists", "second cycle saw other lists");
            Fixture.closeAll(all);
            all = List.of();
            awaitNoConnections(in, out, proc);
            long h3 = command(in, out, proc, "heap", "HEAP ");
            String p = memConns + " idle signed-in subscribed conns: ";
            memory.add("heap, 0 connections (after warm-up)", "MiB", h0 / MIB);
            memory.add("heap, " + memConns + " idle signed-in subscribed connections", "MiB", h1 / MIB);
            memory.add(p + "heap per connection", "KiB", (h1 - h0) / (double) memConns / 1024);
            memory.add("heap after those " + memConns + " closed", "MiB", h2 / MIB);
            memory.add("heap after a 2nd cycle of " + memConns + " (auth, subscribe, close)", "MiB", h3 / MIB);
            memory.add("retained per closed connection, 2nd cycle ((h3-h2)/N; ≈0 if no leak)", "bytes", (h3 - h2) / (double) memConns);
            memory.add("server JVM threads, 0 connections", "threads", t0);
            memory.add("server JVM threads with " + memConns + " connections", "threads", t1);
            memory.add("setup: " + memConns + " connects, " + Fixture.CONNECT_THREADS + " at a time", "s", secs[0]);
            memory.add("setup: " + memConns + " registers, 100 in flight", "s", secs[1]);
            memory.add("setup: " + memConns + " lists + subscribe, 100 in flight", "s", secs[2]);
            memory.add("2nd cycle: " + memConns + " connects, " + Fixture.CONNECT_THREADS + " at a time", "s", secs2[0]);
            memory.add("2nd cycle: " + memConns + " auths, 100 in flight", "s", secs2[1]);
        } finally {
            Fixture.closeAll(all);
            in.println("quit");
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroy();
                if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                }
            }
            Fixture.deleteTree(dir);
        }
    }

    /**
     * {@code n} connections, each signed in as its own user (registered, or with {@code auth} when {@code tokens}
     * is given) and subscribed to the user's first list. {@code secs} receives the time to connect, sign in and
     * subscribe.
     */
    private static List<BenchClient> signedInSubscribed(String url, String prefix, int n, List<String> tokens,
                                                        double[] secs) {
        long t0 = System.nanoTime();
        List<BenchClient> cs = Fixture.connectAll(url, n);
        for (int i = 0; i < n; i++) {
            cs.get(i).username = "user-" + prefix + i;
        }
        long t1 = System.nanoTime();
        if (tokens == null) {
            Fixture.registerAll(cs);
        } else {
            for (int from = 0; from < n; from += Fixture.REGISTER_WINDOW) {
                List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + Fixture.REGISTER_WINDOW); i++) {
                    cs.get(i).token = tokens.get(i);
                    fs.add(cs.get(i).call(BenchClient.json("type", "auth", "token", tokens.get(i))));
                }
                Fixture.awaitOk(fs, "auth");
            }
        }
        long t2 = System.nanoTime();
        for (int from = 0; from < n; from += Fixture.REGISTER_WINDOW) {
            List<BenchClient> window = cs.subList(from, Math.min(n, from + Fixture.REGISTER_WINDOW));
            List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
            for (BenchClient c : window) {
                fs.add(c.call(BenchClient.json("type", "lists")));
            }
            List<JsonObject> lists = Fixture.awaitOk(fs, "lists");
            fs.clear();
            for (int i = 0; i < window.size(); i++) {
                long id = lists.get(i).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
                window.get(i).listId = id;
                fs.add(window.get(i).call(BenchClient.json("type", "subscribe", "list", id)));
            }
            Fixture.awaitOk(fs, "subscribe");
        }
        Fixture.barrier(cs);
        long t3 = System.nanoTime();
        secs[0] = (t1 - t0) / 1e9;
        secs[1] = (t2 - t1) / 1e9;
        secs[2] = (t3 - t2) / 1e9;
        return cs;
    }

    /** Waits until the child server has processed every close, so the heap is measured without them. */
    private static void awaitNoConnections(PrintWriter in, BufferedReader out, Process proc) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> command(in, out, proc, "connections", "CONNECTIONS ") == 0);
    }

    private static long command(PrintWriter in, BufferedReader out, Process proc, String cmd, String prefix)
            throws IOException, InterruptedException {
        in.println(cmd);
        String line = readLine(out, proc);
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("child server answered " + line + " to " + cmd);
        }
        return Long.parseLong(line.substring(prefix.length()).strip());
    }

    /** A line from the child, waiting at most 60 s. */
    private static String readLine(BufferedReader out, Process proc) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.ready()) {
            if (!proc.isAlive()) {
                throw new IllegalStateException("child server exited with " + proc.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("child server did not answer within 60 s");
            }
            Thread.sleep(5);
        }
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("child server closed its output");
        }
        return line;
    }

    // ---- 5. fan-out --------------------------------------------------------------------------------------------

    private void fanoutRun() throws Exception {
        int s = fanSubs;
        int n = fanTasks;
        try (Fixture f = new Fixture(tmp)) {
            List<BenchClient> all = f.users("f", s + 1);
            BenchClient owner = all.get(0);
            List<BenchClient> subs = all.subList(1, s + 1);
            long t0 = System.nanoTime();
            long list = Fixture.sharedList(owner, all);
            Fixture.barrier(all);
            long t1 = System.nanoTime();
            Fixture.subscribe(subs, list);
            Fixture.barrier(all);
            long t2 = System.nanoTime();
            long setupFrames = all.stream().mapToLong(c -> c.otherEvents.get()).sum();
            String p0 = s + " subscribers: ";
            fanout.add(p0 + "setup: share the list with " + s + " users (until all events arrived)", "ms", (t1 - t0) / 1e6);
            fanout.add(p0 + "setup: " + s + " subscribes (until all presence events arrived)", "ms", (t2 - t1) / 1e6);
            fanout.add(p0 + "setup: list/presence event frames received in total", "frames", setupFrames);
            fanout.add(p0 + "setup: size of those frames in total", "MiB",
                    all.stream().mapToLong(c -> c.otherEventChars.get()).sum() / MIB);
            BenchClient probeClient = f.connect();
            for (boolean burst : new boolean[] {false, true}) {
                Load load = new Load(n);
                Delivery d = new Delivery(subs, n, load);
                Load.Driver dr = load.new Driver(owner, list, 0, n, burst);
                Probe probe = new Probe(probeClient).start();
                CpuMeter cpu = CpuMeter.start();
                long start = System.nanoTime();
                dr.start();
                require(load.await(PHASE_TIMEOUT_SECONDS), "replies", load.replies.getCount() + " missing");
                require(d.await(PHASE_TIMEOUT_SECONDS), "events",
                        (d.subscribers * (long) d.expected - d.delivered()) + " missing");
                Map<String, Long> used = cpu.stop();
                long[] rtt = probe.finish();
                double allMs = (d.allDelivered() - start) / 1e6;
                cpuRows("5. " + s + " subs, writer " + (burst ? "burst" : "one-at-a-time"), used,
                        d.allDelivered() - start, n, d.delivered());
                long[] lags = d.lags();
                String p = s + " subs × " + n + " tasks, writer " + (burst ? "pipelined (burst)" : "one-at-a-time") + ": ";
                fanout.add(p + "writer tasks/s", "tasks/s", dr.throughput());
                fanout.add(p + "every subscriber has every event after", "ms", allMs);
                fanout.add(p + "events delivered/s (all subscribers)", "events/s", (double) s * n / (allMs / 1e3));
                fanout.add(p + "event send→arrival p50", "ms", Stats.percentile(lags, lags.length, 50) / 1e6);
                fanout.add(p + "event send→arrival p99", "ms", Stats.percentile(lags, lags.length, 99) / 1e6);
                probeRows(fanout, p, rtt);
                fanout.add(p + "errors + rev-order violations", "count", load.errors.get() + d.orderViolations.get());
                check(load, d, "fan-out");
                Fixture.barrier(f.clients);
            }
        }
    }

    // ---- 7. subscribe storm -----------------------------------------------------------------------------------

    /**
     * Subscribing takes its snapshot on the single writer (to place it exactly among the commits) and the reply,
     * with every task of the list, is built on the event loop. A reconnect storm on a big list therefore competes
     * with every write and every other request of the server; this measures by how much.
     */
    private void stormRun() throws Exception {
        int k = stormSubs;
        int t = stormTasks;
        try (Fixture f = new Fixture(tmp)) {
            List<BenchClient> users = f.users("s", k + 2);
            BenchClient owner = users.get(0);
            BenchClient writer = users.get(k + 1);
            List<BenchClient> subs = users.subList(1, k + 1);
            long list = Fixture.sharedList(owner, users.subList(0, k + 1));
            Load fill = new Load(t);
            fill.new Driver(owner, list, 0, t, true).start();
            require(fill.await(PHASE_TIMEOUT_SECONDS), "filling the list", fill.replies.getCount() + " missing");
            long own = Fixture.firstList(writer);
            BenchClient pinger = f.connect();
            Fixture.barrier(f.clients);
            Probe pings = new Probe(pinger).start();
            Probe writes = new Probe(writer, i -> "{\"type\":\"task.create\",\"list\":" + own + ",\"name\":\"w" + i + "\"").start();
            Thread.sleep(quick ? 500 : 1000);
            long[] replyBytes = new long[k];
            long[] replyAt = new long[k];
            CountDownLatch replies = new CountDownLatch(k);
            CpuMeter cpuMeter = CpuMeter.start();
            long c0 = f.commits();
            long start = System.nanoTime();
            for (int i = 0; i < k; i++) {
                int idx = i;
                BenchClient c = subs.get(i);
                c.send(c.nextId(), "{\"type\":\"subscribe\",\"list\":" + list, (id, ok, text, nanos) -> {
                    replyBytes[idx] = ok ? text.length() : -1;
                    replyAt[idx] = nanos;
                    replies.countDown();
                });
            }
            require(replies.await(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "subscribe replies", replies.getCount() + " missing");
            long end = Arrays.stream(replyAt).max().orElse(start);
            Map<String, Long> used = cpuMeter.stop();
            long c1 = f.commits();
            Thread.sleep(200);
            long[] pingBefore = pings.between(0, start);
            long[] pingDuring = pings.between(start, end);
            long[] writeBefore = writes.between(0, start);
            long[] writeDuring = writes.between(start, end);
            pings.finish();
            writes.finish();
            if (Arrays.stream(replyBytes).anyMatch(b -> b < 0) || writes.errors > 0) {
                problem("storm: error replies");
            }
            long[] subLat = new long[k];
            for (int i = 0; i < k; i++) {
                subLat[i] = replyAt[i] - start;
            }
            String p = k + " subscribes × " + t + " tasks: ";
            storm.add(p + "one snapshot reply", "KiB", replyBytes[0] / 1024.0);
            storm.add(p + "all " + k + " replies received after", "ms", (end - start) / 1e6);
            storm.add(p + "subscribe reply latency p50", "ms", Stats.percentile(subLat, k, 50) / 1e6);
            storm.add(p + "snapshot data sent", "MiB/s", Arrays.stream(replyBytes).sum() / MIB / ((end - start) / 1e9));
            storm.add(p + "write transactions during the storm", "count", c1 - c0);
            storm.add(p + "other conn's task.create latency BEFORE, p50", "ms", Stats.percentile(writeBefore, writeBefore.length, 50) / 1e6);
            storm.add(p + "other conn's task.create latency DURING, p50", "ms", Stats.percentile(writeDuring, writeDuring.length, 50) / 1e6);
            storm.add(p + "other conn's task.create latency DURING, max", "ms", Stats.percentile(writeDuring, writeDuring.length, 100) / 1e6);
            storm.add(p + "idle conn's ping RTT BEFORE, max", "ms", Stats.percentile(pingBefore, pingBefore.length, 100) / 1e6);
            storm.add(p + "idle conn's ping RTT DURING, p50", "ms", Stats.percentile(pingDuring, pingDuring.length, 50) / 1e6);
            storm.add(p + "idle conn's ping RTT DURING, max", "ms", Stats.percentile(pingDuring, pingDuring.length, 100) / 1e6);
            cpuRows("7. storm " + k + " × " + t, used, end - start, k, k);
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private interface Step {
        void run() throws Exception;
    }

    private void guard(String what, Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            problem(what + ": " + e);
            e.printStackTrace();
        }
    }

    private void check(Load load, Delivery d, String what) {
        if (load.errors.get() > 0) {
            problem(what + ": " + load.errors.get() + " error replies");
        }
        if (d.orderViolations.get() > 0) {
            problem(what + ": " + d.orderViolations.get() + " events out of rev order");
        }
        if (d.unknown.get() > 0) {
            problem(what + ": " + d.unknown.get() + " unexpected task.created events");
        }
    }

    private synchronized void problem(String p) {
        problems.add(p);
        log("PROBLEM: " + p);
    }

    private static void require(boolean ok, String what, String detail) {
        if (!ok) {
            throw new IllegalStateException("timed out waiting for " + what + " (" + detail + ")");
        }
    }

    private static void log(String s) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }

    private String report(double secs) {
        StringBuilder b = new StringBuilder();
        b.append("## Results (").append(quick ? "quick" : "full").append(" run, medians of ").append(reps)
                .append(" repetition(s))\n\n");
        b.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        b.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors, max heap ")
                .append(String.format(Locale.ROOT, "%.0f", Runtime.getRuntime().maxMemory() / MIB)).append(" MiB\n");
        b.append("- server: Server.start(Config.defaults().withPort(0).withWsPort(0).withDb(tmp).withMaxRate(0)")
                .append(".withPasswordIterations(1000)), synchronous=FULL (default), SQLite under ").append(tmp).append('\n');
        b.append("- clients: Java-WebSocket clients in the same JVM as the server (except memory: server in a child JVM)\n");
        b.append("- wall time of the benchmark: ").append(String.format(Locale.ROOT, "%.0f", secs)).append(" s\n\n");
        for (Table t : List.of(writes, pipelining, groupCommit, memory, fanout, storm)) {
            if (!t.metrics.isEmpty()) {
                b.append(t.markdown()).append('\n');
            }
        }
        if (!cpu.rows.isEmpty()) {
            b.append(cpu.markdown()).append('\n');
        }
        if (!problems.isEmpty()) {
            b.append("### Problems\n\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
        return b.toString();
    }
}
