package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestClient;
import todo.support.TestServer;

/** subscribe (full and since), the rev baseline, unsubscribe and presence. */
class SubscribeTest {
    @TempDir
    Path dir;
    TestServer server;
    TestClient alice;
    long list;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        alice = server.user("alice");
        list = alice.ok(json("type", "list.create", "title", "Groceries")).getAsJsonObject("list").get("id").getAsLong();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private long create(TestClient c, String name) {
        return c.ok(json("type", "task.create", "list", list, "name", name)).getAsJsonObject("task").get("id").getAsLong();
    }

    private JsonObject subscribe(TestClient c, Object... extra) {
        JsonObject req = json(extra);
        req.addProperty("type", "subscribe");
        req.addProperty("list", list);
        return c.ok(req);
    }

    private TestClient signIn(String username) {
        TestClient c = server.connect();
        c.ok(json("type", "login", "username", username, "password", "password-" + username));
        return c;
    }

    private TestClient member(String username) {
        TestClient c = server.user(username);
        alice.ok(json("type", "list.share", "list", list, "username", username));
        return c;
    }

    private static Set<String> strings(JsonArray a) {
        Set<String> s = new HashSet<>();
        a.forEach(e -> s.add(e.getAsString()));
        return s;
    }

    private static Set<Long> taskIds(JsonArray a) {
        Set<Long> s = new HashSet<>();
        a.forEach(e -> s.add(e.getAsJsonObject().get("id").getAsLong()));
        return s;
    }

    private static Set<Long> longs(JsonArray a) {
        Set<Long> s = new HashSet<>();
        a.forEach(e -> s.add(e.getAsLong()));
        return s;
    }

    private static Set<String> online(JsonObject presence) {
        return strings(presence.getAsJsonArray("online"));
    }

    private List<JsonObject> presences(TestClient c) {
        return c.events("presence").stream()
                .filter(e -> e.getAsJsonObject("list").get("id").getAsLong() == list).toList();
    }

