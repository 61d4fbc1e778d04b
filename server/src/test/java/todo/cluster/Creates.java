package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import todo.support.Json;
import todo.support.TestClient;

/**
 * The cluster tests' workload: subscribed clients that each create tasks (with keys) in one shared list, in
 * rounds sent without waiting (pipelined), and the check that every subscriber saw revs 1..N once each, in
 * order, with the same task at each rev. Test thread.
 */
final class Creates {
    static final Duration DELIVERY = Duration.ofSeconds(60);

    private Creates() {}

    /** Each client sends {@code count} creates at once, named and keyed {@code c<client>-<round>-<i>}; waits for every ok. */
    static void round(List<TestClient> clients, long list, String round, int count) {
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            for (int i = 0; i < count; i++) {
                String name = "c" + c + "-" + round + "-" + i;
                replies.add(clients.get(c).send(json("type", "task.create", "list", list, "name", name, "key", name)));
            }
        }
        TestClient.okReplies(replies);
    }

    /** Every client saw task.created at revs 1..n exactly, in order, and the same task at each rev as the others. */
    static void assertEverySubscriberSawTheSameGapFreeSequence(List<TestClient> clients, int n) {
        List<Long> expected = LongStream.rangeClosed(1, n).boxed().toList();
        List<Long> reference = null;
        for (TestClient c : clients) {
            await().atMost(DELIVERY).until(() -> c.events("task.created").size() >= n);
            c.settle();
            List<JsonObject> created = c.events("task.created");
            assertEquals(expected, created.stream().map(Json::rev).toList(), "revs 1.." + n + ", no gap, no repeat");
            List<Long> ids = created.stream().map(e -> Json.id(e.getAsJsonObject("task"))).toList();
            if (reference == null) {
                reference = ids;
            } else {
                assertEquals(reference, ids, "the same task at each rev on every node");
            }
        }
    }
}
