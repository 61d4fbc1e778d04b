package todo.app;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start-up step on the caller's thread (Main's, before the listeners open): runs the request path a few hundred
 * times on a scratch server (same wiring, a SQLite file in a temporary folder, loopback ports) through real
 * WebSocket connections, then stops it and deletes its folder. Why: the run command compiles with C1 only, and a
 * method runs in the interpreter until it has been called about 200 times, so a fresh process answered its first
 * clients several times slower than a warm one (an isolated create's ack p50 3.7 ms fresh against 2.4-2.7 ms after
 * two seconds of load, bench/README.md "Warm-up at start"). The scratch server shares every class, and so every
 * compiled method, with the real one; it shares no data, no port and no file. A warm-up that fails is logged and
 * the server starts anyway: it is an optimisation, never a condition.
 */
public final class WarmUp {
    /** Sequential rounds: a create acknowledged and delivered to two sessions, a ping on each, an update. */
    static final int ROUNDS = 300;
    /** Pipelined creates per burst (replies and events held and written together), and how many bursts. */
    static final int BURST = 32;
    static final int BURSTS = 8;
    /** Connections that sign in with a token, subscribe, ping and close (the connection storm's path). */
    static final int RECONNECTS = 200;
    /** Tasks created, updated and deleted by the script. */
    static final int CHANGES = 3 * ROUNDS + 2 * BURSTS * BURST;
    /** A scratch account's password hash need not be slow: nothing it protects outlives the warm-up. */
    static final int SCRATCH_PASSWORD_ITERATIONS = 1_000;
    /** Where the scratch database goes when it exists: memory, so that its commits' fsyncs cost nothing. */
    static final String MEMORY_FOLDER = "/dev/shm";
    private static final String PASSWORD = "warm-up password";
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /**
     * What the script did: requests answered, error replies among them (none expected), events received (each
     * change reaches both of the script's subscribed sessions, so at least twice {@link #CHANGES}).
     */
    public record Outcome(int requests, int errors, int events, long millis) {}

    private WarmUp() {}

    /**
     * Runs the script and cleans up; logs one line either way. Returns null when the warm-up could not run (the
     * reason is logged). Blocks for about a second; call before the real server starts, not on its loop.
     */
    public static Outcome run() {
        Path shm = Path.of(MEMORY_FOLDER);
        return run(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #run()}, with the scratch folder made in {@code parent}. */
    static Outcome run(Path parent) {
        long start = System.nanoTime();
        Path dir = null;
        PrintStream operatorLog = System.err;
        ByteArrayOutputStream scratchLog = new ByteArrayOutputStream();
        boolean ran = false;
        try {
            dir = Files.createTempDirectory(parent, "todo-warm-up");
            Config scratch = new Config("127.0.0.1", 0, 0, dir.resolve("warm-up.db"), List.of(), 0,
                    SCRATCH_PASSWORD_ITERATIONS, Config.DEFAULT_PING_INTERVAL).withWarmUp(false);
            Outcome o;
            // The scratch server's log lines (sessions opening, a schema migrated) describe a database deleted a
            // second later; they would mislead an operator reading the real server's log. They are kept aside
            // and shown only if the warm-up fails. slf4j-simple looks System.err up at every line.
            System.setErr(new PrintStream(scratchLog, true, StandardCharsets.UTF_8));
            try (Server server = Server.start(scratch)) {
                o = script(URI.create("ws://127.0.0.1:" + server.wsPort() + "/"), start);
            } finally {
                System.setErr(operatorLog);
            }
            ran = true;
            log.info("warm-up: {} requests and {} events on a scratch server in {} ms", o.requests(), o.events(),
                    o.millis());
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("warm-up interrupted; starting without it");
            return null;
        } catch (IOException | WarmUpClient.WarmUpException | RuntimeException e) {
            log.warn("warm-up skipped: {}", e.toString());
            return null;
        } finally {
            if (!ran && scratchLog.size() > 0) {
                operatorLog.print("the warm-up's scratch server logged:\n" + scratchLog.toString(StandardCharsets.UTF_8));
            }
            delete(dir);
            // The scratch server's sessions, caches and buffers are garbage now; a full collection before the
            // listeners open lets the heap shrink back instead of carrying them into the server's idle footprint.
            System.gc();
        }
    }

    private static Outcome script(URI uri, long start) throws InterruptedException, WarmUpClient.WarmUpException {
        List<WarmUpClient> clients = new ArrayList<>();
        try {
            WarmUpClient a = open(uri, clients);
            WarmUpClient b = open(uri, clients);
            String token = a.call("register", "username", "warmupa", "password", PASSWORD).get("token").getAsString();
            b.call("register", "username", "warmupb", "password", PASSWORD);
            long list = a.call("lists").getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
            a.call("list.share", "list", list, "username", "warmupb");
            a.call("subscribe", "list", list);
            b.call("subscribe", "list", list);
            List<Long> tasks = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                JsonObject task = a.call("task.create", "list", list, "name", "warm-up " + i).getAsJsonObject("task");
                tasks.add(task.get("id").getAsLong());
                a.call("ping");
                b.call("ping");
                b.call("task.update", "task", task.get("id").getAsLong(), "completed", true, "note", "done " + i);
            }
            for (int n = 0; n < BURSTS; n++) {
                a.pipeline(BURST, i -> new Object[] {"task.create", "list", list, "name", "burst " + i})
                        .forEach(r -> tasks.add(r.getAsJsonObject("task").get("id").getAsLong()));
                b.pipeline(BURST, i -> new Object[] {"ping"});
            }
            a.call("tasks", "list", list);
            a.pipeline(tasks.size(), i -> new Object[] {"task.delete", "task", tasks.get(i)});
            // A reply leaves after every event queued before it on its connection: once these two are back, both
            // sessions have every event of the script, so the outcome's count is whole.
            a.call("ping");
            b.call("ping");
            int requests = 0, errors = 0, events = 0;
            for (int i = 0; i < RECONNECTS; i++) {
                try (WarmUpClient c = WarmUpClient.open(uri)) {
                    c.call("auth", "token", token);
                    c.call("subscribe", "list", list);
                    c.call("ping");
                    requests += c.requests();
                    errors += c.errors();
                    events += c.events();
                }
            }
            for (WarmUpClient c : clients) {
                requests += c.requests();
                errors += c.errors();
                events += c.events();
            }
            return new Outcome(requests, errors, events, (System.nanoTime() - start) / 1_000_000);
        } finally {
            for (WarmUpClient c : clients) {
                c.close();
            }
        }
    }

    private static WarmUpClient open(URI uri, List<WarmUpClient> clients)
            throws InterruptedException, WarmUpClient.WarmUpException {
        WarmUpClient c = WarmUpClient.open(uri);
        clients.add(c);
        return c;
    }

    /** Deletes the scratch folder; a file left behind is logged, not fatal (it is in the temporary folder). */
    private static void delete(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("warm-up: could not delete {}: {}", dir, e.toString());
        }
    }
}
