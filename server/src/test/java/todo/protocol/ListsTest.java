package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.array;
import static todo.support.Json.id;
import static todo.support.Json.strings;
import static todo.support.Replies.assertFields;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;
import todo.support.TestClient;

/** list.create / rename / delete / share / unshare and the list events they send to every member's sessions. */
class ListsTest extends ServerTest {
    private static List<String> members(JsonObject list) {
        return strings(list.getAsJsonArray("members"));
    }

    private static long listIdOf(JsonObject event) {
        return id(event.getAsJsonObject("list"));
    }

    // ---- list.create ---------------------------------------------------------------------------------------

    @Test
    void listCreateSendsListAddedToEveryOpenSessionOfTheOwner() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = server.signIn("alice");
        JsonObject created = alice1.ok(json("type", "list.create", "title", "Groceries")).getAsJsonObject("list");
        long id = created.get("id").getAsLong();
        JsonObject e1 = alice1.awaitEvent("list.added", e -> listIdOf(e) == id);
        JsonObject e2 = alice2.awaitEvent("list.added", e -> listIdOf(e) == id);
        assertEquals(created, e1.getAsJsonObject("list"));
        assertEquals(created, e2.getAsJsonObject("list"));
        assertFields(json("title", "Groceries", "owner", "alice", "members", array("alice"), "rev", 0), created,
                "the new list");
    }

    @Test
    void listCreateSendsNothingToOtherUsers() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Private");
        alice.awaitEvent("list.added", e -> listIdOf(e) == id);
        bob.settle();
        assertTrue(bob.events().isEmpty(), "bob got " + bob.events());
    }

    // ---- list.rename ---------------------------------------------------------------------------------------

    @Test
    void listRenameByAMemberSendsListUpdatedToEveryMembersSessions() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = server.signIn("alice");
        TestClient bob = server.user("bob");
        long id = alice1.createList("Groceries");
        alice1.share(id, "bob");

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
        long id = alice.createList("Groceries");
        alice.ok(json("type", "list.rename", "list", id, "title", "  Food  "));
        JsonObject list = alice.list(id);
        assertEquals("Food", list.get("title").getAsString());
    }

    // ---- list.delete ---------------------------------------------------------------------------------------

    @Test
    void listDeleteByTheOwnerSendsListRemovedToEveryMember() {
        TestClient alice1 = server.user("alice");
        TestClient alice2 = server.signIn("alice");
        TestClient bob = server.user("bob");
        long id = alice1.createList("Groceries");
        alice1.share(id, "bob");

        JsonObject reply = alice1.ok(json("type", "list.delete", "list", id));
        assertFalse(reply.has("list"));
        for (TestClient c : List.of(alice1, alice2, bob)) {
            JsonObject e = c.awaitEvent("list.removed", ev -> listIdOf(ev) == id);
            assertEquals(json("id", id), e.getAsJsonObject("list"));
        }
        assertFalse(alice1.listIds().contains(id));
        assertFalse(bob.listIds().contains(id));
    }

    @Test
    void listDeleteByAMemberWhoIsNotTheOwnerIsForbiddenAndDeletesNothing() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        alice.ok(json("type", "task.create", "list", id, "name", "Milk"));

        assertEquals("forbidden", bob.error(json("type", "list.delete", "list", id)));
        assertTrue(alice.listIds().contains(id));
        assertEquals(1, alice.ok(json("type", "tasks", "list", id)).getAsJsonArray("tasks").size());
        alice.settle();
        assertTrue(alice.events("list.removed", id).isEmpty());
    }

    @Test
    void listDeleteByANonMemberIsNotFound() {
        TestClient alice = server.user("alice");
        TestClient mallory = server.user("mallory");
        long id = alice.createList("Groceries");
        assertEquals("not_found", mallory.error(json("type", "list.delete", "list", id)));
        assertTrue(alice.listIds().contains(id));
    }

    @Test
    void listDeleteEndsTheSubscriptionsOfEveryMember() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        bob.subscribe(id);
        alice.subscribe(id);
        alice.ok(json("type", "task.create", "list", id, "name", "before"));
        bob.awaitEvent("task.created");

        alice.ok(json("type", "list.delete", "list", id));
        bob.awaitEvent("list.removed", e -> listIdOf(e) == id);
        // A new list for the same members: its events must not leak through the dead subscription, and a
        // task created in it must reach only subscribers of that list.
        long other = alice.createList("Other");
        alice.share(other, "bob");
        alice.ok(json("type", "task.create", "list", other, "name", "after"));
        bob.settle();
        alice.settle();
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
        TestClient alice2 = server.signIn("alice");
        TestClient bob1 = server.user("bob");
        TestClient bob2 = server.signIn("bob");
        TestClient carol = server.user("carol");
        long id = alice1.createList("Groceries");
        alice1.share(id, "carol");

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
        bob1.settle();
        bob2.settle();
        assertTrue(bob1.events("list.updated", id).isEmpty());
        assertTrue(bob2.events("list.updated", id).isEmpty());
        assertTrue(bob1.listIds().contains(id));
    }

    @Test
    void listShareByAMemberWhoIsNotTheOwnerIsForbidden() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        server.user("carol");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        assertEquals("forbidden", bob.error(json("type", "list.share", "list", id, "username", "carol")));
        JsonObject list = alice.ok(json("type", "subscribe", "list", id)).getAsJsonObject("list");
        assertEquals(Set.of("alice", "bob"), Set.copyOf(members(list)));
    }

    @Test
    void listShareWithAnUnknownUserIsNotFound() {
        TestClient alice = server.user("alice");
        long id = alice.createList("Groceries");
        assertEquals("not_found", alice.error(json("type", "list.share", "list", id, "username", "nobody")));
    }

    @Test
    void listShareTwiceSucceedsAndSendsNothingNew() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        JsonObject first = alice.ok(json("type", "list.share", "list", id, "username", "bob")).getAsJsonObject("list");
        bob.awaitEvent("list.added", e -> listIdOf(e) == id);
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id);

        JsonObject second = alice.ok(json("type", "list.share", "list", id, "username", "Bob")).getAsJsonObject("list");
        assertEquals(first, second);
        alice.settle();
        bob.settle();
        assertEquals(1, bob.events("list.added", id).size());
        assertEquals(0, bob.events("list.updated", id).size());
        assertEquals(1, alice.events("list.updated", id).size());
    }

    // ---- list.unshare --------------------------------------------------------------------------------------

    @Test
    void listUnshareByTheOwnerRemovesTheMemberAndEndsTheirSubscription() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        bob.subscribe(id);
        alice.ok(json("type", "task.create", "list", id, "name", "before"));
        bob.awaitEvent("task.created");

        JsonObject after = alice.ok(json("type", "list.unshare", "list", id, "username", "bob")).getAsJsonObject("list");
        assertEquals(List.of("alice"), members(after));
        assertEquals(json("id", id), bob.awaitEvent("list.removed", e -> listIdOf(e) == id).getAsJsonObject("list"));
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id && members(e.getAsJsonObject("list")).equals(List.of("alice")));

        alice.ok(json("type", "task.create", "list", id, "name", "after"));
        alice.subscribe(id); // alice is still a member and sees both
        bob.settle();
        assertEquals(1, bob.events("task.created").size(), "bob: " + bob.events());
        assertFalse(bob.listIds().contains(id));
        assertEquals("not_found", bob.error(json("type", "tasks", "list", id)));
    }

    @Test
    void aMemberMayLeaveAList() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");

        JsonObject after = bob.ok(json("type", "list.unshare", "list", id, "username", "bob")).getAsJsonObject("list");
        assertEquals(List.of("alice"), members(after));
        bob.awaitEvent("list.removed", e -> listIdOf(e) == id);
        alice.awaitEvent("list.updated", e -> listIdOf(e) == id && members(e.getAsJsonObject("list")).equals(List.of("alice")));
        assertFalse(bob.listIds().contains(id));
    }

    @Test
    void aMemberMayNotRemoveAnotherMember() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        TestClient carol = server.user("carol");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        alice.share(id, "carol");

        assertEquals("forbidden", bob.error(json("type", "list.unshare", "list", id, "username", "carol")));
        assertEquals("forbidden", bob.error(json("type", "list.unshare", "list", id, "username", "alice")));
        assertTrue(carol.listIds().contains(id));
        JsonObject list = alice.ok(json("type", "subscribe", "list", id)).getAsJsonObject("list");
        assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(members(list)));
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    @Test
    void listsShowsExactlyTheListsTheUserIsAMemberOf() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        Set<Long> aliceStart = alice.listIds();
        Set<Long> bobStart = bob.listIds();
        assertEquals(1, aliceStart.size());
        assertEquals(1, bobStart.size());

        long shared = alice.createList("Shared");
        long alicePrivate = alice.createList("Alice only");
        long bobPrivate = bob.createList("Bob only");
        long left = alice.createList("Bob leaves");
        long deleted = alice.createList("Deleted");
        for (long l : List.of(shared, left, deleted)) {
            alice.share(l, "bob");
        }
        bob.ok(json("type", "list.unshare", "list", left, "username", "bob"));
        alice.ok(json("type", "list.delete", "list", deleted));

        Set<Long> aliceExpected = new java.util.HashSet<>(aliceStart);
        aliceExpected.addAll(List.of(shared, alicePrivate, left));
        Set<Long> bobExpected = new java.util.HashSet<>(bobStart);
        bobExpected.addAll(List.of(shared, bobPrivate));
        assertEquals(aliceExpected, alice.listIds());
        assertEquals(bobExpected, bob.listIds());

        JsonObject sharedSeenByBob = bob.list(shared);
        assertEquals("alice", sharedSeenByBob.get("owner").getAsString());
        assertEquals(Set.of("alice", "bob"), Set.copyOf(members(sharedSeenByBob)));
    }

    @Test
    void aRemovedMemberSeesTheListAgainOnceReshared() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long id = alice.createList("Groceries");
        alice.share(id, "bob");
        alice.ok(json("type", "list.unshare", "list", id, "username", "bob"));
        assertFalse(bob.listIds().contains(id));
        alice.share(id, "bob");
        assertEquals(2, bob.awaitEvents("list.added", 2).stream().filter(e -> listIdOf(e) == id).count());
        assertTrue(bob.listIds().contains(id));
    }
}
