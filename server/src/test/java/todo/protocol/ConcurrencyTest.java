package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.TestClient;
import todo.support.ServerTest;

/**
 * The guarantee: 20 clients creating 50 tasks each at once in one shared list give 1,000 tasks with revs 1..1000,
 * and every subscriber sees the same 1,000 events in the same rev order.
 */
class ConcurrencyTest extends ServerTest {
    static final int CLIENTS = 20;
    static final int EACH = 50;
    static final int TOTAL = CLIENTS * EACH;

    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    @Test
    void twentyClientsCreatingFiftyTasksEachGetGaplessRevsAndIdenticalEventStreams() throws Exception {
        TestClient alice = server.user("alice");
        long list = alice.createList("Shared");
        List<TestClient> writers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            TestClient c = server.user("user" + i);
            alice.ok(json("type", "list.share", "list", list, "username", "user" + i));
            writers.add(c);
        }
        List<TestClient> subscribers = new ArrayList<>(writers);
        subscribers.add(alice);
        for (TestClient c : subscribers) {
            assertEquals(0, c.subscribe(list).get("rev").getAsLong());
        }

        // All writers start together, each on its own thread, and send all 50 creates without waiting.
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<CompletableFuture<JsonObject>>>> sending = new ArrayList<>();
        for (int w = 0; w < CLIENTS; w++) {
            TestClient c = writers.get(w);
            int writer = w;
            sending.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    fs.add(c.send(json("type", "task.create", "list", list, "name", "w" + writer + "-" + i)));
                }
                return fs;
            }, r -> new Thread(r, "writer-" + writer).start()));
        }
        go.countDown();

        List<Long> replyRevs = new ArrayList<>();
        Set<Long> replyIds = new HashSet<>();
        for (CompletableFuture<List<CompletableFuture<JsonObject>>> s : sending) {
            for (CompletableFuture<JsonObject> f : s.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                JsonObject r = f.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(r.get("ok").getAsBoolean(), r.toString());
                replyRevs.add(r.getAsJsonObject("task").get("rev").getAsLong());
                replyIds.add(r.getAsJsonObject("task").get("id").getAsLong());
            }
        }
        List<Long> oneToTotal = LongStream.rangeClosed(1, TOTAL).boxed().toList();
        assertEquals(oneToTotal, replyRevs.stream().sorted().toList(), "task revs are 1..1000, no gap, no repeat");
        assertEquals(TOTAL, replyIds.size());

        List<JsonObject> stored = alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").asList()
                .stream().map(e -> e.getAsJsonObject()).toList();
        assertEquals(TOTAL, stored.size());
        assertEquals(oneToTotal, stored.stream().map(t -> t.get("rev").getAsLong()).sorted().toList());
        JsonObject listNow = alice.ok(json("type", "subscribe", "list", list, "since", TOTAL)).getAsJsonObject("list");
        assertEquals(TOTAL, listNow.get("rev").getAsLong());

        List<String> reference = null;
        for (TestClient c : subscribers) {
            List<JsonObject> events = c.awaitEvents("task.created", TOTAL);
            c.settle();
            events = c.events("task.created");
            assertEquals(TOTAL, events.size());
            assertEquals(oneToTotal, events.stream().map(e -> e.get("rev").getAsLong()).toList(),
                    "event revs 1..1000 in arrival order");
            for (JsonObject e : events) {
                assertEquals(e.get("rev"), e.getAsJsonObject("task").get("rev"));
            }
            List<String> order = events.stream()
                    .map(e -> e.get("rev") + ":" + e.getAsJsonObject("task").get("id") + ":" + e.get("by").getAsString())
                    .toList();
            if (reference == null) {
                reference = order;
            } else {
                assertEquals(reference, order, "every subscriber sees the same events in the same order");
            }
        }
        Set<Long> eventIds = new HashSet<>();
        alice.events("task.created").forEach(e -> eventIds.add(e.getAsJsonObject("task").get("id").getAsLong()));
        assertEquals(replyIds, eventIds);
    }
}
