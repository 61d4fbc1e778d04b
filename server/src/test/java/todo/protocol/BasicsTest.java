package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestClient;
import todo.support.TestServer;

class BasicsTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void infoListsProtocolOneAndEveryVerb() {
        TestClient c = server.connect();
        JsonObject r = c.ok(json("type", "info"));
        assertEquals(1, r.get("protocol").getAsInt());
        assertTrue(r.getAsJsonArray("types").toString().contains("\"tasks.clearCompleted\""));
    }

    @Test
    void aCreatedTaskIsBroadcastToTheSubscribersOwnSessionAfterTheReply() {
        TestClient alice = server.user("alice");
        long list = alice.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
        JsonObject sub = alice.ok(json("type", "subscribe", "list", list));
        JsonObject created = alice.ok(json("type", "task.create", "list", list, "name", "Buy milk"));
        JsonObject event = alice.awaitEvent("task.created");
        assertEquals(sub.get("rev").getAsLong() + 1, event.get("rev").getAsLong());
        assertEquals(created.getAsJsonObject("task"), event.getAsJsonObject("task"));
        int replyAt = indexOf(alice, created);
        int eventAt = indexOf(alice, event);
        assertTrue(replyAt < eventAt, "reply before event");
    }

    private static int indexOf(TestClient c, JsonObject frame) {
        return c.frames().indexOf(frame);
    }
}
