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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestClient;
import todo.support.TestServer;

/** list.create / rename / delete / share / unshare and the list events they send to every member's sessions. */
class ListsTest {
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

    // ---- helpers -------------------------------------------------------------------------------------------

    private TestClient signIn(String username) {
        TestClient c = server.connect();
        c.ok(json("type", "login", "username", username, "password", "password-" + username));
        return c;
    }

    private static long createList(TestClient c, String title) {
        return c.ok(json("type", "list.create", "title", title)).getAsJsonObject("list").get("id").getAsLong();
    }

    private static Set<Long> listIds(TestClient c) {
        Set<Long> ids = new java.util.HashSet<>();
        for (JsonElement e : c.ok(json("type", "lists")).getAsJsonArray("lists")) {
            ids.add(e.getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }

    private static List<String> members(JsonObject list) {
        List<String> out = new ArrayList<>();
        list.getAsJsonArray("members").forEach(m -> out.add(m.getAsString()));
        return out;
    }

    private static long listIdOf(JsonObject event) {
        return event.getAsJsonObject("list").get("id").getAsLong();
    }

    private static List<JsonObject> listEvents(TestClient c, String type, long list) {
        return c.events(type).stream().filter(e -> listIdOf(e) == list).toList();
    }

    /** Sends a marker request and waits for its reply: every event sent to {@code c} before it has arrived. */
    private static void settle(TestClient c) {
        c.ok(json("type", "ping"));
    }

    // ---- list.create ---------------------------------------------------------------------------------------

    @Test
    void listCreateSendsListAddedToEveryOpenSessionOfTheOwner() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = signIn("alice");
        JsonObject created = alice1.ok(json("type", "list.create", "title", "Groceries")).getAsJsonObject("list");
        long id = created.get("id").getAsLong();
        JsonObject e1 = alice1.awaitEvent("list.added", e -> listIdOf(e) == id);
        JsonObject e2 = alice2.awaitEvent("list.added", e -> listIdOf(e) == id);
        assertEquals(created, e1.getAsJsonObject("list"));
        assertEquals(created, e2.getAsJsonObject("list"));
        assertEquals("Groceries", created.get("title").getAsString());
        assertEquals("alice", created.get("owner").getAsString());
        assertEquals(List.of("alice"), members(created));
        assertEquals(0, created.get("rev").getAsLong());
    }

    @Test
    void listCreateSendsNothingToOtherUsers() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Private");
        alice.awaitEvent("list.added", e -> listIdOf(e) == id);
        settle(bob);
        assertTrue(bob.events().isEmpty(), "bob got " + bob.events());
    }

    // ---- list.rename ---------------------------------------------------------------------------------------

    @Test
    void listRenameByAMemberSendsListUpdatedToEveryMembersSessions() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = signIn("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice1, "Groceries");
        alice1.ok(json("type", "list.share", "list", id, "username", "bob"));

        JsonObject renamed = bob.ok(json("type", "list.rename", "list", id, "title", "Shopping"))
                .getAsJsonObject("list");
        assertEquals("Shopping", renamed.get("title").getAsString());
        for (TestClient c : List.of(alice1, alice2, bob)) {
            JsonObject e = c.awaitEvent("list.updated",
                    ev -> "Shopping".equals(ev.getAsJsonObject("list").get("title").getAsString()));
            assertEquals(renamed, e.getAsJsonObject("list"));
        }
    }

    @Test
    void listRenameIsVisibleInLists() {
        TestClient alice = server.user("alice");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.rename", "list", id, "title", "  Food  "));
        JsonObject list = alice.ok(json("type", "lists")).getAsJsonArray("lists").asList().stream()
                .map(JsonElement::getAsJsonObject).filter(l -> l.get("id").getAsLong() == id).findFirst().orElseThrow();
        assertEquals("Food", list.get("title").getAsString());
    }

    // ---- list.delete ---------------------------------------------------------------------------------------

    @Test
    void listDeleteByTheOwnerSendsListRemovedToEveryMember() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = signIn("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice1, "Groceries");
        alice1.ok(json("type", "list.share", "list", id, "username", "bob"));

        JsonObject reply = alice1.ok(json("type", "list.delete", "list", id));
        assertFalse(reply.has("list"));
        for (TestClient c : List.of(alice1, alice2, bob)) {
            JsonObject e = c.awaitEvent("list.removed", ev -> listIdOf(ev) == id);
            assertEquals(json("id", id), e.getAsJsonObject("list"));
        }
        assertFalse(listIds(alice1).contains(id));
        assertFalse(listIds(bob).contains(id));
    }

