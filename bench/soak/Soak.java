import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak test's driver: starts the server as a child process, runs the honest load for the whole run and the attacks
 * in rotation (one per time slice), then checks every acked create and prints the report. Main thread; the honest
 * clients and the attacks' WebSocket connections run on their own loops, each attack on the attack thread.
 * Usage: see {@link Options#USAGE} and bench/README.md.
 */
public final class Soak {
    static final long GRACE_S = 20;                  // an attack may overrun its slice by this much before it is abandoned
    static final long COOL_DOWN_S = 5;               // honest load alone at the end, before the checks
    static final int MAX_NOTES = 50;

    /** Command-line settings, with the defaults documented in bench/README.md. */
    static final class Options {
        static final String USAGE = """
                usage: java -cp CLASSES Soak --jar server/target/todo-server.jar [--minutes 30] [--slice S] [--out FILE]
                       [--only 1,3,...] [--users 6] [--conns-per-user 2] [--rate 3] [--idle 5000] [--server-nofile 4096]
                       [--flood-conns 300] [--bulk-tasks 20000] [--big-tasks 2000] [--huge-mib 8] [--server-arg ARG]...
                """;
        Path jar;
        double minutes = 30;
        double slice = -1;
        Path out;
        List<Integer> only = new ArrayList<>();
        int users = 6, connsPerUser = 2, idle = 5000, serverNofile = 4096, floodConns = 300, bulkTasks = 20_000, bigTasks = 2000, hugeMib = 8;
        double rate = 3;
        List<String> serverArgs = new ArrayList<>();

        static Options parse(String[] a) {
            Options o = new Options();
            for (int i = 0; i < a.length; i++) {
                String f = a[i];
                if (i + 1 >= a.length) usage("missing value for " + f);
                String v = a[++i];
                switch (f) {
                    case "--jar" -> o.jar = Path.of(v);
                    case "--minutes" -> o.minutes = Double.parseDouble(v);
                    case "--slice" -> o.slice = Double.parseDouble(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--only" -> { for (String n : v.split(",")) o.only.add(Integer.parseInt(n.trim())); }
                    case "--users" -> o.users = Integer.parseInt(v);
                    case "--conns-per-user" -> o.connsPerUser = Integer.parseInt(v);
                    case "--rate" -> o.rate = Double.parseDouble(v);
                    case "--idle" -> o.idle = Integer.parseInt(v);
                    case "--server-nofile" -> o.serverNofile = Integer.parseInt(v);
                    case "--flood-conns" -> o.floodConns = Integer.parseInt(v);
                    case "--bulk-tasks" -> o.bulkTasks = Integer.parseInt(v);
                    case "--big-tasks" -> o.bigTasks = Integer.parseInt(v);
                    case "--huge-mib" -> o.hugeMib = Integer.parseInt(v);
                    case "--server-arg" -> o.serverArgs.add(v);
                    default -> usage("unknown option " + f);
                }
            }
            if (o.jar == null) usage("--jar is required");
            if (o.slice <= 0) o.slice = Math.max(10, Math.min(90, o.minutes * 60 / 11));
            return o;
        }

        static void usage(String why) {
            System.err.println("soak: " + why);
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    record Named(int number, String name, Attack attack) {}

    static final List<Named> ATTACKS = List.of(
            new Named(1, "idle connections that never handshake", NetAttacks::idle),
            new Named(2, "HTTP slowloris", NetAttacks::slowloris),
            new Named(3, "login flood", AccountAttacks::loginFlood),
            new Named(4, "password-change race", AccountAttacks::passwordRace),
            new Named(5, "bulk stalls (pipelined tasks.completeAll)", LoadAttacks::bulkStall),
            new Named(6, "huge handshakes and odd paths", NetAttacks::hugeHandshakes),
            new Named(7, "slow readers of a large snapshot", LoadAttacks::slowReaders),
            new Named(8, "malformed frames", FrameAttacks::malformed),
            new Named(9, "DNS-rebinding handshakes", NetAttacks::rebinding),
            new Named(10, "foreign-id probes", FrameAttacks::foreignProbes));

    // ---- findings and violations, from any thread ---------------------------------------------------------------
    static final Map<String, AtomicInteger> VIOLATIONS = new LinkedHashMap<>();
    static final Map<String, String> FINDINGS = new LinkedHashMap<>();       // key -> text (the first one seen)
    static final Map<String, AtomicInteger> FINDING_COUNTS = new LinkedHashMap<>();
    static final List<String> SETUP_NOTES = new ArrayList<>();
    private static final AtomicInteger NOTES = new AtomicInteger();

    static synchronized void violation(String kind, String text) {
        VIOLATIONS.computeIfAbsent(kind + ": " + text, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A limit the server lacks or a weakness seen, not a broken promise: reported, does not fail the run. */
    static synchronized void finding(String key, String text) {
        FINDINGS.putIfAbsent(key, text);
        FINDING_COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    static synchronized void setupNote(String text) { SETUP_NOTES.add(text); }

    /** A problem of the driver itself (not of the server): stderr, the first MAX_NOTES only. */
    static void note(String text) {
        int n = NOTES.incrementAndGet();
        if (n <= MAX_NOTES) System.err.println("soak: note: " + text);
        else if (n == MAX_NOTES + 1) System.err.println("soak: note: (more notes suppressed)");
    }

    static void say(String fmt, Object... args) { System.err.println("soak: " + String.format(fmt, args)); }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path tmp = Files.createTempDirectory("todo-soak-");
        Path log = tmp.resolve("server.log");
        String run = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        say("server log: %s", log);
        ServerProcess server = ServerProcess.start(o.jar, tmp.resolve("todo.db"), o.serverNofile, o.serverArgs, log);
        say("server pid %d, HTTP %d, WebSocket %d", server.pid, server.httpPort, server.wsPort);
        Monitor mon = new Monitor(server);
        InetSocketAddress ws = new InetSocketAddress(Raw.LOOPBACK, server.wsPort);
        Honest honest = new Honest(new Ws.Loop("soak-honest"), ws, mon, run, o.users, o.connsPerUser, o.rate);
        Attack.Ctx ctx = new Attack.Ctx(server, new Ws.Loop("soak-attack"), honest, run, o);
        try {
            honest.setup();
            AccountAttacks.setup(ctx);
            LoadAttacks.setup(ctx);
        } catch (Exception e) {
            say("setup failed: %s", rootMessage(e));
            say("server exit on SIGTERM: %d", server.stop(30));
            System.exit(2);
        }
        Report.Result r = soak(o, server, mon, honest, ctx, tmp, log);
        String text = Report.render(o, r, mon, honest, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println(text);
        if (o.out != null) {
            Files.writeString(o.out, text);
            say("report written to %s", o.out);
        }
        for (String f : new String[]{"todo.db", "todo.db-wal", "todo.db-shm"}) Files.deleteIfExists(tmp.resolve(f));
        say("verdict: %s", r.failures().isEmpty() ? "PASS" : "FAIL (" + String.join("; ", r.failures()) + ")");
        System.exit(r.failures().isEmpty() ? 0 : 1);
    }

    /** The timed part: baseline, the attacks in rotation, cool-down, then the end checks and the stop. */
    static Report.Result soak(Options o, ServerProcess server, Monitor mon, Honest honest, Attack.Ctx ctx, Path tmp, Path log) throws Exception {
        List<Named> rotation = ATTACKS.stream().filter(a -> o.only.isEmpty() || o.only.contains(a.number())).toList();
        long sliceNs = (long) (o.slice * 1e9), t0 = System.nanoTime(), end = t0 + (long) (o.minutes * 60e9) - COOL_DOWN_S * 1_000_000_000L;
        honest.start();
        honest.awaitReady(10_000);
        mon.begin("baseline (no attack)");
        sleepUntil(Math.min(end, t0 + sliceNs));
        ExecutorService attacker = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r, "soak-attack-runner"); t.setDaemon(true); return t; });
        for (int i = 0; !rotation.isEmpty() && System.nanoTime() + sliceNs / 2 <= end; i++) {
            Named a = rotation.get(i % rotation.size());
            long deadline = Math.min(end, System.nanoTime() + sliceNs);
            Slice s = mon.begin("(" + a.number() + ") " + a.name());
            say("slice %d: attack %d, %s, %.0f s", s.index, a.number(), a.name(), (deadline - System.nanoTime()) / 1e9);
            Future<?> f = attacker.submit(() -> { a.attack().run(ctx, s, deadline); return null; });
            try {
                f.get(Math.max(0, deadline - System.nanoTime()) + GRACE_S * 1_000_000_000L, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                s.saw("did not stop within %d s of its deadline: abandoned (its sockets may linger)", GRACE_S);
                finding("overrun-" + a.number(), "attack " + a.number() + " (" + a.name() + ") could not finish within " + GRACE_S + " s after its slice: the server did not answer it");
            } catch (ExecutionException e) {
                s.saw("the attack stopped early: %s", rootMessage(e));
            }
            sleepUntil(deadline);
        }
        attacker.shutdownNow();
        mon.begin("cool-down (no attack)");
        sleepUntil(end + COOL_DOWN_S * 1_000_000_000L);
        mon.begin("end checks");
        mon.quiet();
        honest.stop(15);
        long leftInFlight = honest.inflight();
        if (leftInFlight > 0) finding("stalled", leftInFlight + " honest requests were still unanswered 15 s after the honest load stopped");
        String accepting = Monitor.acceptProbe(server);
        Raw.Answer health = Raw.exchange(Raw.LOOPBACK, server.httpPort, Raw.get("/healthz", "127.0.0.1"), Monitor.PROBE_TIMEOUT_MS);
        double duration = (System.nanoTime() - t0) / 1e9;
        Honest.Check check;
        String verifiedOn = "the running server";
        ServerProcess verifier = server;
        int exit;
        if (accepting.equals("accepting")) {
            check = verifyOrNull(honest, new InetSocketAddress(Raw.LOOPBACK, server.wsPort));
            exit = server.stop(30);
        } else {
            exit = server.stop(30);
            verifier = ServerProcess.start(o.jar, tmp.resolve("todo.db"), o.serverNofile, o.serverArgs, log);
            mon.server(verifier);
            verifiedOn = "a restarted server on the same database (the first one was not accepting WebSocket connections)";
            check = verifyOrNull(honest, new InetSocketAddress(Raw.LOOPBACK, verifier.wsPort));
            verifier.stop(30);
        }
        mon.stop();
        if (exit != 0) finding("exit", "after SIGTERM and a clean shutdown the server exited with " + exit + ", not 0");
        if (mon.healthOkWhileRefusing.sum() > 0)
            finding("health", "/healthz answered 200 " + mon.healthOkWhileRefusing.sum() + " times while the WebSocket port refused handshakes");
        return new Report.Result(duration, accepting, health.status() + " " + health.body().trim(), exit, check, verifiedOn, leftInFlight, honest.revGaps.sum(), tmp);
    }

    private static Honest.Check verifyOrNull(Honest h, InetSocketAddress at) {
        try {
            return h.verify(at);
        } catch (Exception e) {
            say("verification failed: %s", rootMessage(e));
            setupNote("verification could not run: " + rootMessage(e));
            return null;
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long d; (d = nanoTime - System.nanoTime()) > 0; ) Thread.sleep(Math.max(1, Math.min(1000, d / 1_000_000)));
    }

    static String rootMessage(Throwable e) {
        while (e.getCause() != null && (e instanceof CompletionException || e instanceof ExecutionException)) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String ms(Double v) { return v == null ? "n/a" : v >= 100 ? String.valueOf(Math.round(v)) : String.format("%.1f", v); }

    static String fmt(Double v) { return v == null ? "n/a" : String.format("%.1f", v); }

    static String secs(long nanos) { return String.format("%.1f", nanos / 1e9); }
}
