package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import todo.support.Json;
import todo.support.ServerTest;
import todo.support.TestClient;

/**
 * A non-member can neither read, change nor learn about a list: every verb answers exactly as for an id that
 * does not exist, no event leaks, and nothing is stored.
 */
class MembersOnlyTest extends ServerTest {
    /** Far above any id these tests create. */
    static final long NO_SUCH_ID = 9_000_000L;

    TestClient alice;
    TestClient mallory;
    long list;
    long task;
    long doneTask;

    @BeforeEach
    void aliceSharesASecretListWithBob() {
        alice = server.user("alice");
        server.user("bob");
        mallory = server.user("mallory");
        list = alice.createList("Secret plans");
        alice.share(list, "bob");
        task = Json.id(alice.createTask(list, "name", "Plan A", "note", "top secret"));
        doneTask = Json.id(alice.createTask(list, "name", "Plan B", "completed", true));
        alice.subscribe(list);
    }

    /** Each verb, built for a list id and a task id. */
    private static final Map<String, Function<long[], JsonObject>> VERBS = Map.ofEntries(
            Map.entry("subscribe", ids -> json("type", "subscribe", "list", ids[0])),
            Map.entry("subscribe since", ids -> json("type", "subscribe", "list", ids[0], "since", 0)),
            Map.entry("tasks", ids -> json("type", "tasks", "list", ids[0])),
            Map.entry("tasks completed", ids -> json("type", "tasks", "list", ids[0], "completed", true)),
            Map.entry("task.get", ids -> json("type", "task.get", "task", ids[1])),
            Map.entry("task.create", ids -> json("type", "task.create", "list", ids[0], "name", "Mallory's")),
            Map.entry("task.create keyed", ids -> json("type", "task.create", "list", ids[0], "name", "M", "key", "k1")),
            Map.entry("task.update", ids -> json("type", "task.update", "task", ids[1], "name", "pwned")),
            Map.entry("task.update ifRev", ids -> json("type", "task.update", "task", ids[1], "completed", true, "ifRev", 0)),
            Map.entry("task.move", ids -> json("type", "task.move", "task", ids[1], "after", null)),
            Map.entry("task.move ifRev", ids -> json("type", "task.move", "task", ids[1], "before", null, "ifRev", 0)),
            Map.entry("history", ids -> json("type", "history", "list", ids[0])),
            Map.entry("undo", ids -> json("type", "undo", "list", ids[0], "rev", 1)),
            Map.entry("task.delete", ids -> json("type", "task.delete", "task", ids[1])),
            Map.entry("task.delete ifRev", ids -> json("type", "task.delete", "task", ids[1], "ifRev", 0)),
            Map.entry("tasks.completeAll", ids -> json("type", "tasks.completeAll", "list", ids[0], "completed", true)),
            Map.entry("tasks.clearCompleted", ids -> json("type", "tasks.clearCompleted", "list", ids[0])),
            Map.entry("list.rename", ids -> json("type", "list.rename", "list", ids[0], "title", "pwned")),
            Map.entry("list.delete", ids -> json("type", "list.delete", "list", ids[0])),
            Map.entry("list.share", ids -> json("type", "list.share", "list", ids[0], "username", "mallory")),
            Map.entry("list.share unknown user", ids -> json("type", "list.share", "list", ids[0], "username", "nobody")),
            Map.entry("list.share as viewer", ids -> json("type", "list.share", "list", ids[0], "username", "mallory",
                    "role", "viewer")),
            Map.entry("list.role", ids -> json("type", "list.role", "list", ids[0], "username", "bob", "role", "viewer")),
            Map.entry("task.editing", ids -> json("type", "task.editing", "task", ids[1], "editing", true)),
            Map.entry("list.unshare self", ids -> json("type", "list.unshare", "list", ids[0], "username", "mallory")),
            Map.entry("list.unshare member", ids -> json("type", "list.unshare", "list", ids[0], "username", "bob")),
            Map.entry("list.unshare owner", ids -> json("type", "list.unshare", "list", ids[0], "username", "alice")));

