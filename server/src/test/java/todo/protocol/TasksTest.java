package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.Json.ids;
import static todo.support.Json.rev;
import static todo.support.Replies.assertFields;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import todo.support.Json;
import todo.support.SignedInTest;
import todo.support.TestClient;

/** task.create / update / delete, the bulk verbs, filters and idempotent creates. */
class TasksTest extends SignedInTest {
    // ---- helpers -------------------------------------------------------------------------------------------

    private long listRev() {
        return rev(alice.list(list));
    }

    // ---- task.create ---------------------------------------------------------------------------------------

    @Test
    void taskCreateFillsInTheDefaults() {
        long before = listRev();
        JsonObject t = alice.createTask(list, "name", "  Buy milk  ");
        assertFields(json("name", "Buy milk", "note", "", "due", null, "completed", false,
                "createdBy", "alice", "updatedBy", "alice", "list", list), t, "the defaults");
        assertEquals(before + 1, rev(t));
        assertEquals(listRev(), rev(t));
        assertEquals(t.get("created"), t.get("updated"));
        assertTrue(t.get("created").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertTrue(id(t) > 0);
    }

    @Test
    void taskCreateByAnotherMemberRecordsThatMember() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        JsonObject t = bob.createTask(list, "name", "Bob's");
        assertEquals("bob", t.get("createdBy").getAsString());
        assertEquals("bob", t.get("updatedBy").getAsString());
    }

    @Test
    void taskCreateStoresEveryGivenField() {
        JsonObject t = alice.createTask(list, "name", "Milk", "note", "oat", "due", "2026-12-01", "completed", true);
        assertEquals("oat", t.get("note").getAsString());
        assertEquals("2026-12-01", t.get("due").getAsString());
        assertTrue(t.get("completed").getAsBoolean());
        assertEquals(t, alice.ok(json("type", "task.get", "task", id(t))).getAsJsonObject("task"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01", "2026-12-01T17:00:00+01:00", "2026-12-01T16:00:00Z"})
    void dueAcceptsADateOrADateTimeWithOffsetAndReturnsItAsSent(String due) {
        JsonObject t = alice.createTask(list, "name", "x", "due", due);
        assertEquals(due, t.get("due").getAsString());
        assertEquals(due, alice.ok(json("type", "task.get", "task", id(t))).getAsJsonObject("task").get("due").getAsString());
    }

    @Test
    void dueAcceptsNull() {
        JsonObject t = alice.createTask(list, "name", "x", "due", null);
        assertTrue(t.get("due").isJsonNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "2026-13-01", "2026-02-30", "2026-12-01T17:00:00", ""})
    void dueRejectsAnythingElseAndStoresNothing(String due) {
        long before = listRev();
        assertEquals("bad_request", alice.error(json("type", "task.create", "list", list, "name", "x", "due", due)));
        assertEquals(before, listRev());
        assertTrue(alice.tasks(list).isEmpty());
    }

    // ---- task.update ---------------------------------------------------------------------------------------

    @Test
    void taskUpdateChangesTheFieldsAndListsExactlyTheChangedOnes() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        JsonObject t = alice.createTask(list, "name", "Milk", "note", "oat", "due", "2026-12-01");
        alice.subscribe(list);

        // name given but equal: only note and due really change.
        JsonObject u = bob.ok(json("type", "task.update", "task", id(t), "name", "Milk", "note", "soy", "due", null))
                .getAsJsonObject("task");
        assertEquals("Milk", u.get("name").getAsString());
        assertEquals("soy", u.get("note").getAsString());
        assertTrue(u.get("due").isJsonNull());
        assertFalse(u.get("completed").getAsBoolean());
        assertEquals("bob", u.get("updatedBy").getAsString());
        assertEquals("alice", u.get("createdBy").getAsString());
        assertEquals(rev(t) + 1, rev(u));
        assertEquals(t.get("created"), u.get("created"));

        JsonObject e = alice.awaitEvent("task.updated");
        assertEquals(Set.of("note", "due"), Set.copyOf(e.getAsJsonArray("changed").asList().stream()
                .map(JsonElement::getAsString).toList()));
        assertEquals(2, e.getAsJsonArray("changed").size());
        assertEquals(u, e.getAsJsonObject("task"));
        assertEquals("bob", e.get("by").getAsString());
        assertEquals(rev(u), rev(e));
        assertEquals(rev(u), listRev());
    }

    @Test
    void taskUpdateOfEachSingleFieldReportsJustThatField() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        alice.subscribe(list);
        alice.ok(json("type", "task.update", "task", id(t), "name", "Oat milk"));
        alice.ok(json("type", "task.update", "task", id(t), "note", "2 litres"));
        alice.ok(json("type", "task.update", "task", id(t), "due", "2026-12-01"));
        alice.ok(json("type", "task.update", "task", id(t), "completed", true));
        List<JsonObject> events = alice.awaitEvents("task.updated", 4);
        assertEquals(List.of("[\"name\"]", "[\"note\"]", "[\"due\"]", "[\"completed\"]"),
                events.stream().map(e -> e.getAsJsonArray("changed").toString()).toList());
        assertEquals(List.of(rev(t) + 1, rev(t) + 2, rev(t) + 3, rev(t) + 4), events.stream().map(Json::rev).toList());
    }

    @Test
    void anUpdateThatChangesNothingRepliesWithTheTaskAndStoresAndBroadcastsNothing() {
        JsonObject t = alice.createTask(list, "name", "Milk", "note", "oat", "completed", true);
        alice.subscribe(list);
        JsonObject same = alice.ok(json("type", "task.update", "task", id(t), "name", "  Milk ", "note", "oat",
                "completed", true, "due", null)).getAsJsonObject("task");
        assertEquals(t, same);
        JsonObject next = alice.createTask(list, "name", "next");
        assertEquals(rev(t) + 1, rev(next), "the no-op update must not take a rev");
        alice.awaitEvent("task.created", e -> id(e.getAsJsonObject("task")) == id(next));
        assertEquals(0, alice.events("task.updated").size(), "events: " + alice.events());
        assertEquals(t, alice.ok(json("type", "task.get", "task", id(t))).getAsJsonObject("task"));
    }

    @Test
    void anUpdateWithAStaleIfRevIsAConflictCarryingTheCurrentTask() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject changed = alice.ok(json("type", "task.update", "task", id(t), "completed", true)).getAsJsonObject("task");
        alice.subscribe(list);
        JsonObject reply = alice.request(json("type", "task.update", "task", id(t), "name", "Oat milk", "ifRev", rev(t)));
        assertFields(json("ok", false, "error", "conflict", "task", changed), reply, "a stale ifRev");
        assertEquals(changed, alice.ok(json("type", "task.get", "task", id(t))).getAsJsonObject("task"));
        alice.settle();
        assertTrue(alice.events("task.updated").isEmpty());
    }

