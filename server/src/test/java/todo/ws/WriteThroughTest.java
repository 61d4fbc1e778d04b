package todo.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.RawClient;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * The loop writes a frame to the socket itself when nothing is queued before it, and queues only what the socket did
 * not take ({@code WsPeer.writeNow}). A client that stops reading fills the socket: later frames are half written,
 * then queued, then finished by the selector. Whatever the split, the client reads every frame whole, in order.
 */
class WriteThroughTest {
    /** About 6 MB of events: more than the kernel's socket buffers hold, less than the 4 MiB queue cap beyond them. */
    private static final int EVENTS = 600;
    private static final String NOTE = "n".repeat(10_000);

    @TempDir
    Path dir;
    private TestServer server;
    private RawClient raw;

    @AfterEach
    void close() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsHeldBackByAFullSocketReachAClientThatReadsAgainWholeAndInRevOrder() throws Exception {
        server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        TestClient alice = server.connect();
        String token = alice.ok(json("type", "register", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        long list = alice.ok(json("type", "list.create", "title", "Busy")).getAsJsonObject("list").get("id").getAsLong();
        raw = new RawClient(server.server.wsPort());
        raw.sendText(json("type", "auth", "id", 1, "token", token).toString());
        raw.sendText(json("type", "subscribe", "id", 2, "list", list).toString());
        assertEquals(1, read().get("re").getAsLong());
        long rev = read().get("rev").getAsLong();

        // The client now stops reading while the events pile up.
        List<CompletableFuture<JsonObject>> creates = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            creates.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i, "note", NOTE)));
        }
        creates.forEach(f -> assertTrue(f.join().get("ok").getAsBoolean(), f.join().toString()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queuedBytes() > 0);

        for (int i = 1; i <= EVENTS; i++) {
            JsonObject e = read();
            while (e.get("type").getAsString().equals("presence")) {
                e = read(); // who is online: not part of the list's rev sequence
            }
            assertEquals("task.created", e.get("type").getAsString());
            assertEquals(rev + i, e.get("rev").getAsLong(), "event " + i);
            assertEquals(NOTE, e.getAsJsonObject("task").get("note").getAsString());
        }
        alice.close();
    }

    private JsonObject read() throws Exception {
        byte[] frame = raw.readFrame();
        assertEquals(RawClient.OP_TEXT, raw.opcode());
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** The bytes queued beyond the sockets, as the send-budget sweep measured them (docs/metrics.md). */
    private double queuedBytes() {
        Matcher m = Pattern.compile("\ntodo_send_queue_bytes (\\S+)\n").matcher(server.get("metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