    private JsonObject errorOf(TestClient c, JsonObject request) {
        JsonObject reply = c.request(request);
        assertFalse(reply.get("ok").getAsBoolean(), "expected an error for " + request + " but got " + reply);
        JsonObject e = new JsonObject();
        e.add("error", reply.get("error"));
        e.add("message", reply.get("message"));
        e.addProperty("hasTask", reply.has("task"));
        return e;
    }

    private List<JsonObject> aliceTasks() {
        return alice.tasks(list);
    }

    static java.util.stream.Stream<String> verbs() {
        return VERBS.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbs")
    void aVerbOnAnotherUsersListAnswersExactlyLikeANonexistentId(String verb) {
        Function<long[], JsonObject> build = VERBS.get(verb);
        JsonObject real = errorOf(mallory, build.apply(new long[] {list, task}));
        JsonObject missing = errorOf(mallory, build.apply(new long[] {NO_SUCH_ID, NO_SUCH_ID}));
        assertEquals("not_found", real.get("error").getAsString(), verb + ": " + real);
        assertEquals(missing, real, verb + ": a real id must look like a nonexistent one");
    }

    @Test
    void nothingANonMemberAsksForIsStored() {
        List<JsonObject> before = aliceTasks();
        JsonObject listBefore = alice.ok(json("type", "subscribe", "list", list)).getAsJsonObject("list");
        for (var v : VERBS.values()) {
            mallory.request(v.apply(new long[] {list, task}));
        }
        mallory.request(json("type", "task.get", "task", doneTask));
        assertEquals(before, aliceTasks());
        JsonObject listAfter = alice.ok(json("type", "subscribe", "list", list)).getAsJsonObject("list");
        assertEquals(listBefore, listAfter);
        assertEquals("Secret plans", listAfter.get("title").getAsString());
        assertFalse(listAfter.getAsJsonArray("members").toString().contains("mallory"));
    }

    @Test
    void aNonMemberReceivesNoEventsWhileMembersEditTheList() {
        mallory.request(json("type", "subscribe", "list", list));
        TestClient bob = server.signIn("bob");
        bob.subscribe(list);
        long t = Json.id(alice.createTask(list, "name", "new"));
        alice.ok(json("type", "task.update", "task", t, "completed", true));
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        alice.ok(json("type", "tasks.clearCompleted", "list", list));
        alice.ok(json("type", "list.rename", "list", list, "title", "Renamed"));
        alice.ok(json("type", "list.unshare", "list", list, "username", "bob"));
        alice.share(list, "bob");
        alice.ok(json("type", "list.delete", "list", list));
        // bob, a member, saw it all; mallory, asked after the last change was made, has nothing.
        bob.awaitEvents("list.removed", 2);
        assertEquals(1, bob.events("task.created").size());
        assertTrue(bob.events("presence").size() >= 1);
        mallory.settle();
        assertTrue(mallory.events().isEmpty(), "mallory got " + mallory.events());
    }

    @Test
    void aNonMembersListsDoNotShowTheList() {
        JsonArray lists = mallory.ok(json("type", "lists")).getAsJsonArray("lists");
        assertEquals(1, lists.size());
        assertFalse(lists.toString().contains("Secret plans"));
        for (JsonElement l : lists) {
            assertTrue(l.getAsJsonObject().get("id").getAsLong() != list);
        }
    }

    @Test
    void aNonMembersCreateWithAKeyDoesNotReserveTheKey() {
        mallory.request(json("type", "task.create", "list", list, "name", "M", "key", "shared-key"));
        // alice may use the same key; she gets a fresh task, not anything of mallory's.
        JsonObject t = alice.ok(json("type", "task.create", "list", list, "name", "Alice's", "key", "shared-key"))
                .getAsJsonObject("task");
        assertEquals("Alice's", t.get("name").getAsString());
        assertEquals(3, aliceTasks().size());
    }
}