    @Test
    void listDeleteByAMemberWhoIsNotTheOwnerIsForbiddenAndDeletesNothing() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        alice.ok(json("type", "task.create", "list", id, "name", "Milk"));

        assertEquals("forbidden", bob.error(json("type", "list.delete", "list", id)));
        assertTrue(listIds(alice).contains(id));
        assertEquals(1, alice.ok(json("type", "tasks", "list", id)).getAsJsonArray("tasks").size());
        settle(alice);
        assertTrue(listEvents(alice, "list.removed", id).isEmpty());
    }

    @Test
    void listDeleteByANonMemberIsNotFound() {
        TestClient alice = server.user("alice");
        TestClient mallory = server.user("mallory");
        long id = createList(alice, "Groceries");
        assertEquals("not_found", mallory.error(json("type", "list.delete", "list", id)));
        assertTrue(listIds(alice).contains(id));
    }

    @Test
    void listDeleteEndsTheSubscriptionsOfEveryMember() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        bob.ok(json("type", "subscribe", "list", id));
        alice.ok(json("type", "subscribe", "list", id));
        alice.ok(json("type", "task.create", "list", id, "name", "before"));
        bob.awaitEvent("task.created");

        alice.ok(json("type", "list.delete", "list", id));
        bob.awaitEvent("list.removed", e -> listIdOf(e) == id);
        // A new list for the same members: its events must not leak through the dead subscription, and a
        // task created in it must reach only subscribers of that list.
        long other = createList(alice, "Other");
        alice.ok(json("type", "list.share", "list", other, "username", "bob"));
        alice.ok(json("type", "task.create", "list", other, "name", "after"));
        settle(bob);
        settle(alice);
        assertEquals(1, bob.events("task.created").size(), "bob: " + bob.events());
        assertEquals(1, alice.events("task.created").size(), "alice: " + alice.events());
        // And the deleted list answers not_found from now on.
        assertEquals("not_found", bob.error(json("type", "subscribe", "list", id)));
        assertEquals("not_found", alice.error(json("type", "task.create", "list", id, "name", "x")));
    }

    // ---- list.share ----------------------------------------------------------------------------------------

    @Test
    void listShareSendsListAddedToTheNewMembersSessionsAndListUpdatedToTheOthers() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = signIn("alice");
        TestClient bob1 = server.user("bob");
        TestClient bob2 = signIn("bob");
        TestClient carol = server.user("carol");
        long id = createList(alice1, "Groceries");
        alice1.ok(json("type", "list.share", "list", id, "username", "carol"));

        JsonObject shared = alice1.ok(json("type", "list.share", "list", id, "username", "bob"))
                .getAsJsonObject("list");
        assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(members(shared)));
        for (TestClient b : List.of(bob1, bob2)) {
            assertEquals(shared, b.awaitEvent("list.added", e -> listIdOf(e) == id).getAsJsonObject("list"));
        }
        for (TestClient c : List.of(alice1, alice2, carol)) {
            JsonObject e = c.awaitEvent("list.updated", ev -> members(ev.getAsJsonObject("list")).contains("bob"));
            assertEquals(shared, e.getAsJsonObject("list"));
        }
        settle(bob1);
        settle(bob2);
        assertTrue(listEvents(bob1, "list.updated", id).isEmpty());
        assertTrue(listEvents(bob2, "list.updated", id).isEmpty());
        assertTrue(listIds(bob1).contains(id));
    }

    @Test
    void listShareByAMemberWhoIsNotTheOwnerIsForbidden() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        server.user("carol");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        assertEquals("forbidden", bob.error(json("type", "list.share", "list", id, "username", "carol")));
        JsonObject list = alice.ok(json("type", "subscribe", "list", id)).getAsJsonObject("list");
        assertEquals(Set.of("alice", "bob"), Set.copyOf(members(list)));
    }

    @Test
    void listShareWithAnUnknownUserIsNotFound() {
        TestClient alice = server.user("alice");
        long id = createList(alice, "Groceries");
        assertEquals("not_found", alice.error(json("type", "list.share", "list", id, "username", "nobody")));
    }

    @Test
    void listShareTwiceSucceedsAndSendsNothingNew() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        JsonObject first = alice.ok(json("type", "list.share", "list", id, "username", "bob")).getAsJsonObject("list");
        bob.awaitEvent("list.added", e -> listIdOf(e) == id);
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id);

        JsonObject second = alice.ok(json("type", "list.share", "list", id, "username", "Bob")).getAsJsonObject("list");
        assertEquals(first, second);
        settle(alice);
        settle(bob);
        assertEquals(1, listEvents(bob, "list.added", id).size());
        assertEquals(0, listEvents(bob, "list.updated", id).size());
        assertEquals(1, listEvents(alice, "list.updated", id).size());
    }

    // ---- list.unshare --------------------------------------------------------------------------------------

    @Test
    void listUnshareByTheOwnerRemovesTheMemberAndEndsTheirSubscription() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        bob.ok(json("type", "subscribe", "list", id));
        alice.ok(json("type", "task.create", "list", id, "name", "before"));
        bob.awaitEvent("task.created");

        JsonObject after = alice.ok(json("type", "list.unshare", "list", id, "username", "bob")).getAsJsonObject("list");
        assertEquals(List.of("alice"), members(after));
        assertEquals(json("id", id), bob.awaitEvent("list.removed", e -> listIdOf(e) == id).getAsJsonObject("list"));
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id && members(e.getAsJsonObject("list")).equals(List.of("alice")));

        alice.ok(json("type", "task.create", "list", id, "name", "after"));
        alice.ok(json("type", "subscribe", "list", id)); // alice is still a member and sees both
        settle(bob);
        assertEquals(1, bob.events("task.created").size(), "bob: " + bob.events());
        assertFalse(listIds(bob).contains(id));
        assertEquals("not_found", bob.error(json("type", "tasks", "list", id)));
    }

    @Test
    void aMemberMayLeaveAList() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));

        JsonObject after = bob.ok(json("type", "list.unshare", "list", id, "username", "bob")).getAsJsonObject("list");
        assertEquals(List.of("alice"), members(after));
        bob.awaitEvent("list.removed", e -> listIdOf(e) == id);
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id && members(e.getAsJsonObject("list")).equals(List.of("alice")));
        assertFalse(listIds(bob).contains(id));
    }

    @Test
    void aMemberMayNotRemoveAnotherMember() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        TestClient carol = server.user("carol");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        alice.ok(json("type", "list.share", "list", id, "username", "carol"));

        assertEquals("forbidden", bob.error(json("type", "list.unshare", "list", id, "username", "carol")));
        assertEquals("forbidden", bob.error(json("type", "list.unshare", "list", id, "username", "alice")));
        assertTrue(listIds(carol).contains(id));
        JsonObject list = alice.ok(json("type", "subscribe", "list", id)).getAsJsonObject("list");
        assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(members(list)));
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    @Test
    void listsShowsExactlyTheListsTheUserIsAMemberOf() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        Set<Long> aliceStart = listIds(alice);
        Set<Long> bobStart = listIds(bob);
        assertEquals(1, aliceStart.size());
        assertEquals(1, bobStart.size());

        long shared = createList(alice, "Shared");
        long alicePrivate = createList(alice, "Alice only");
        long bobPrivate = createList(bob, "Bob only");
        long left = createList(alice, "Bob leaves");
        long deleted = createList(alice, "Deleted");
        for (long l : List.of(shared, left, deleted)) {
            alice.ok(json("type", "list.share", "list", l, "username", "bob"));
        }
        bob.ok(json("type", "list.unshare", "list", left, "username", "bob"));
        alice.ok(json("type", "list.delete", "list", deleted));

        Set<Long> aliceExpected = new java.util.HashSet<>(aliceStart);
        aliceExpected.addAll(List.of(shared, alicePrivate, left));
        Set<Long> bobExpected = new java.util.HashSet<>(bobStart);
        bobExpected.addAll(List.of(shared, bobPrivate));
        assertEquals(aliceExpected, listIds(alice));
        assertEquals(bobExpected, listIds(bob));

        JsonArray bobs = bob.ok(json("type", "lists")).getAsJsonArray("lists");
        JsonObject sharedSeenByBob = bobs.asList().stream().map(JsonElement::getAsJsonObject)
                .filter(l -> l.get("id").getAsLong() == shared).findFirst().orElseThrow();
        assertEquals("alice", sharedSeenByBob.get("owner").getAsString());
        assertEquals(Set.of("alice", "bob"), sharedSeenByBob.getAsJsonArray("members").asList().stream()
                .map(JsonElement::getAsString).collect(Collectors.toSet()));
    }

    @Test
    void aRemovedMemberSeesTheListAgainOnceReshared() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = createList(alice, "Groceries");
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        alice.ok(json("type", "list.unshare", "list", id, "username", "bob"));
        assertFalse(listIds(bob).contains(id));
        alice.ok(json("type", "list.share", "list", id, "username", "bob"));
        assertEquals(2, bob.awaitEvents("list.added", 2).stream().filter(e -> listIdOf(e) == id).count());
        assertTrue(listIds(bob).contains(id));
    }
}
