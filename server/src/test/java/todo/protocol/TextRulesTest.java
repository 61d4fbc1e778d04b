package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Text that cannot be stored faithfully, or that shows nothing, is refused. Found by attack: a lone surrogate
 * ({@code "\udc00 x"}) was stored as {@code "? x"}, so keys {@code "k\ud800"} and {@code "k\udbff"} collided and the
 * second create silently answered with the first task; and a task named only U+200B was accepted.
 */
class TextRulesTest {
    @TempDir
    Path dir;
    TestServer server;
    TestClient alice;
    long list;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        alice = server.user("alice");
        list = alice.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends a frame written by hand (so JSON escapes reach the server as typed) and waits for its reply. */
    private JsonObject rawReply(String id, String frame) {
        alice.sendRaw(frame);
        return await().atMost(TestClient.TIMEOUT).until(() -> alice.frames().stream()
                .filter(f -> f.has("re") && !f.get("re").isJsonNull() && id.equals(f.get("re").getAsString()))
                .findFirst().orElse(null), f -> f != null);
    }

    private void assertBadRequest(JsonObject reply) {
        assertFalse(reply.get("ok").getAsBoolean(), reply.toString());
        assertEquals("bad_request", reply.get("error").getAsString(), reply.toString());
    }

    private int taskCount() {
        return alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").size();
    }

    @Test
    void aTaskNameWithALoneSurrogateIsABadRequestAndStoresNothing() {
        assertBadRequest(rawReply("s1",
                "{\"type\":\"task.create\",\"id\":\"s1\",\"list\":" + list + ",\"name\":\"\\udc00 x\"}"));
        assertEquals(0, taskCount());
    }

    @Test
    void keysThatDifferOnlyInLoneSurrogatesAreRefusedRatherThanMerged() {
        assertBadRequest(rawReply("k1", "{\"type\":\"task.create\",\"id\":\"k1\",\"list\":" + list
                + ",\"name\":\"first\",\"key\":\"k\\ud800\"}"));
        assertBadRequest(rawReply("k2", "{\"type\":\"task.create\",\"id\":\"k2\",\"list\":" + list
                + ",\"name\":\"second\",\"key\":\"k\\udbff\"}"));
        assertEquals(0, taskCount());
    }

    @Test
    void aNoteWithASurrogatePairEscapedInJsonIsStoredAsTheOneCharacterItEncodes() {
        JsonObject reply = rawReply("p1", "{\"type\":\"task.create\",\"id\":\"p1\",\"list\":" + list
                + ",\"name\":\"n\",\"note\":\"\\ud83e\\udd5b\"}");
        assertEquals("🥛", reply.getAsJsonObject("task").get("note").getAsString(), reply.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200B\u200C\u200D", " \uFEFF\u2060 ", "\u3164", "\u2800", "\u00AD\u034F",
            "\uFE0F", "\u202E\u202C", "\u0000\u0007"})
    void aTaskNameOfOnlyInvisibleCharactersIsABadRequestNamingName(String name) {
        JsonObject reply = alice.request(json("type", "task.create", "list", list, "name", name));
        assertBadRequest(reply);
        assertEquals(true, reply.get("message").getAsString().startsWith("name"), reply.toString());
        assertEquals(0, taskCount());
    }

    @Test
    void renamingATaskToOnlyInvisibleCharactersIsABadRequest() {
        long id = alice.ok(json("type", "task.create", "list", list, "name", "milk"))
                .getAsJsonObject("task").get("id").getAsLong();
        assertBadRequest(alice.request(json("type", "task.update", "task", id, "name", "\u200B")));
        assertEquals("milk", alice.ok(json("type", "task.get", "task", id)).getAsJsonObject("task")
                .get("name").getAsString());
    }

    @Test
    void aListTitleOfOnlyInvisibleCharactersIsABadRequest() {
        assertBadRequest(alice.request(json("type", "list.create", "title", "\u200B\u2063")));
        assertBadRequest(alice.request(json("type", "list.rename", "list", list, "title", "\u3164")));
        assertEquals(1, alice.ok(json("type", "lists")).getAsJsonArray("lists").size());
    }

    @Test
    void invisibleCharactersBesideVisibleOnesAreKept() {
        JsonObject task = alice.ok(json("type", "task.create", "list", list, "name", "\u200Bzero\u200Bwidth"))
                .getAsJsonObject("task");
        assertEquals("\u200Bzero\u200Bwidth", task.get("name").getAsString());
    }
}
