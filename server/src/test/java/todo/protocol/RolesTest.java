package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Replies;
import todo.support.ServerTest;
import todo.support.TestClient;

/** Roles: owner, editor, viewer; list.share with a role, list.role, and the roles every list object carries. */
class RolesTest extends ServerTest {
    TestClient alice;
    TestClient bob;
    TestClient carol;
    long list;

    @BeforeEach
    void aliceOwnsAList() {
        alice = server.user("alice");
        bob = server.user("bob");
        carol = server.user("carol");
        list = alice.createList("Groceries");
    }

    static JsonObject roles(Object... kv) {
        return json(kv);
    }

    JsonObject share(String username, String role) {
        return alice.ok(json("type", "list.share", "list", list, "username", username, "role", role))
                .getAsJsonObject("list");
    }

    JsonObject setRole(TestClient by, String username, String role) {
        return by.ok(json("type", "list.role", "list", list, "username", username, "role", role))
                .getAsJsonObject("list");
    }

    static boolean hasRoles(JsonObject listEvent, JsonObject roles) {
        return roles.equals(listEvent.getAsJsonObject("list").getAsJsonObject("roles"));
    }

    // ---- roles in list objects -----------------------------------------------------------------------------

    @Test
    void aNewListHasItsOwnerAsItsOnlyRole() {
        JsonObject created = alice.list(list);
        assertEquals(roles("alice", "owner"), created.getAsJsonObject("roles"));
    }

    @Test
    void rolesCoverEveryMemberInRepliesEventsAndLists() {
        alice.share(list, "bob");
        JsonObject after = share("carol", "viewer");
        JsonObject expected = roles("alice", "owner", "bob", "editor", "carol", "viewer");
        assertEquals(expected, after.getAsJsonObject("roles"));
        assertEquals(expected, carol.awaitEvent("list.added", e -> id(e.getAsJsonObject("list")) == list)
                .getAsJsonObject("list").getAsJsonObject("roles"));
        bob.awaitEvent("list.updated", e -> hasRoles(e, expected));
        for (TestClient c : List.of(alice, bob, carol)) {
            assertEquals(expected, c.list(list).getAsJsonObject("roles"));
        }
        assertEquals(expected, carol.subscribe(list).getAsJsonObject("list").getAsJsonObject("roles"));
    }

    // ---- list.share with a role ----------------------------------------------------------------------------

    @Test
    void shareWithoutARoleMakesAnEditor() {
        assertEquals("editor", alice.share(list, "bob").getAsJsonObject("roles").get("bob").getAsString());
    }

    @Test
    void shareWithAnExistingMemberAndNoRoleChangesNothing() {
        share("bob", "viewer");
        alice.settle();
        int before = bob.events("list.updated", list).size();
        assertEquals("viewer", alice.share(list, "bob").getAsJsonObject("roles").get("bob").getAsString());
        bob.settle();
        alice.settle();
        assertEquals(before, bob.events("list.updated", list).size());
    }

    @Test
    void shareWithAnExistingMemberAndAnotherRoleChangesTheirRole() {
        share("bob", "viewer");
        JsonObject after = share("bob", "editor");
        assertEquals(roles("alice", "owner", "bob", "editor"), after.getAsJsonObject("roles"));
        bob.awaitEvent("list.updated", e -> hasRoles(e, roles("alice", "owner", "bob", "editor")));
    }

    @Test
    void shareWithTheRoleOwnerOrAnUnknownRoleIsABadRequestAndAddsNobody() {
        for (Object role : new Object[] {"owner", "admin", "Editor", "", 1}) {
            JsonObject reply = alice.request(json("type", "list.share", "list", list, "username", "bob", "role", role));
            Replies.assertBadRequestNaming(reply, "role");
        }
        assertEquals(roles("alice", "owner"), alice.list(list).getAsJsonObject("roles"));
    }

    @Test
    void theOwnerCannotShareWithThemselfUnderAnotherRole() {
        alice.error(json("type", "list.share", "list", list, "username", "alice", "role", "viewer"), "bad_request");
        assertEquals(roles("alice", "owner"), alice.list(list).getAsJsonObject("roles"));
    }

    // ---- list.role -----------------------------------------------------------------------------------------

    @Test
    void listRoleByTheOwnerChangesTheRoleAndEveryMemberGetsListUpdated() {
        alice.share(list, "bob");
        alice.share(list, "carol");
        JsonObject expected = roles("alice", "owner", "bob", "viewer", "carol", "editor");
        JsonObject reply = alice.ok(json("type", "list.role", "list", list, "username", "BOB", "role", "viewer"));
        assertEquals(expected, reply.getAsJsonObject("list").getAsJsonObject("roles"));
        for (TestClient c : List.of(alice, bob, carol)) {
            JsonObject e = c.awaitEvent("list.updated", ev -> hasRoles(ev, expected));
            assertEquals(reply.getAsJsonObject("list"), e.getAsJsonObject("list"));
        }
        assertEquals(expected, bob.list(list).getAsJsonObject("roles"));
    }

    @Test
    void listRoleToTheRoleAMemberHasChangesNothingAndSendsNothing() {
        alice.share(list, "bob");
        bob.awaitEvent("list.added");
        assertEquals("editor", setRole(alice, "bob", "editor").getAsJsonObject("roles").get("bob").getAsString());
        alice.settle();
        bob.settle();
        assertTrue(bob.events("list.updated", list).isEmpty(), "bob got " + bob.events());
    }

    @Test
    void listRoleByAnEditorOrAViewerIsForbidden() {
        alice.share(list, "bob");
        share("carol", "viewer");
        bob.error(json("type", "list.role", "list", list, "username", "carol", "role", "editor"), "forbidden");
        carol.error(json("type", "list.role", "list", list, "username", "carol", "role", "editor"), "forbidden");
        assertEquals(roles("alice", "owner", "bob", "editor", "carol", "viewer"),
                alice.list(list).getAsJsonObject("roles"));
    }

    @Test
    void listRoleOfAListYouAreNotInIsNotFound() {
        bob.error(json("type", "list.role", "list", list, "username", "alice", "role", "viewer"), "not_found");
        bob.error(json("type", "list.role", "list", 999_999, "username", "alice", "role", "viewer"), "not_found");
    }

    @Test
    void listRoleOfSomeoneWhoIsNotAMemberIsNotFound() {
        alice.error(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"), "not_found");
        alice.error(json("type", "list.role", "list", list, "username", "nobody", "role", "viewer"), "not_found");
    }

    @Test
    void theOwnersOwnRoleCannotChange() {
        JsonObject reply = alice.error(json("type", "list.role", "list", list, "username", "alice", "role", "editor"),
                "bad_request");
        assertTrue(reply.get("message").getAsString().contains("owner"), reply.toString());
        assertEquals(roles("alice", "owner"), alice.list(list).getAsJsonObject("roles"));
    }

    @Test
    void listRoleNeedsARoleThatIsEditorOrViewer() {
        alice.share(list, "bob");
        for (Object role : new Object[] {"owner", "admin", null}) {
            JsonObject req = json("type", "list.role", "list", list, "username", "bob", "role", role);
            Replies.assertBadRequestNaming(alice.request(req), "role");
        }
        JsonObject missing = alice.request(json("type", "list.role", "list", list, "username", "bob"));
        Replies.assertBadRequestNaming(missing, "role");
        assertEquals("editor", alice.list(list).getAsJsonObject("roles").get("bob").getAsString());
    }
}
