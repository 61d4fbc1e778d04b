package todo.ws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.support.SignedInTest;
import todo.support.TestClient;

/**
 * A broadcast's frame is built once and the same bytes are queued to every subscriber ({@link SharedFrames}).
 * This broadcasts a burst to many sessions while some of them close in the middle of it: every session that stays
 * gets every event, whole, in rev order, and the server carries on.
 */
class EncodeOnceBroadcastTest extends SignedInTest {
    private static final int SUBSCRIBERS = 24;
    private static final int EVENTS = 60;

    @Test
    void everyOpenSubscriberGetsEveryEventWholeWhileOthersCloseMidBroadcast() {
        List<TestClient> subs = new ArrayList<>();
        List<Long> baseRevs = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            TestClient c = server.signIn("alice");
            baseRevs.add(c.subscribe(list).get("rev").getAsLong());
            subs.add(c);
        }
        String note = "ünïcødé \uD83D\uDE00 ".repeat(500); // over 126 bytes: the 16-bit length form
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            replies.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i, "note", i % 2 == 0 ? note : "")));
            if (i == EVENTS / 3) {
                for (int j = 0; j < SUBSCRIBERS; j += 3) {
                    subs.get(j).close(); // every third subscriber leaves while the burst is being fanned out
                }
            }
        }
        TestClient.okReplies(replies);
        for (int j = 0; j < SUBSCRIBERS; j++) {
            if (j % 3 == 0) {
                continue;
            }
            TestClient c = subs.get(j);
            List<JsonObject> created = await().atMost(TestClient.TIMEOUT)
                    .until(() -> c.events("task.created"), l -> l.size() >= EVENTS);
            c.settle();
            assertEquals(EVENTS, c.events("task.created").size(), "subscriber " + j);
            for (int i = 0; i < EVENTS; i++) {
                JsonObject e = created.get(i);
                assertEquals(baseRevs.get(j) + i + 1, e.get("rev").getAsLong(), "subscriber " + j + ", event " + i);
                JsonObject task = e.getAsJsonObject("task");
                assertEquals("t" + i, task.get("name").getAsString());
                assertEquals(i % 2 == 0 ? note : "", task.get("note").getAsString());
            }
        }
        alice.settle();
        assertEquals(SUBSCRIBERS - (SUBSCRIBERS + 2) / 3 + 1, server.connections());
    }
}
