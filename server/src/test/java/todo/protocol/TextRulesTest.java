package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import todo.support.Replies;
import todo.support.SignedInTest;

/**
 * Text that cannot be stored faithfully, or that shows nothing, is refused. Found by attack: a lone surrogate
 * ({@code "\udc00 x"}) was stored as {@code "? x"}, so keys {@code "k\ud800"} and {@code "k\udbff"} collided and the
 * second create silently answered with the first task; and a task named only U+200B was accepted.
 */
class TextRulesTest extends SignedInTest {

    /** Sends a frame written by hand (so JSON escapes reach the server as typed) and waits for its reply. */
    private JsonObject rawReply(String id, String frame) {
        alice.sendRaw(frame);
        return alice.awaitReply(id);
    }

    private static void assertBadRequest(JsonObject reply) {
        Replies.assertError(reply, "bad_request", "the request");
    }

    @Test
    void aTaskNameWithALoneSurrogateIsABadRequestAndStoresNothing() {
        assertBadRequest(rawReply("s1",
                "{\"type\":\"task.create\",\"id\":\"s1\",\"list\":" + list + ",\"name\":\"\\udc00 x\"}"));
        assertEquals(0, alice.tasks(list).size());
    }

    @Test
    void keysThatDifferOnlyInLoneSurrogatesAreRefusedRatherThanMerged() {
        assertBadRequest(rawReply("k1", "{\"type\":\"task.create\",\"id\":\"k1\",\"list\":" + list
                + ",\"name\":\"first\",\"key\":\"k\\ud800\"}"));
        assertBadRequest(rawReply("k2", "{\"type\":\"task.create\",\"id\":\"k2\",\"list\":" + list
                + ",\"name\":\"second\",\"key\":\"k\\udbff\"}"));
        assertEquals(0, alice.tasks(list).size());
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
        assertTrue(reply.get("message").getAsString().startsWith("name"), reply.toString());
        assertEquals(0, alice.tasks(list).size());
    }

    @Test
    void renamingATaskToOnlyInvisibleCharactersIsABadRequest() {
        long id = alice.createTask(list, "name", "milk").get("id").getAsLong();
        assertBadRequest(alice.request(json("type", "task.update", "task", id, "name", "\u200B")));
        assertEquals("milk", alice.ok(json("type", "task.get", "task", id)).getAsJsonObject("task")
                .get("name").getAsString());
    }

    @Test
    void aListTitleOfOnlyInvisibleCharactersIsABadRequest() {
        assertBadRequest(alice.request(json("type", "list.create", "title", "\u200B\u2063")));
        assertBadRequest(alice.request(json("type", "list.rename", "list", list, "title", "\u3164")));
        assertEquals(1, alice.lists().size());
    }

    @Test
    void invisibleCharactersBesideVisibleOnesAreKept() {
        JsonObject task = alice.createTask(list, "name", "\u200Bzero\u200Bwidth");
        assertEquals("\u200Bzero\u200Bwidth", task.get("name").getAsString());
    }
}
