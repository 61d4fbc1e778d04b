package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * Issue 6, finding 7: one large reply must not slip past the slow-reader cap. A subscribe snapshot larger than the
 * cap closes the connection with 1013 instead of being queued, and a client that never reads is dropped soon after,
 * not at the ping timeout.
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
    void aSnapshotLargerThanTheCapClosesTheConnectionWith1013InsteadOfBeingQueued() throws Exception {
        server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        String[] big = bigList();
        RawClient raw = new RawClient(server.server.wsPort());
        raws.add(raw);
        raw.sendText(json("type", "auth", "id", 1, "token", big[0]).toString());
        raw.sendText(json("type", "subscribe", "id", 2, "list", Long.parseLong(big[1])).toString());
        while (true) {
            byte[] payload = raw.readFrame();
            if (raw.opcode() == RawClient.OP_CLOSE) {
                assertEquals(1013, ByteBuffer.wrap(payload).getShort() & 0xffff);
                return;
            }
            assertTrue(payload.length < Session.MAX_UNSENT_BYTES, "a " + payload.length + "-byte frame was queued");
            String text = new String(payload, StandardCharsets.UTF_8);
            assertTrue(!text.contains("\"re\":2"), "the oversized snapshot was sent");
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
        for (int i = 0; i < 3; i++) {
            raw.sendText(json("type", "subscribe", "id", 2 + i, "list", Long.parseLong(big[1])).toString());
        }
        // It never reads. Its queue must not be held until the ping timeout (60 s): the grace is 5 s.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> server.server.connections() == before);
    }
}
