package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.app.Config;
import todo.loop.Limits;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Lists and tasks are capped, and bulk verbs run in chunks, each its own writer transaction. Found by attack: one
 * user made 4,000 lists in 2.7 s and, with 20 pipelined {@code tasks.completeAll} on a 20,000-task list, held the
 * writer for seconds, so everyone else's writes waited.
 */
class BoundedWorkTest {
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The real store, counting the writes handed to it. */
    static final class CountingStore implements Store {
        private final SqliteStore real;
        final AtomicInteger writes = new AtomicInteger();

        CountingStore(SqliteStore real) {
            this.real = real;
        }

        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            writes.incrementAndGet();
            return real.write(op);
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            return real.read(op);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private CountingStore store;

    private void start(Limits limits) throws Exception {
        Config config = TestServer.config(dir).withLimits(limits);
        server = TestServer.start(config, loop -> store = new CountingStore(SqliteStore.open(config.db(), loop)));
    }

    private static long firstList(TestClient c) {
        return c.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
    }

    private static JsonObject failure(TestClient c, JsonObject request, String code) {
        JsonObject reply = c.request(request);
        assertEquals(false, reply.get("ok").getAsBoolean(), reply.toString());
        assertEquals(code, reply.get("error").getAsString(), reply.toString());
        return reply;
    }

    @Test
    void aTaskCreateBeyondTheTasksPerListCapIsLimitExceededAndStoresNothing() throws Exception {
        start(Limits.defaults().withTasksPerList(3));
        TestClient alice = server.user("alice");
        long list = firstList(alice);
        for (int i = 0; i < 3; i++) {
            alice.ok(json("type", "task.create", "list", list, "name", "t" + i, "key", "k" + i));
        }
        JsonObject refused = failure(alice, json("type", "task.create", "list", list, "name", "one too many"),
                "limit_exceeded");
        assertTrue(refused.get("message").getAsString().contains("3"), refused.toString());
        assertEquals(3, alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").size());
        assertEquals(3, alice.ok(json("type", "subscribe", "list", list)).get("rev").getAsLong(), "no rev was used");
        alice.ok(json("type", "task.create", "list", list, "name", "t0", "key", "k0")); // a replay adds nothing
    }

    @Test
    void aFullListOfSomeoneElseIsStillNotFound() throws Exception {
        start(Limits.defaults().withTasksPerList(1));
        TestClient alice = server.user("alice");
        long list = firstList(alice);
        alice.ok(json("type", "task.create", "list", list, "name", "only"));
        TestClient bob = server.user("bob");
        failure(bob, json("type", "task.create", "list", list, "name", "probe"), "not_found");
    }

    @Test
    void aListCreateBeyondTheListsPerUserCapIsLimitExceeded() throws Exception {
        start(Limits.defaults().withListsPerUser(2));
        TestClient alice = server.user("alice");
        alice.ok(json("type", "list.create", "title", "second"));
        failure(alice, json("type", "list.create", "title", "third"), "limit_exceeded");
        assertEquals(2, alice.ok(json("type", "lists")).getAsJsonArray("lists").size());
    }

    @Test
    void sharingWithSomeoneAtTheListsPerUserCapIsLimitExceeded() throws Exception {
        start(Limits.defaults().withListsPerUser(2));
        TestClient alice = server.user("alice");
        long a1 = alice.ok(json("type", "list.create", "title", "a1")).getAsJsonObject("list").get("id").getAsLong();
        TestClient bob = server.user("bob");
        long b1 = bob.ok(json("type", "list.create", "title", "b1")).getAsJsonObject("list").get("id").getAsLong();
        failure(alice, json("type", "list.share", "list", a1, "username", "bob"), "limit_exceeded");
        assertEquals(List.of("alice"), members(alice, a1));
        bob.ok(json("type", "list.delete", "list", b1));
        alice.ok(json("type", "list.share", "list", a1, "username", "bob"));
    }

    private static List<String> members(TestClient c, long list) {
        for (var e : c.ok(json("type", "lists")).getAsJsonArray("lists")) {
            JsonObject l = e.getAsJsonObject();
            if (l.get("id").getAsLong() == list) {
                return l.getAsJsonArray("members").asList().stream().map(m -> m.getAsString()).toList();
            }
        }
        throw new AssertionError("no list " + list);
    }

    /** A server with bulk chunks of 2 tasks, and alice with 5 open tasks in her first list. */
    private TestClient fiveTasksInChunksOfTwo() throws Exception {
        start(Limits.defaults().withBulkChunk(2));
        TestClient alice = server.user("alice");
        long list = firstList(alice);
        for (int i = 0; i < 5; i++) {
            alice.ok(json("type", "task.create", "list", list, "name", "t" + i));
        }
        return alice;
    }

    @Test
    void completeAllRunsOneWriterTransactionPerChunkAndStillRepliesWithEveryTaskThenGapFreeEvents() throws Exception {
        TestClient alice = fiveTasksInChunksOfTwo();
        long list = firstList(alice);
        long rev = alice.ok(json("type", "subscribe", "list", list)).get("rev").getAsLong();
        int writesBefore = store.writes.get();

        JsonArray done = alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true))
                .getAsJsonArray("tasks");

        assertEquals(3, store.writes.get() - writesBefore, "chunks of 2, 2 and 1");
        assertEquals(5, done.size());
        List<JsonObject> events = alice.awaitEvents("task.updated", 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(rev + 1 + i, events.get(i).get("rev").getAsLong(), events.toString());
        }
        JsonObject replyFrame = alice.frames().stream().filter(f -> f.has("tasks") && f.has("re")
                && f.getAsJsonArray("tasks").size() == 5).findFirst().orElseThrow();
        assertTrue(alice.frames().indexOf(replyFrame) < alice.frames().indexOf(events.get(0)), "reply before events");
    }

    @Test
    void clearCompletedRunsInChunksToo() throws Exception {
        start(Limits.defaults().withBulkChunk(2));
        TestClient alice = server.user("alice");
        long list = firstList(alice);
        for (int i = 0; i < 4; i++) {
            alice.ok(json("type", "task.create", "list", list, "name", "t" + i, "completed", i != 2));
        }
        int writesBefore = store.writes.get();
        JsonArray deleted = alice.ok(json("type", "tasks.clearCompleted", "list", list)).getAsJsonArray("deleted");
        assertEquals(3, deleted.size());
        assertEquals(2, store.writes.get() - writesBefore, "chunks of 2 and 1");
        assertEquals(1, alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").size());
    }

    @Test
    void aRequestPipelinedBehindABulkChangeRunsAfterItsLastChunk() throws Exception {
        TestClient alice = fiveTasksInChunksOfTwo();
        long list = firstList(alice);
        CompletableFuture<JsonObject> bulk = alice.send(json("type", "tasks.completeAll", "list", list, "completed", true));
        JsonArray after = alice.ok(json("type", "tasks", "list", list, "completed", false)).getAsJsonArray("tasks");
        assertTrue(bulk.isDone());
        assertEquals(0, after.size(), "the read sees every chunk: " + after);
    }
}
