package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.array;
import static todo.support.Json.id;
import static todo.support.Json.objects;
import static todo.support.Json.strings;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Replies;
import todo.support.ServerTest;
import todo.support.TestClient;
import todo.support.TestServer;

/** task.editing and the editing event: who is editing which task, never stored, ended by everything that should. */
class EditingTest extends ServerTest {
    TestClient alice;
    TestClient bob;
    long list;
    long milk;

    @BeforeEach
    void aliceAndBobHaveTheListOpen() {
        alice = server.user("alice");
        bob = server.user("bob");
        list = alice.createList("Groceries");
        milk = id(alice.createTask(list, "name", "Milk"));
        alice.share(list, "bob");
        alice.subscribe(list);
        bob.subscribe(list);
    }

    static JsonObject mark(long task, boolean editing) {
        return json("type", "task.editing", "task", task, "editing", editing);
    }

    static boolean editing(JsonObject e, long list, long task, List<String> users) {
        return id(e.getAsJsonObject("list")) == list && id(e.getAsJsonObject("task")) == task
                && strings(e.getAsJsonArray("users")).equals(users);
    }

    JsonObject awaitEditing(TestClient c, long task, String... users) {
        return c.awaitEvent("editing", e -> editing(e, list, task, List.of(users)));
    }

    /** The editing events about the task a client has received so far (after a settle). */
    static List<JsonObject> editingEvents(TestClient c, long task) {
        c.settle();
        return c.events("editing").stream().filter(e -> id(e.getAsJsonObject("task")) == task).toList();
    }

    static void assertNothingAfterListRemoved(TestClient c) {
        c.settle();
        List<JsonObject> events = c.events();
        int removed = events.indexOf(c.awaitEvent("list.removed"));
        assertEquals(List.of(), events.subList(removed + 1, events.size()), "after list.removed");
    }

    // ---- marks and events ----------------------------------------------------------------------------------

    @Test
    void editingTrueRepliesEmptyAndTellsEverySubscriberWhoIsEditing() {
        JsonObject reply = bob.ok(mark(milk, true));
        assertEquals(2, reply.size(), "only re and ok: " + reply);
        JsonObject e = awaitEditing(alice, milk, "bob");
        assertEquals(json("type", "editing", "list", json("id", list), "task", json("id", milk),
                "users", array("bob")), e);
        awaitEditing(bob, milk, "bob");
    }

