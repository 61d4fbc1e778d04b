package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.TestClient;
import todo.support.WatchedServerTest;
import todo.support.WatchedStore;
import todo.verbs.Limits;

/**
 * One user's bulk work does not stall everyone else's writes, nor make {@code /healthz} report the database
 * unavailable. Found by attack: 20 pipelined {@code tasks.completeAll} on a 20,000-task list made another user's
 * single {@code task.create} take 7.3 s, and {@code /healthz} answered 503 meanwhile.
 */
class BulkStallTest extends WatchedServerTest {
    private static final int TASKS = Limits.DEFAULT_TASKS_PER_LIST;
    private static final int BULK_CALLS = 20;
    /** A few chunks' worth of writer time, with room for a loaded machine; the whole flood takes seconds. */
    private static final Duration PROMPTLY = Duration.ofMillis(1500);

    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    @Test
    void anotherUsersCreateAndHealthzStayPromptWhileOneUserPipelinesBulkChangesOnAFullList() throws Exception {
        WatchedStore store = store();
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        List<CompletableFuture<?>> creates = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            creates.add(alice.send(json("type", "task.create", "list", list, "name", "task " + i)));
        }
        CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        TestClient bob = server.user("bob");
        long bobs = bob.firstList();

        int writesBefore = store.writes();
        List<CompletableFuture<?>> bulk = new ArrayList<>();
        for (int i = 0; i < BULK_CALLS; i++) {
            bulk.add(alice.send(json("type", "tasks.completeAll", "list", list, "completed", i % 2 == 0)));
        }
        await().atMost(TestClient.TIMEOUT).until(() -> store.writes() > writesBefore);

        CompletableFuture<HttpResponse<String>> health = CompletableFuture.supplyAsync(server::healthz);
        long started = System.nanoTime();
        bob.createTask(bobs, "name", "my one task");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        HttpResponse<String> h = health.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        boolean floodStillRunning = bulk.stream().anyMatch(f -> !f.isDone());

        assertTrue(took.compareTo(PROMPTLY) < 0, "bob's create took " + took);
        assertEquals(200, h.statusCode(), h.body());
        assertTrue(floodStillRunning, "the measurement must fall inside the flood");
        CompletableFuture.allOf(bulk.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
}
