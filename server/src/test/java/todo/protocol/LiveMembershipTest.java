package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.ServerTest;
import todo.support.TestClient;

/** Removal and role changes take effect on the member's live sessions at once, even under a stream of changes. */
class LiveMembershipTest extends ServerTest {
    static final int STREAM = 400;

    TestClient alice;
    TestClient bob;
    TestClient bob2;
    long list;

    /** The streams are sent as fast as the client can: no rate limit. */
    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    @BeforeEach
    void bobIsSubscribedOnTwoSessions() {
        alice = server.user("alice");
        bob = server.user("bob");
        bob2 = server.signIn("bob");
        list = alice.createList("Groceries");
        alice.share(list, "bob");
        bob.subscribe(list);
        bob2.subscribe(list);
    }

    /** Whether an event concerns {@code list}: a task event by its task's list, others by their list's id. */
    static boolean about(JsonObject event, long list) {
        if (event.has("task") && event.getAsJsonObject("task").has("list")) {
            return event.getAsJsonObject("task").get("list").getAsLong() == list;
        }
        return event.has("list") && id(event.getAsJsonObject("list")) == list;
    }

    @Test
    void aMemberRemovedInTheMiddleOfAStreamOfChangesSeesNoChangeOfThatListAfterListRemoved() {
        TestClient writer = server.signIn("alice");
        List<CompletableFuture<JsonObject>> sent = new ArrayList<>();
        for (int i = 0; i < STREAM / 2; i++) {
            sent.add(writer.send(json("type", "task.create", "list", list, "name", "task " + i)));
        }
        bob.awaitEvents("task.created", 10);
        alice.ok(json("type", "list.unshare", "list", list, "username", "bob"));
        for (int i = STREAM / 2; i < STREAM; i++) {
            sent.add(writer.send(json("type", "task.create", "list", list, "name", "task " + i)));
        }
        TestClient.okReplies(sent);

        for (TestClient c : List.of(bob, bob2)) {
            c.settle();
            List<JsonObject> events = c.events();
            int removed = events.indexOf(c.awaitEvent("list.removed", e -> about(e, list)));
            List<JsonObject> after = events.subList(removed + 1, events.size()).stream()
                    .filter(e -> about(e, list)).toList();
            assertEquals(List.of(), after, "events of the list after list.removed");
            assertTrue(c.events("task.created").size() < STREAM, "the removal came before the stream ended");
            c.error(json("type", "task.get", "task", id(TestClient.okReply(sent.get(STREAM - 1))
                    .getAsJsonObject("task"))), "not_found");
            c.error(json("type", "subscribe", "list", list), "not_found");
        }
    }

    @Test
    void aDemotedMembersVeryNextChangeIsRefused() {
        long milk = id(bob.createTask(list, "name", "Milk"));
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"));
        // Sent as soon as the owner's change is confirmed, before bob has even read his list.updated.
        bob.error(json("type", "task.update", "task", milk, "completed", true), "forbidden");
        bob2.error(json("type", "task.create", "list", list, "name", "Eggs"), "forbidden");
        for (TestClient c : List.of(bob, bob2)) {
            c.awaitEvent("list.updated", e -> "viewer".equals(e.getAsJsonObject("list").getAsJsonObject("roles")
                    .get("bob").getAsString()));
        }
    }

    @Test
    void aPromotedMembersVeryNextChangeIsAccepted() {
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"));
        bob.error(json("type", "task.create", "list", list, "name", "Milk"), "forbidden");
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "editor"));
        bob.createTask(list, "name", "Milk");
    }

    @Test
    void aMemberDemotedInTheMiddleOfTheirOwnStreamHasEveryLaterChangeRefused() {
        List<CompletableFuture<JsonObject>> sent = new ArrayList<>();
        for (int i = 0; i < STREAM / 2; i++) {
            sent.add(bob.send(json("type", "task.create", "list", list, "name", "task " + i)));
        }
        alice.subscribe(list);
        alice.awaitEvents("task.created", 10);
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"));
        for (int i = STREAM / 2; i < STREAM; i++) {
            sent.add(bob.send(json("type", "task.create", "list", list, "name", "task " + i)));
        }
        List<Boolean> ok = sent.stream().map(f -> TestClient.reply(f).get("ok").getAsBoolean()).toList();
        int firstRefused = ok.indexOf(false);
        assertTrue(firstRefused > 0 && firstRefused <= STREAM / 2, "refused from " + firstRefused);
        assertEquals(List.of(), ok.subList(firstRefused, STREAM).stream().filter(b -> b).toList(),
                "nothing is accepted after the first refusal");
        alice.settle();
        assertEquals(firstRefused, alice.tasks(list).size());
    }
}
