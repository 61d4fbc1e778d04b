package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.loop.Session;
import todo.support.RawClient;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Issue 6, finding 7: large replies must not slip past the slow-reader cap. A snapshot larger than the cap reaches a
 * client that reads it, but none is queued behind unread data (1013), and a client that never reads is dropped soon
 * after, not at the ping timeout.
 */
class SlowReaderTest {
    /** Tasks whose 10,000-character notes add up to more than the 4 MiB cap. */
    private static final int TASKS = (int) (Session.MAX_UNSENT_BYTES / 10_000) + 20;

    @TempDir
    Path dir;
    private TestServer server;
    private final List<RawClient> raws = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (RawClient r : raws) {
            r.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A list holding more than the cap, and the owner's token. */
    private String[] bigList() {
        TestClient alice = server.connect();
        String token = alice.ok(json("type", "register", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        long list = alice.ok(json("type", "list.create", "title", "Big")).getAsJsonObject("list").get("id").getAsLong();
        String note = "n".repeat(10_000);
        List<CompletableFuture<JsonObject>> creates = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            creates.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i, "note", note)));
        }
        creates.forEach(f -> assertTrue(f.join().get("ok").getAsBoolean(), f.join().toString()));
        return new String[] {token, Long.toString(list)};
    }

    @Test
    void aSnapshotLargerThanTheCapReachesAClientThatReads() throws Exception {
        server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        String[] big = bigList();
        try (TestClient bob = server.connect()) {
            bob.ok(json("type", "auth", "token", big[0]));
            JsonObject snap = bob.ok(json("type", "subscribe", "list", Long.parseLong(big[1])));
            assertEquals(TASKS, snap.getAsJsonArray("tasks").size(), "the whole snapshot arrived");
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedSoonAfterBeingCutOff() throws Exception {
        server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        String[] big = bigList();
        int before = server.server.connections();
        RawClient raw = new RawClient(server.server.wsPort());
        raws.add(raw);
        raw.sendText(json("type", "auth", "id", 1, "token", big[0]).toString());
        // Four snapshots of over 4 MiB: more than the socket buffers of both ends absorb (the send buffer grows to 4 MiB;
        // a receive buffer grows only while its reader reads), so a later one meets a non-empty queue and is refused.
        for (int i = 0; i < 4; i++) {
            raw.sendText(json("type", "subscribe", "id", 2 + i, "list", Long.parseLong(big[1])).toString());
        }
        // It never reads. Its queue must not be held until the ping timeout (60 s): the grace is 5 s.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> server.server.connections() == before);
        // And operators see it (docs/metrics.md). At least one: the owner's pipelined creates may be cut too.
        java.util.regex.Matcher closes = java.util.regex.Pattern.compile(
                "\ntodo_slow_consumer_closes_total\\{bound=\"connection\"} (\\S+)\n").matcher(server.get("metrics").body());
        assertTrue(closes.find() && Double.parseDouble(closes.group(1)) >= 1, "the slow-consumer close is counted");
    }
}
