package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.Json;
import todo.support.TestClient;
import todo.support.TestServer;
import todo.support.WatchedStore;
import todo.verbs.Limits;

/**
 * Lists and tasks are capped, and bulk verbs run in chunks, each its own writer transaction. Found by attack: one
 * user made 4,000 lists in 2.7 s and, with 20 pipelined {@code tasks.completeAll} on a 20,000-task list, held the
 * writer for seconds, so everyone else's writes waited.
 */
class BoundedWorkTest {
    @TempDir
    Path dir;
    private TestServer server;
    private WatchedStore store;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Limits limits) throws Exception {
        server = TestServer.startWatched(TestServer.config(dir).withLimits(limits));
        store = server.watched();
    }

    @Test
    void aTaskCreateBeyondTheTasksPerListCapIsLimitExceededAndStoresNothing() throws Exception {
        start(Limits.defaults().withTasksPerList(3));
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        for (int i = 0; i < 3; i++) {
            alice.createTask(list, "name", "t" + i, "key", "k" + i);
        }
        JsonObject refused = alice.error(json("type", "task.create", "list", list, "name", "one too many"),
                "limit_exceeded");
        assertTrue(refused.get("message").getAsString().contains("3"), refused.toString());
        assertEquals(3, alice.tasks(list).size());
        assertEquals(3, alice.subscribe(list).get("rev").getAsLong(), "no rev was used");
        alice.createTask(list, "name", "t0", "key", "k0"); // a replay adds nothing
    }

    @Test
    void aFullListOfSomeoneElseIsStillNotFound() throws Exception {
        start(Limits.defaults().withTasksPerList(1));
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        alice.createTask(list, "name", "only");
        TestClient bob = server.user("bob");
        bob.error(json("type", "task.create", "list", list, "name", "probe"), "not_found");
    }

    @Test
    void aListCreateBeyondTheListsPerUserCapIsLimitExceeded() throws Exception {
        start(Limits.defaults().withListsPerUser(2));
        TestClient alice = server.user("alice");
        alice.createList("second");
        alice.error(json("type", "list.create", "title", "third"), "limit_exceeded");
        assertEquals(2, alice.lists().size());
    }

    @Test
    void sharingWithSomeoneAtTheListsPerUserCapIsLimitExceeded() throws Exception {
        start(Limits.defaults().withListsPerUser(2));
        TestClient alice = server.user("alice");
        long a1 = alice.createList("a1");
        TestClient bob = server.user("bob");
        long b1 = bob.createList("b1");
        alice.error(json("type", "list.share", "list", a1, "username", "bob"), "limit_exceeded");
        assertEquals(List.of("alice"), Json.strings(alice.list(a1).getAsJsonArray("members")));
        bob.ok(json("type", "list.delete", "list", b1));
        alice.share(a1, "bob");
    }

    /**
     * A server with bulk chunks of 2 tasks, and alice with {@code n} tasks in her first list, task {@code i}
     * completed when {@code completed} says so.
     */
    private TestClient tasksInChunksOfTwo(int n, IntPredicate completed) throws Exception {
        start(Limits.defaults().withBulkChunk(2));
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        for (int i = 0; i < n; i++) {
            alice.createTask(list, "name", "t" + i, "completed", completed.test(i));
        }
        return alice;
    }

    private TestClient fiveTasksInChunksOfTwo() throws Exception {
        return tasksInChunksOfTwo(5, i -> false);
    }

    @Test
    void completeAllRunsOneWriterTransactionPerChunkAndStillRepliesWithEveryTaskThenGapFreeEvents() throws Exception {
        TestClient alice = fiveTasksInChunksOfTwo();
        long list = alice.firstList();
        long rev = alice.subscribe(list).get("rev").getAsLong();
        int writesBefore = store.writes();

        JsonObject reply = alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));

        assertEquals(3, store.writes() - writesBefore, "chunks of 2, 2 and 1");
        assertEquals(5, reply.getAsJsonArray("tasks").size());
        List<JsonObject> events = alice.awaitEvents("task.updated", 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(rev + 1 + i, Json.rev(events.get(i)), events.toString());
        }
        assertTrue(alice.indexOf(reply) < alice.indexOf(events.get(0)), "reply before events");
    }

    @Test
    void clearCompletedRunsInChunksToo() throws Exception {
        TestClient alice = tasksInChunksOfTwo(4, i -> i != 2);
        long list = alice.firstList();
        int writesBefore = store.writes();
        JsonArray deleted = alice.ok(json("type", "tasks.clearCompleted", "list", list)).getAsJsonArray("deleted");
        assertEquals(3, deleted.size());
        assertEquals(2, store.writes() - writesBefore, "chunks of 2 and 1");
        assertEquals(1, alice.tasks(list).size());
    }

    @Test
    void aRequestPipelinedBehindABulkChangeRunsAfterItsLastChunk() throws Exception {
        TestClient alice = fiveTasksInChunksOfTwo();
        long list = alice.firstList();
        CompletableFuture<JsonObject> bulk = alice.send(json("type", "tasks.completeAll", "list", list, "completed", true));
        List<JsonObject> after = alice.tasks(list, "completed", false);
        assertTrue(bulk.isDone());
        assertEquals(0, after.size(), "the read sees every chunk: " + after);
    }
}
