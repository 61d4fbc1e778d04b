package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;
import todo.support.TestClient;

/** A viewer reads, subscribes, sees presence and may leave; every change they send is refused and changes nothing. */
class ViewerTest extends ServerTest {
    TestClient alice;
    TestClient bob;
    long list;
    long milk;
    long eggs;

    @BeforeEach
    void bobViewsAlicesList() {
        alice = server.user("alice");
        bob = server.user("bob");
        list = alice.createList("Groceries");
        milk = id(alice.createTask(list, "name", "Milk"));
        eggs = id(alice.createTask(list, "name", "Eggs", "completed", true));
        alice.ok(json("type", "list.share", "list", list, "username", "bob", "role", "viewer"));
    }

    @Test
    void aViewerReadsTheListAndItsTasks() {
        assertEquals("viewer", bob.list(list).getAsJsonObject("roles").get("bob").getAsString());
        assertEquals(2, bob.tasks(list).size());
        assertEquals("Milk", bob.ok(json("type", "task.get", "task", milk)).getAsJsonObject("task")
                .get("name").getAsString());
    }

    @Test
    void aViewerSubscribesSeesPresenceAndReceivesTheListsChanges() {
        alice.subscribe(list);
        JsonObject snap = bob.subscribe(list);
        assertEquals(2, snap.getAsJsonArray("tasks").size());
        bob.awaitEvent("presence", e -> e.getAsJsonArray("online").size() == 2);
        long bread = id(alice.createTask(list, "name", "Bread"));
        bob.awaitEvent("task.created", e -> id(e.getAsJsonObject("task")) == bread);
    }

    @Test
    void everyChangeAViewerSendsIsForbidden() {
        List<JsonObject> changes = List.of(
                json("type", "task.create", "list", list, "name", "Bread"),
                json("type", "task.create", "list", list, "name", "Bread", "key", "k-1"),
                json("type", "task.update", "task", milk, "completed", true),
                json("type", "task.update", "task", milk, "name", "Oat milk", "ifRev", 1),
                json("type", "task.delete", "task", milk),
                json("type", "tasks.completeAll", "list", list, "completed", true),
                json("type", "tasks.clearCompleted", "list", list),
                json("type", "list.rename", "list", list, "title", "Mine now"),
                json("type", "task.editing", "task", milk, "editing", true));
        bob.subscribe(list);
        for (JsonObject change : changes) {
            JsonObject reply = bob.error(change, "forbidden");
            assertTrue(reply.get("message").getAsString().contains("viewer"), reply.toString());
        }
    }

    @Test
    void aViewersRefusedChangesChangeNothingAndSendNothing() {
        alice.subscribe(list);
        long revBefore = alice.list(list).get("rev").getAsLong();
        int listUpdates = alice.events("list.updated", list).size();
        bob.error(json("type", "task.create", "list", list, "name", "Bread"), "forbidden");
        bob.error(json("type", "task.update", "task", milk, "completed", true), "forbidden");
        bob.error(json("type", "task.delete", "task", eggs), "forbidden");
        bob.error(json("type", "tasks.completeAll", "list", list, "completed", true), "forbidden");
        bob.error(json("type", "tasks.clearCompleted", "list", list), "forbidden");
        bob.error(json("type", "list.rename", "list", list, "title", "Mine now"), "forbidden");
        alice.settle();

        JsonObject now = alice.list(list);
        assertEquals(revBefore, now.get("rev").getAsLong());
        assertEquals("Groceries", now.get("title").getAsString());
        assertEquals(List.of("Milk", "Eggs"), alice.tasks(list).stream().map(t -> t.get("name").getAsString())
                .toList());
        assertFalse(alice.tasks(list).get(0).get("completed").getAsBoolean());
        assertTrue(alice.events().stream().noneMatch(e -> e.get("type").getAsString().startsWith("task.")),
                "alice got " + alice.events());
        assertEquals(listUpdates, alice.events("list.updated", list).size());
    }

    @Test
    void aViewerChangingATaskThatIsNotThereGetsNotFound() {
        bob.error(json("type", "task.update", "task", 999_999, "completed", true), "not_found");
        bob.error(json("type", "task.create", "list", 999_999, "name", "x"), "not_found");
    }

    @Test
    void aNonMemberStillGetsNotFoundNotForbidden() {
        TestClient carol = server.user("carol");
        carol.error(json("type", "task.create", "list", list, "name", "Bread"), "not_found");
        carol.error(json("type", "task.update", "task", milk, "completed", true), "not_found");
        carol.error(json("type", "list.rename", "list", list, "title", "x"), "not_found");
    }

    @Test
    void aViewerMayLeaveTheList() {
        bob.ok(json("type", "list.unshare", "list", list, "username", "bob"));
        bob.awaitEvent("list.removed", e -> id(e.getAsJsonObject("list")) == list);
        assertFalse(bob.listIds().contains(list));
    }

    @Test
    void aViewerPromotedToEditorMayChangeAtOnce() {
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "editor"));
        bob.createTask(list, "name", "Bread");
        bob.ok(json("type", "list.rename", "list", list, "title", "Shopping"));
    }
}
