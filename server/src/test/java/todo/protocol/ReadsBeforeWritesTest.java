package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;
import static todo.support.TestClient.okReply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Requests on one connection take effect in the order sent, also when a read runs on the read pool and a write
 * follows it: the write must not reach the writer before the read has run, or the read would see it. Found by
 * the wscat test on a loaded machine: {@code subscribe} then {@code task.create}, pipelined, gave a snapshot
 * that already held the new task, and so no {@code task.created} event.
 */
class ReadsBeforeWritesTest {
    @TempDir
    Path dir;

    private TestServer server;
    private GatedStore store;
    private TestClient alice;
    private long list;

    /** The real store, whose reads can be held at a gate, and which counts the writes handed to it. */
    static final class GatedStore implements Store {
        private final SqliteStore real;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger readsWaiting = new AtomicInteger();
        final AtomicInteger writesSubmitted = new AtomicInteger();

        GatedStore(SqliteStore real) {
            this.real = real;
        }

        void closeGate() {
            gate = new CountDownLatch(1);
        }

        void openGate() {
            gate.countDown();
        }

        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            writesSubmitted.incrementAndGet();
            return real.write(op);
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            CountDownLatch g = gate;
            return real.read(repo -> {
                readsWaiting.incrementAndGet();
                try {
                    if (!g.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } finally {
                    readsWaiting.decrementAndGet();
                }
                return op.apply(repo);
            });
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        var config = TestServer.config(dir);
        server = TestServer.start(config, loop -> store = new GatedStore(SqliteStore.open(config.db(), loop)));
        alice = server.user("alice");
        list = alice.firstList();
    }

    @AfterEach
    void stop() {
        store.openGate();
        server.close();
    }

    private record Pipelined(CompletableFuture<JsonObject> subscribe, CompletableFuture<JsonObject> create,
                             CompletableFuture<JsonObject> then) {}

    /**
     * Sends {@code subscribe}, {@code task.create} and {@code then} in one go while the subscribe's snapshot read
     * is held; checks that the create does not reach the writer meanwhile; then lets the read run.
     */
    private Pipelined pipelineBehindAHeldSubscribe(JsonObject then) {
        int writesBefore = store.writesSubmitted.get();
        store.closeGate();
        Pipelined p = new Pipelined(alice.send(json("type", "subscribe", "list", list)),
                alice.send(json("type", "task.create", "list", list, "name", "Buy milk")),
                alice.send(then));
        await().atMost(TestClient.TIMEOUT).until(() -> store.readsWaiting.get() == 1);
        await("the create waits for the subscribe's read").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5)).until(() -> store.writesSubmitted.get() == writesBefore);
        store.openGate();
        return p;
    }

    @Test
    void aCreatePipelinedBehindSubscribeIsNotInTheSnapshotAndArrivesAsTheNextEvent() throws Exception {
        Pipelined p = pipelineBehindAHeldSubscribe(json("type", "ping"));

        JsonObject snapshot = okReply(p.subscribe());
        assertEquals(0, snapshot.getAsJsonArray("tasks").size(), "the snapshot holds no task: " + snapshot);
        long base = snapshot.get("rev").getAsLong();
        JsonObject task = okReply(p.create()).getAsJsonObject("task");
        JsonObject event = alice.awaitEvent("task.created");
        assertEquals(base + 1, event.get("rev").getAsLong());
        assertEquals(task, event.getAsJsonObject("task"));
    }

    @Test
    void aReadPipelinedBehindTheWaitingWriteStillSeesIt() throws Exception {
        Pipelined p = pipelineBehindAHeldSubscribe(json("type", "tasks", "list", list));

        okReply(p.subscribe());
        long id = okReply(p.create()).getAsJsonObject("task").get("id").getAsLong();
        JsonArray seen = okReply(p.then()).getAsJsonArray("tasks");
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(id, seen.get(0).getAsJsonObject().get("id").getAsLong());
    }
}