    @Test
    void editingFalseEndsTheMarkWithAnEventWithNoUsers() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        bob.ok(mark(milk, false));
        awaitEditing(alice, milk);
    }

    @Test
    void aRepeatedEditingTrueSendsNoFurtherEvent() {
        bob.ok(mark(milk, true));
        bob.ok(mark(milk, true));
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        assertEquals(1, editingEvents(alice, milk).size());
    }

    @Test
    void editingFalseWithoutAMarkChangesNothingAndSendsNothing() {
        bob.ok(mark(milk, false));
        assertEquals(List.of(), editingEvents(alice, milk));
    }

    @Test
    void twoUsersEditingOneTaskAreBothListedAndOneLeavingLeavesTheOther() {
        bob.ok(mark(milk, true));
        alice.ok(mark(milk, true));
        awaitEditing(bob, milk, "alice", "bob");
        bob.ok(mark(milk, false));
        awaitEditing(bob, milk, "alice");
    }

    @Test
    void subscribeRepliesCarryTheMarksInForce() {
        long eggs = id(alice.createTask(list, "name", "Eggs"));
        TestClient bob2 = server.signIn("bob");
        assertEquals(new JsonArray(), bob2.subscribe(list).getAsJsonArray("editing"));
        bob.ok(mark(milk, true));
        alice.ok(mark(milk, true));
        alice.ok(mark(eggs, true));
        awaitEditing(bob, eggs, "alice");
        JsonArray marks = bob2.subscribe(list).getAsJsonArray("editing");
        assertEquals(List.of(json("task", json("id", milk), "users", array("alice", "bob")),
                json("task", json("id", eggs), "users", array("alice"))),
                objects(marks));
    }

    @Test
    void marksAreNeverStoredAndTakeNoRev() {
        long rev = alice.list(list).get("rev").getAsLong();
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        assertEquals(rev, alice.list(list).get("rev").getAsLong());
        assertEquals(rev, alice.ok(json("type", "task.get", "task", milk)).getAsJsonObject("task").get("rev")
                .getAsLong());
    }

    // ---- what ends a mark ----------------------------------------------------------------------------------

    @Test
    void unsubscribeEndsTheMarksOfThatConnection() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        bob.ok(json("type", "unsubscribe", "list", list));
        awaitEditing(alice, milk);
    }

    @Test
    void disconnectingEndsTheMark() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        bob.close();
        awaitEditing(alice, milk);
    }

    @Test
    void theMarkLastsUntilTheUsersLastSessionEditingItCloses() {
        TestClient bob2 = server.signIn("bob");
        bob2.subscribe(list);
        bob.ok(mark(milk, true));
        bob2.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        int open = server.connections();
        bob.close();
        await().atMost(TestClient.TIMEOUT).until(server::connections, n -> n == open - 1);
        assertEquals(1, editingEvents(alice, milk).size(), "bob still edits on his other session");
        bob2.close();
        awaitEditing(alice, milk);
    }

    @Test
    void removalFromTheListEndsTheMarkAndTheRemovedMemberHearsNothingMore() {
        TestClient bob2 = server.signIn("bob");
        bob2.subscribe(list);
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        alice.ok(json("type", "list.unshare", "list", list, "username", "bob"));
        awaitEditing(alice, milk);
        assertNothingAfterListRemoved(bob);
        assertNothingAfterListRemoved(bob2);
    }

    @Test
    void becomingAViewerEndsTheMark() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"));
        awaitEditing(alice, milk);
    }

    @Test
    void deletingTheTaskEndsItsMarks() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        alice.ok(json("type", "task.delete", "task", milk));
        awaitEditing(alice, milk);
        assertEquals(new JsonArray(), server.signIn("bob").subscribe(list).getAsJsonArray("editing"));
    }

    @Test
    void deletingTheListForgetsItsMarks() {
        bob.ok(mark(milk, true));
        awaitEditing(alice, milk, "bob");
        alice.ok(json("type", "list.delete", "list", list));
        assertNothingAfterListRemoved(alice);
        assertNothingAfterListRemoved(bob);
    }

    @Test
    void aMarkExpiresWithoutARepeatedEditingTrue() throws Exception {
        Quick q = bobEditsOnAServerWhoseMarksLast(300);
        q.alice.awaitEvent("editing", e -> editing(e, q.list, q.task, List.of()));
        assertEquals(new JsonArray(), q.bob.subscribe(q.list).getAsJsonArray("editing"));
    }

    @Test
    void repeatingEditingTrueKeepsTheMarkPastTheTimeout() throws Exception {
        int timeout = 600;
        Quick q = bobEditsOnAServerWhoseMarksLast(timeout);
        // Repeat well within the timeout, for several timeouts: the mark never ends.
        await().during(Duration.ofMillis(timeout * 3L)).atMost(Duration.ofMillis(timeout * 6L))
                .pollInterval(Duration.ofMillis(timeout / 4)).until(() -> {
                    q.bob.ok(mark(q.task, true));
                    return q.alice.events("editing").stream().noneMatch(e -> editing(e, q.list, q.task, List.of()));
                });
        q.alice.awaitEvent("editing", e -> editing(e, q.list, q.task, List.of()));
    }

    private record Quick(TestClient alice, TestClient bob, long list, long task) {}

    /** A second server whose marks last {@code millis}; bob marks alice's task there, and alice has seen it. */
    private Quick bobEditsOnAServerWhoseMarksLast(int millis) throws Exception {
        TestServer quick = anotherServer("quick", c -> c.withLimits(c.limits().withEditingTimeoutMillis(millis)));
        TestClient a = quick.user("alice");
        TestClient b = quick.user("bob");
        long l = a.createList("Groceries");
        long t = id(a.createTask(l, "name", "Milk"));
        a.share(l, "bob");
        a.subscribe(l);
        b.subscribe(l);
        b.ok(mark(t, true));
        a.awaitEvent("editing", e -> editing(e, l, t, List.of("bob")));
        return new Quick(a, b, l, t);
    }

    // ---- refusals ------------------------------------------------------------------------------------------

    @Test
    void aViewerMayNotMarkATask() {
        alice.ok(json("type", "list.role", "list", list, "username", "bob", "role", "viewer"));
        bob.error(mark(milk, true), "forbidden");
        bob.error(mark(milk, false), "forbidden");
        assertEquals(List.of(), editingEvents(alice, milk));
    }

    @Test
    void aTaskYouCannotSeeIsNotFound() {
        TestClient carol = server.user("carol");
        carol.subscribe(carol.firstList());
        carol.error(mark(milk, true), "not_found");
        carol.error(mark(999_999, true), "not_found");
        assertEquals(List.of(), editingEvents(alice, milk));
    }

    @Test
    void markingATaskOfAListYouAreNotSubscribedToIsABadRequest() {
        TestClient bob2 = server.signIn("bob");
        Replies.assertBadRequestNaming(bob2.request(mark(milk, true)), "subscribe");
        bob2.ok(mark(milk, false));
        assertEquals(List.of(), editingEvents(alice, milk));
    }

    @Test
    void editingMustBeABooleanAndTaskAnId() {
        Replies.assertBadRequestNaming(bob.request(json("type", "task.editing", "task", milk)), "editing");
        Replies.assertBadRequestNaming(bob.request(json("type", "task.editing", "task", milk, "editing", "yes")),
                "editing");
        Replies.assertBadRequestNaming(bob.request(json("type", "task.editing", "editing", true)), "task");
        assertTrue(editingEvents(alice, milk).isEmpty());
    }
}
