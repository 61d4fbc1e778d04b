package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.Json.ids;
import static todo.support.Json.strings;
import static todo.support.Replies.assertFields;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.ServerTest;
import todo.support.TestClient;

/** subscribe (full and since), the rev baseline, unsubscribe and presence. */
class SubscribeTest extends ServerTest {
    TestClient alice;
    long list;

    @BeforeEach
    void aliceCreatesAList() {
        alice = server.user("alice");
        list = alice.createList("Groceries");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private TestClient member(String username) {
        TestClient c = server.user(username);
        alice.share(list, username);
        return c;
    }

    private static Set<String> online(JsonObject presence) {
        return Set.copyOf(strings(presence.getAsJsonArray("online")));
    }

    private List<JsonObject> presences(TestClient c) {
        return c.events("presence", list);
    }

    /** Waits for alice's third presence event for the list: after [alice] and [alice, bob]. */
    private JsonObject thirdPresence(TestClient c) {
        return org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> presences(c), l -> l.size() >= 3)
                .get(2);
    }

    // ---- snapshots -----------------------------------------------------------------------------------------

    @Test
    void subscribeWithoutSinceGivesTheWholeListAtItsCurrentRev() {
        long a = id(alice.createTask(list, "name", "a"));
        long b = id(alice.createTask(list, "name", "b"));
        long c = id(alice.createTask(list, "name", "c"));
        alice.ok(json("type", "task.delete", "task", b));
        alice.ok(json("type", "task.update", "task", a, "completed", true));

        JsonObject r = alice.subscribe(list);
        assertTrue(r.get("full").getAsBoolean());
        assertEquals(Set.of(a, c), ids(r.getAsJsonArray("tasks")));
        assertEquals(2, r.getAsJsonArray("tasks").size());
        assertEquals(0, r.getAsJsonArray("deleted").size());
        assertEquals(5, r.get("rev").getAsLong());
        assertEquals(5, r.getAsJsonObject("list").get("rev").getAsLong());
        assertEquals(list, r.getAsJsonObject("list").get("id").getAsLong());
        assertEquals(Set.of("alice"), Set.copyOf(strings(r.getAsJsonArray("online"))));
    }

    @Test
    void subscribeWithSinceGivesOnlyTheChangesAfterIt() {
        long a = id(alice.createTask(list, "name", "a"));          // rev 1
        long b = id(alice.createTask(list, "name", "b"));          // rev 2
        long c = id(alice.createTask(list, "name", "c"));          // rev 3
        long since = 3;
        alice.ok(json("type", "task.update", "task", a, "note", "x"));   // rev 4
        alice.ok(json("type", "task.delete", "task", b));                // rev 5
        long d = id(alice.createTask(list, "name", "d"));          // rev 6
        long e = id(alice.createTask(list, "name", "e"));          // rev 7
        alice.ok(json("type", "task.delete", "task", e));                // rev 8

        TestClient other = server.signIn("alice");
        JsonObject r = other.subscribe(list, "since", since);
        assertFalse(r.get("full").getAsBoolean());
        assertEquals(8, r.get("rev").getAsLong());
        assertEquals(Set.of(a, d), ids(r.getAsJsonArray("tasks")));
        assertEquals(2, r.getAsJsonArray("tasks").size());
        assertEquals(Set.of(b, e), ids(r.getAsJsonArray("deleted")));
        assertEquals(2, r.getAsJsonArray("deleted").size());
        assertFalse(ids(r.getAsJsonArray("tasks")).contains(c));
        JsonObject aNow = Json.withId(r.getAsJsonArray("tasks"), a);
        assertEquals("x", aNow.get("note").getAsString());
    }

    @Test
    void subscribeWithSinceEqualToTheCurrentRevGivesNoChanges() {
        id(alice.createTask(list, "name", "a"));
        id(alice.createTask(list, "name", "b"));
        JsonObject r = alice.subscribe(list, "since", 2);
        assertFields(json("full", false, "tasks", new JsonArray(), "deleted", new JsonArray(), "rev", 2), r,
                "since the current rev");
    }

    @Test
    void subscribeWithSinceAheadOfTheListGivesAFullSnapshot() {
        long a = id(alice.createTask(list, "name", "a"));
        long b = id(alice.createTask(list, "name", "b"));
        JsonObject r = alice.subscribe(list, "since", 50);
        assertTrue(r.get("full").getAsBoolean());
        assertEquals(Set.of(a, b), ids(r.getAsJsonArray("tasks")));
        assertEquals(0, r.getAsJsonArray("deleted").size());
        assertEquals(2, r.get("rev").getAsLong());
    }

    // ---- events after subscribe ----------------------------------------------------------------------------

