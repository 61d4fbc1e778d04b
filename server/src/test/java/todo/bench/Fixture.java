package todo.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import todo.app.Config;
import todo.app.Server;

/**
 * A fresh server (production wiring through {@link Server#start}) on ephemeral ports with its SQLite file in a new
 * temporary folder, plus the clients connected to it. Closing closes the clients, the server, and deletes the folder.
 */
final class Fixture implements AutoCloseable {
    /** register requests in flight at once: the crypto pool refuses work beyond 256 queued hashes. */
    static final int REGISTER_WINDOW = 100;

    final Path dir;
    final Server server;
    final List<BenchClient> clients = new ArrayList<>();
    private final LongSupplier commits;
    private final LongSupplier batches;

    Fixture(Path base) throws IOException {
        this.dir = Files.createTempDirectory(base, "todo-bench-");
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0)
                .withDb(dir.resolve("todo.db")).withMaxRate(0).withPasswordIterations(1000)
                // The abuse limits out of the way of the benchmark's parallel registrations, as compare.sh does.
                .withLimits(Config.defaults().limits().withHashPerConnection(256).withHashPerAddress(256)
                        .withTasksPerList(100_000_000));
        this.server = Server.start(config);
        Object store = field(server, Server.class, "store");
        this.commits = counter(store, "commits");
        Object writer = store == null ? null : field(store, store.getClass(), "writer");
        this.batches = counter(writer, "batches");
    }

    /** Write transactions committed so far (SqliteStore.commits(), found by reflection); -1 when not available. */
    long commits() {
        return commits.getAsLong();
    }

    /** Write transactions attempted so far (Writer.batches(), package-private, by reflection); -1 if unavailable. */
    long batches() {
        return batches.getAsLong();
    }

    String url() {
        return "ws://127.0.0.1:" + server.wsPort() + "/";
    }

    BenchClient connect() {
        BenchClient c = BenchClient.connect(url());
        clients.add(c);
        return c;
    }

    /** {@code n} new connections, each registered (so signed in) as its own new user {@code prefix + i}. */
    List<BenchClient> users(String prefix, int n) {
        List<BenchClient> out = connectAll(url(), n);
        clients.addAll(out);
        for (int i = 0; i < n; i++) {
            out.get(i).username = "user-" + prefix + i;
        }
        registerAll(out);
        return out;
    }

    /** Threads that open connections in parallel (a WebSocket handshake costs a few ms, mostly waiting). */
    static final int CONNECT_THREADS = 8;

    /** {@code n} new connections to {@code url}, opened by a few threads in parallel, in a fixed order. */
    static List<BenchClient> connectAll(String url, int n) {
        BenchClient[] out = new BenchClient[n];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(CONNECT_THREADS, Math.max(1, n)), r -> {
                    Thread t = new Thread(r, "bench-connect");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                fs.add(pool.submit(() -> out[idx] = BenchClient.connect(url)));
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get(BenchClient.SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            for (BenchClient c : out) {
                if (c != null) {
                    c.close();
                }
            }
            throw new IllegalStateException("connecting " + n + " clients failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(List.of(out));
    }

    /** Registers each client as the user named by its {@code username}, at most {@link #REGISTER_WINDOW} at once. */
    static void registerAll(List<BenchClient> cs) {
        int n = cs.size();
        for (int from = 0; from < n; from += REGISTER_WINDOW) {
            List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
            List<BenchClient> window = cs.subList(from, Math.min(n, from + REGISTER_WINDOW));
            for (BenchClient c : window) {
                fs.add(c.call(BenchClient.json("type", "register", "username", c.username,
                        "password", "password-" + c.username)));
            }
            List<JsonObject> replies = awaitOk(fs, "register");
            for (int i = 0; i < window.size(); i++) {
                window.get(i).token = replies.get(i).get("token").getAsString();
            }
        }
    }

    /** The id of the user's first list ("My tasks"). */
    static long firstList(BenchClient c) {
        JsonObject r = c.ok(BenchClient.json("type", "lists"));
        return r.getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
    }

    /** A new list owned by {@code owner}, shared with every other client in {@code members} (pipelined). */
    static long sharedList(BenchClient owner, List<BenchClient> members) {
        JsonObject r = owner.ok(BenchClient.json("type", "list.create", "title", "bench"));
        long list = r.getAsJsonObject("list").get("id").getAsLong();
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (BenchClient m : members) {
            if (m != owner) {
                fs.add(owner.call(BenchClient.json("type", "list.share", "list", list, "username", m.username)));
            }
        }
        awaitOk(fs, "list.share");
        return list;
    }

    static void subscribe(List<BenchClient> cs, long list) {
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (BenchClient c : cs) {
            fs.add(c.call(BenchClient.json("type", "subscribe", "list", list)));
        }
        awaitOk(fs, "subscribe");
    }

    /**
     * A ping on every connection, awaited: replies on a connection leave in order and after the events queued
     * before them, so afterwards every event caused so far has arrived.
     */
    static void barrier(List<BenchClient> cs) {
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (BenchClient c : cs) {
            fs.add(c.call(BenchClient.json("type", "ping")));
        }
        awaitOk(fs, "ping");
    }

    static List<JsonObject> awaitOk(List<CompletableFuture<JsonObject>> fs, String what) {
        List<JsonObject> out = new ArrayList<>(fs.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BenchClient.SETUP_TIMEOUT_SECONDS);
        for (CompletableFuture<JsonObject> f : fs) {
            JsonObject r;
            try {
                r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(what + ": no reply: " + e, e);
            }
            if (!r.get("ok").getAsBoolean()) {
                throw new IllegalStateException(what + " failed: " + r);
            }
            out.add(r);
        }
        return out;
    }

    /** Closes {@code cs} (without waiting on each in turn) and waits up to 20 s for them all. */
    static void closeAll(List<BenchClient> cs) {
        for (BenchClient c : cs) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (BenchClient c : cs) {
            while (!c.isClosed() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closeAll(clients);
        clients.clear();
        server.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leave it
                }
            });
        } catch (IOException e) {
            // leave it
        }
    }

    private static Object field(Object target, Class<?> type, String name) {
        if (target == null) {
            return null;
        }
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static LongSupplier counter(Object target, String method) {
        if (target == null) {
            return () -> -1;
        }
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return () -> {
                try {
                    return ((Number) m.invoke(target)).longValue();
                } catch (ReflectiveOperationException e) {
                    return -1;
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return () -> -1;
        }
    }
}
