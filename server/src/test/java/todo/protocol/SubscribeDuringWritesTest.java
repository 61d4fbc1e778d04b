package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.TestClient;
import todo.support.ServerTest;

/**
 * Snapshots are read on the read pool while writes commit on the writer: a subscriber that joins mid-burst must
 * get a snapshot at some rev R and then exactly the events R+1, R+2, ... — none missed, none repeated.
 */
class SubscribeDuringWritesTest extends ServerTest {
    static final int WRITES = 400;
    static final int SUBSCRIBERS = 12;

    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    @Test
    void subscribersJoiningDuringAWriteBurstGetEveryLaterRevExactlyOnce() {
        TestClient writer = server.user("alice");
        long list = writer.createList("Busy");
        String token = writer.ok(json("type", "login", "username", "alice", "password", "password-alice")).get("token").getAsString();
        List<TestClient> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subscribers.add(server.auth(token));
        }

        List<CompletableFuture<JsonObject>> writes = new ArrayList<>();
        List<CompletableFuture<JsonObject>> subscribes = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            writes.add(writer.send(json("type", "task.create", "list", list, "name", "t" + i)));
            if (i % (WRITES / SUBSCRIBERS) == 0 && subscribes.size() < SUBSCRIBERS) {
                subscribes.add(subscribers.get(subscribes.size()).send(json("type", "subscribe", "list", list)));
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(subscribes.toArray(CompletableFuture[]::new)).join();

        for (int i = 0; i < SUBSCRIBERS; i++) {
            TestClient c = subscribers.get(i);
            JsonObject reply = subscribes.get(i).join();
            long base = reply.get("rev").getAsLong();
            assertEquals(base, reply.getAsJsonArray("tasks").size(), "snapshot holds exactly the tasks up to its rev");
            await().atMost(TestClient.TIMEOUT).until(() -> c.events("task.created").size() >= WRITES - base);
            List<Long> revs = c.events("task.created").stream().map(e -> e.get("rev").getAsLong()).toList();
            assertEquals(LongStream.rangeClosed(base + 1, WRITES).boxed().toList(), revs,
                    "subscriber " + i + " (snapshot at rev " + base + ")");
        }
    }
}