    @Test
    void eventsAfterSubscribeCarryConsecutiveRevsFromTheBaseline() {
        TestClient bob = member("bob");
        long a = id(alice.createTask(list, "name", "a"));
        id(alice.createTask(list, "name", "b"));
        JsonObject r = bob.subscribe(list);
        long base = r.get("rev").getAsLong();
        long c = id(alice.createTask(list, "name", "c"));
        alice.ok(json("type", "task.update", "task", a, "completed", true));
        alice.ok(json("type", "task.delete", "task", c));
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        alice.ok(json("type", "tasks.clearCompleted", "list", list));
        // created c, updated a, deleted c, completed b, deleted a and b
        int expected = 6;
        List<Long> revs = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> taskEvents(bob).size() >= expected);
        bob.settle();
        for (JsonObject e : taskEvents(bob)) revs.add(e.get("rev").getAsLong());
        List<Long> want = new ArrayList<>();
        for (long i = 1; i <= expected; i++) want.add(base + i);
        assertEquals(want, revs);
    }

    private static List<JsonObject> taskEvents(TestClient c) {
        return c.events().stream().filter(e -> e.get("type").getAsString().startsWith("task.")).toList();
    }

    @Test
    void unsubscribeStopsTaskEvents() {
        TestClient bob = member("bob");
        bob.subscribe(list);
        id(alice.createTask(list, "name", "a"));
        bob.awaitEvent("task.created");
        bob.ok(json("type", "unsubscribe", "list", list));
        id(alice.createTask(list, "name", "b"));
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        bob.settle();
        assertEquals(1, taskEvents(bob).size(), "bob: " + bob.events());
    }

    @Test
    void subscribingTwiceStillDeliversEachEventOnce() {
        alice.subscribe(list);
        alice.subscribe(list);
        id(alice.createTask(list, "name", "a"));
        alice.awaitEvent("task.created");
        alice.settle();
        assertEquals(1, alice.events("task.created").size());
    }

    // ---- presence ------------------------------------------------------------------------------------------

    @Test
    void subscribeIncludesTheSubscriberInOnline() {
        TestClient bob = member("bob");
        alice.subscribe(list);
        JsonObject r = bob.subscribe(list);
        assertEquals(Set.of("alice", "bob"), Set.copyOf(strings(r.getAsJsonArray("online"))));
    }

    @Test
    void aNewSubscriberIsAnnouncedToTheOthers() {
        TestClient bob = member("bob");
        alice.subscribe(list);
        bob.subscribe(list);
        JsonObject p = alice.awaitEvent("presence", e -> online(e).contains("bob"));
        assertEquals(Set.of("alice", "bob"), online(p));
        assertEquals(2, p.getAsJsonArray("online").size());
        assertEquals(json("id", list), p.getAsJsonObject("list"));
    }

    @Test
    void aUserWithTwoSessionsCountsOnce() {
        TestClient bob1 = member("bob");
        TestClient bob2 = server.signIn("bob");
        alice.subscribe(list);
        bob1.subscribe(list);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        JsonObject r = bob2.subscribe(list);
        assertEquals(2, r.getAsJsonArray("online").size());
        assertEquals(Set.of("alice", "bob"), Set.copyOf(strings(r.getAsJsonArray("online"))));
        // no new presence: the set did not change, neither for the second session nor when it goes away
        bob2.close();
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> server.connections() == 2);
        id(alice.createTask(list, "name", "marker"));
        alice.awaitEvent("task.created");
        alice.settle();
        List<Set<String>> seen = presences(alice).stream().map(SubscribeTest::online).toList();
        assertEquals(List.of(Set.of("alice"), Set.of("alice", "bob")), seen);
    }

    @Test
    void closingTheOnlySessionRemovesTheUserFromPresence() {
        TestClient bob = member("bob");
        alice.subscribe(list);
        bob.subscribe(list);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.close();
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
    }

    @Test
    void loggingOutLeavesPresence() {
        TestClient bob = member("bob");
        alice.subscribe(list);
        bob.subscribe(list);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.ok(json("type", "logout"));
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
        assertTrue(bob.isOpen());
    }

    @Test
    void unsubscribingLeavesPresence() {
        TestClient bob = member("bob");
        alice.subscribe(list);
        bob.subscribe(list);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.ok(json("type", "unsubscribe", "list", list));
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
    }

    @Test
    void aUserStaysOnlineUntilTheLastOfTheirSessionsInTheListLeaves() {
        TestClient bob1 = member("bob");
        TestClient bob2 = server.signIn("bob");
        TestClient bob3 = server.signIn("bob");
        alice.subscribe(list);
        bob1.subscribe(list);
        bob2.subscribe(list);
        bob3.subscribe(list);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob1.close();
        bob2.ok(json("type", "unsubscribe", "list", list));
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> server.connections() == 3);
        TestClient late = server.signIn("alice");
        assertEquals(Set.of("alice", "bob"), Set.copyOf(strings(late.subscribe(list).getAsJsonArray("online"))),
                "bob3 is still subscribed");
        bob3.ok(json("type", "logout"));
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
        TestClient later = server.signIn("alice");
        assertEquals(Set.of("alice"), Set.copyOf(strings(later.subscribe(list).getAsJsonArray("online"))));
        late.close();
        later.close();
    }
}
