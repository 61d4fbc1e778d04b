package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;
import todo.support.TestClient;

class BasicsTest extends ServerTest {
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
        long list = alice.firstList();
        JsonObject sub = alice.subscribe(list);
        JsonObject created = alice.ok(json("type", "task.create", "list", list, "name", "Buy milk"));
        JsonObject event = alice.awaitEvent("task.created");
        assertEquals(sub.get("rev").getAsLong() + 1, event.get("rev").getAsLong());
        assertEquals(created.getAsJsonObject("task"), event.getAsJsonObject("task"));
        int replyAt = alice.indexOf(created);
        int eventAt = alice.indexOf(event);
        assertTrue(replyAt < eventAt, "reply before event");
    }
}