    /** Waits for alice's third presence event for the list: after [alice] and [alice, bob]. */
    private JsonObject thirdPresence(TestClient c) {
        return org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> presences(c), l -> l.size() >= 3)
                .get(2);
    }

    private static void settle(TestClient c) {
        c.ok(json("type", "ping"));
    }

    // ---- snapshots -----------------------------------------------------------------------------------------

    @Test
    void subscribeWithoutSinceGivesTheWholeListAtItsCurrentRev() {
        long a = create(alice, "a");
        long b = create(alice, "b");
        long c = create(alice, "c");
        alice.ok(json("type", "task.delete", "task", b));
        alice.ok(json("type", "task.update", "task", a, "completed", true));

        JsonObject r = subscribe(alice);
        assertTrue(r.get("full").getAsBoolean());
        assertEquals(Set.of(a, c), taskIds(r.getAsJsonArray("tasks")));
        assertEquals(2, r.getAsJsonArray("tasks").size());
        assertEquals(0, r.getAsJsonArray("deleted").size());
        assertEquals(5, r.get("rev").getAsLong());
        assertEquals(5, r.getAsJsonObject("list").get("rev").getAsLong());
        assertEquals(list, r.getAsJsonObject("list").get("id").getAsLong());
        assertEquals(Set.of("alice"), strings(r.getAsJsonArray("online")));
    }

    @Test
    void subscribeWithSinceGivesOnlyTheChangesAfterIt() {
        long a = create(alice, "a");          // rev 1
        long b = create(alice, "b");          // rev 2
        long c = create(alice, "c");          // rev 3
        long since = 3;
        alice.ok(json("type", "task.update", "task", a, "note", "x"));   // rev 4
        alice.ok(json("type", "task.delete", "task", b));                // rev 5
        long d = create(alice, "d");          // rev 6
        long e = create(alice, "e");          // rev 7
        alice.ok(json("type", "task.delete", "task", e));                // rev 8

        TestClient other = signIn("alice");
        JsonObject r = subscribe(other, "since", since);
        assertFalse(r.get("full").getAsBoolean());
        assertEquals(8, r.get("rev").getAsLong());
        assertEquals(Set.of(a, d), taskIds(r.getAsJsonArray("tasks")));
        assertEquals(2, r.getAsJsonArray("tasks").size());
        assertEquals(Set.of(b, e), longs(r.getAsJsonArray("deleted")));
        assertEquals(2, r.getAsJsonArray("deleted").size());
        assertFalse(taskIds(r.getAsJsonArray("tasks")).contains(c));
        JsonObject aNow = r.getAsJsonArray("tasks").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(t -> t.get("id").getAsLong() == a).findFirst().orElseThrow();
        assertEquals("x", aNow.get("note").getAsString());
    }

    @Test
    void subscribeWithSinceEqualToTheCurrentRevGivesNoChanges() {
        create(alice, "a");
        create(alice, "b");
        JsonObject r = subscribe(alice, "since", 2);
        assertFalse(r.get("full").getAsBoolean());
        assertEquals(0, r.getAsJsonArray("tasks").size());
        assertEquals(0, r.getAsJsonArray("deleted").size());
        assertEquals(2, r.get("rev").getAsLong());
    }

    @Test
    void subscribeWithSinceAheadOfTheListGivesAFullSnapshot() {
        long a = create(alice, "a");
        long b = create(alice, "b");
        JsonObject r = subscribe(alice, "since", 50);
        assertTrue(r.get("full").getAsBoolean());
        assertEquals(Set.of(a, b), taskIds(r.getAsJsonArray("tasks")));
        assertEquals(0, r.getAsJsonArray("deleted").size());
        assertEquals(2, r.get("rev").getAsLong());
    }

    // ---- events after subscribe ----------------------------------------------------------------------------

    @Test
    void eventsAfterSubscribeCarryConsecutiveRevsFromTheBaseline() {
        TestClient bob = member("bob");
        long a = create(alice, "a");
        create(alice, "b");
        JsonObject r = subscribe(bob);
        long base = r.get("rev").getAsLong();
        long c = create(alice, "c");
        alice.ok(json("type", "task.update", "task", a, "completed", true));
        alice.ok(json("type", "task.delete", "task", c));
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        alice.ok(json("type", "tasks.clearCompleted", "list", list));
        // created c, updated a, deleted c, completed b, deleted a and b
        int expected = 6;
        List<Long> revs = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> taskEvents(bob).size() >= expected);
        settle(bob);
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
        subscribe(bob);
        create(alice, "a");
        bob.awaitEvent("task.created");
        bob.ok(json("type", "unsubscribe", "list", list));
        create(alice, "b");
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        settle(bob);
        assertEquals(1, taskEvents(bob).size(), "bob: " + bob.events());
    }

    @Test
    void subscribingTwiceStillDeliversEachEventOnce() {
        subscribe(alice);
        subscribe(alice);
        create(alice, "a");
        alice.awaitEvent("task.created");
        settle(alice);
        assertEquals(1, alice.events("task.created").size());
    }

    // ---- presence ------------------------------------------------------------------------------------------

    @Test
    void subscribeIncludesTheSubscriberInOnline() {
        TestClient bob = member("bob");
        subscribe(alice);
        JsonObject r = subscribe(bob);
        assertEquals(Set.of("alice", "bob"), strings(r.getAsJsonArray("online")));
    }

    @Test
    void aNewSubscriberIsAnnouncedToTheOthers() {
        TestClient bob = member("bob");
        subscribe(alice);
        subscribe(bob);
        JsonObject p = alice.awaitEvent("presence", e -> online(e).contains("bob"));
        assertEquals(Set.of("alice", "bob"), online(p));
        assertEquals(2, p.getAsJsonArray("online").size());
        assertEquals(json("id", list), p.getAsJsonObject("list"));
    }

    @Test
    void aUserWithTwoSessionsCountsOnce() {
        TestClient bob1 = member("bob");
        TestClient bob2 = signIn("bob");
        subscribe(alice);
        subscribe(bob1);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        JsonObject r = subscribe(bob2);
        assertEquals(2, r.getAsJsonArray("online").size());
        assertEquals(Set.of("alice", "bob"), strings(r.getAsJsonArray("online")));
        // no new presence: the set did not change, neither for the second session nor when it goes away
        bob2.close();
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> connections() == 2);
        create(alice, "marker");
        alice.awaitEvent("task.created");
        settle(alice);
        List<Set<String>> seen = presences(alice).stream().map(SubscribeTest::online).toList();
        assertEquals(List.of(Set.of("alice"), Set.of("alice", "bob")), seen);
    }

    private int connections() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.httpUrl() + "healthz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return com.google.gson.JsonParser.parseString(res.body()).getAsJsonObject().get("connections").getAsInt();
    }

    @Test
    void closingTheOnlySessionRemovesTheUserFromPresence() {
        TestClient bob = member("bob");
        subscribe(alice);
        subscribe(bob);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.close();
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
    }

    @Test
    void loggingOutLeavesPresence() {
        TestClient bob = member("bob");
        subscribe(alice);
        subscribe(bob);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.ok(json("type", "logout"));
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
        assertTrue(bob.isOpen());
    }

    @Test
    void unsubscribingLeavesPresence() {
        TestClient bob = member("bob");
        subscribe(alice);
        subscribe(bob);
        alice.awaitEvent("presence", e -> online(e).contains("bob"));
        bob.ok(json("type", "unsubscribe", "list", list));
        assertEquals(Set.of("alice"), online(thirdPresence(alice)));
    }
}