    @Test
    void anUpdateWithTheCurrentIfRevIsApplied() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject u = alice.ok(json("type", "task.update", "task", id(t), "name", "Oat milk", "ifRev", rev(t)))
                .getAsJsonObject("task");
        assertEquals("Oat milk", u.get("name").getAsString());
        assertEquals(rev(t) + 1, rev(u));
    }

    // ---- task.delete ---------------------------------------------------------------------------------------

    @Test
    void taskDeleteSendsTaskDeletedWithTheNextRev() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        JsonObject t = alice.createTask(list, "name", "Milk");
        alice.subscribe(list);
        JsonObject reply = bob.ok(json("type", "task.delete", "task", id(t)));
        assertFalse(reply.has("task"));
        JsonObject e = alice.awaitEvent("task.deleted");
        assertFields(json("rev", rev(t) + 1, "by", "bob", "task", json("id", id(t), "list", list)), e, "task.deleted");
        assertEquals(rev(e), listRev());
        assertEquals("not_found", alice.error(json("type", "task.get", "task", id(t))));
        assertEquals("not_found", alice.error(json("type", "task.delete", "task", id(t))));
    }

    @Test
    void taskDeleteWithTheCurrentIfRevDeletes() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        alice.subscribe(list);
        alice.ok(json("type", "task.delete", "task", id(t), "ifRev", rev(t)));
        JsonObject e = alice.awaitEvent("task.deleted");
        assertEquals(json("id", id(t), "list", list), e.getAsJsonObject("task"));
        assertEquals(rev(t) + 1, rev(e));
        assertTrue(alice.tasks(list).isEmpty());
    }

    @Test
    void taskDeleteWithAStaleIfRevIsAConflictAndKeepsTheTask() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject changed = alice.ok(json("type", "task.update", "task", id(t), "note", "n")).getAsJsonObject("task");
        JsonObject reply = alice.request(json("type", "task.delete", "task", id(t), "ifRev", rev(t)));
        assertFields(json("error", "conflict", "task", changed), reply, "a stale ifRev");
        assertEquals(List.of(changed), alice.tasks(list));
    }

    // ---- tasks filter --------------------------------------------------------------------------------------

    @Test
    void tasksFiltersByCompleted() {
        JsonObject open1 = alice.createTask(list, "name", "a");
        JsonObject done1 = alice.createTask(list, "name", "b", "completed", true);
        JsonObject open2 = alice.createTask(list, "name", "c");
        JsonObject done2 = alice.createTask(list, "name", "d");
        done2 = alice.ok(json("type", "task.update", "task", id(done2), "completed", true)).getAsJsonObject("task");
        assertEquals(Set.of(id(done1), id(done2)), ids(alice.tasks(list, "completed", true)));
        assertEquals(2, alice.tasks(list, "completed", true).size());
        assertEquals(Set.of(id(open1), id(open2)), ids(alice.tasks(list, "completed", false)));
        assertEquals(2, alice.tasks(list, "completed", false).size());
        assertEquals(4, alice.tasks(list).size());
        assertTrue(alice.tasks(list, "completed", true).contains(done2));
    }

    // ---- bulk verbs ----------------------------------------------------------------------------------------

    @Test
    void completeAllChangesOnlyTasksNotInThatStateWithOneEventAndRevEach() {
        JsonObject a = alice.createTask(list, "name", "a");
        JsonObject b = alice.createTask(list, "name", "b", "completed", true);
        JsonObject c = alice.createTask(list, "name", "c");
        alice.subscribe(list);
        long before = listRev();

        JsonArray changed = alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true)).getAsJsonArray("tasks");
        assertEquals(Set.of(id(a), id(c)), ids(changed));
        assertEquals(2, changed.size());
        changed.forEach(t -> assertTrue(t.getAsJsonObject().get("completed").getAsBoolean()));
        assertEquals(before + 2, listRev());

        List<JsonObject> events = alice.awaitEvents("task.updated", 2);
        alice.settle();
        events = alice.events("task.updated");
        assertEquals(2, events.size());
        assertEquals(Set.of(before + 1, before + 2), Set.of(rev(events.get(0)), rev(events.get(1))));
        assertEquals(before + 1, rev(events.get(0)), "events arrive in rev order");
        assertEquals(ids(changed), Set.of(id(events.get(0).getAsJsonObject("task")), id(events.get(1).getAsJsonObject("task"))));
        for (JsonObject e : events) {
            assertEquals("[\"completed\"]", e.getAsJsonArray("changed").toString());
            assertEquals(rev(e), rev(e.getAsJsonObject("task")));
        }
        JsonObject untouched = alice.ok(json("type", "task.get", "task", id(b))).getAsJsonObject("task");
        assertEquals(b, untouched);
    }

    @Test
    void completeAllWithNothingToChangeRepliesEmptyAndTakesNoRev() {
        alice.createTask(list, "name", "a", "completed", true);
        long before = listRev();
        assertEquals(0, alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true)).getAsJsonArray("tasks").size());
        assertEquals(before, listRev());
    }

    @Test
    void completeAllFalseReopensCompletedTasks() {
        alice.createTask(list, "name", "a");
        JsonObject b = alice.createTask(list, "name", "b", "completed", true);
        JsonArray changed = alice.ok(json("type", "tasks.completeAll", "list", list, "completed", false)).getAsJsonArray("tasks");
        assertEquals(Set.of(id(b)), ids(changed));
        assertTrue(alice.tasks(list, "completed", true).isEmpty());
    }

    @Test
    void clearCompletedDeletesCompletedTasksWithOneEventEach() {
        JsonObject a = alice.createTask(list, "name", "a", "completed", true);
        JsonObject b = alice.createTask(list, "name", "b");
        JsonObject c = alice.createTask(list, "name", "c", "completed", true);
        alice.subscribe(list);
        long before = listRev();

        JsonArray deleted = alice.ok(json("type", "tasks.clearCompleted", "list", list)).getAsJsonArray("deleted");
        assertEquals(Set.of(id(a), id(c)), ids(deleted));
        assertEquals(2, deleted.size());
        List<JsonObject> events = alice.awaitEvents("task.deleted", 2);
        alice.settle();
        events = alice.events("task.deleted");
        assertEquals(2, events.size());
        assertEquals(List.of(before + 1, before + 2), events.stream().map(Json::rev).toList());
        assertEquals(ids(deleted), Set.of(id(events.get(0).getAsJsonObject("task")), id(events.get(1).getAsJsonObject("task"))));
        assertEquals(List.of(id(b)), alice.tasks(list).stream().map(Json::id).toList());
        assertEquals(before + 2, listRev());
    }

    // ---- idempotent create ---------------------------------------------------------------------------------

    @Test
    void aRepeatedKeyReturnsTheSameTaskAndBroadcastsOnce() {
        alice.subscribe(list);
        JsonObject first = alice.createTask(list, "name", "Milk", "key", "k-1");
        JsonObject again = alice.ok(json("type", "task.create", "list", list, "name", "Milk", "key", "k-1"));
        assertEquals(first, again.getAsJsonObject("task"));
        assertFalse(again.has("deleted"));
        JsonObject marker = alice.createTask(list, "name", "marker");
        alice.awaitEvent("task.created", e -> id(e.getAsJsonObject("task")) == id(marker));
        assertEquals(2, alice.events("task.created").size(), "events: " + alice.events());
        assertEquals(rev(first) + 1, rev(marker));
        assertEquals(1, alice.tasks(list).stream().filter(t -> t.get("name").getAsString().equals("Milk")).count());
    }

    @Test
    void theSameKeyFromAnotherUserCreatesANewTask() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        JsonObject mine = alice.createTask(list, "name", "Milk", "key", "k-1");
        JsonObject bobs = bob.createTask(list, "name", "Milk", "key", "k-1");
        assertNotEquals(id(mine), id(bobs));
        assertEquals("bob", bobs.get("createdBy").getAsString());
        assertEquals(2, alice.tasks(list).size());
    }

    @Test
    void theSameKeyInAnotherListCreatesANewTask() {
        long other = alice.createList("Other");
        JsonObject here = alice.createTask(list, "name", "Milk", "key", "k-1");
        JsonObject there = alice.createTask(list, "list", other, "name", "Milk", "key", "k-1");
        assertNotEquals(id(here), id(there));
        assertEquals(other, there.get("list").getAsLong());
        assertEquals(1, alice.tasks(list).size());
    }

    @Test
    void replayingAKeyAfterItsTaskWasDeletedSaysDeleted() {
        JsonObject t = alice.createTask(list, "name", "Milk", "key", "k-1");
        alice.ok(json("type", "task.delete", "task", id(t)));
        alice.subscribe(list);
        long before = listRev();
        JsonObject replay = alice.ok(json("type", "task.create", "list", list, "name", "Milk", "key", "k-1"));
        assertTrue(replay.get("deleted").getAsBoolean());
        assertEquals(id(t), id(replay.getAsJsonObject("task")));
        assertEquals(list, replay.getAsJsonObject("task").get("list").getAsLong());
        assertEquals(before, listRev());
        assertTrue(alice.tasks(list).isEmpty());
        alice.settle();
        assertTrue(alice.events("task.created").isEmpty());
    }

    @Test
    void taskIdsAreNeverReusedAfterDeletion() {
        JsonObject first = alice.createTask(list, "name", "a");
        alice.ok(json("type", "task.delete", "task", id(first)));
        JsonObject second = alice.createTask(list, "name", "b");
        assertTrue(id(second) > id(first), first + " then " + second);
    }

    @Test
    void anUpdateOfNoteNullClearsTheNote() {
        JsonObject t = alice.createTask(list, "name", "a", "note", "something");
        JsonObject u = alice.ok(json("type", "task.update", "task", id(t), "note", JsonNull.INSTANCE)).getAsJsonObject("task");
        assertEquals("", u.get("note").getAsString());
    }
}
