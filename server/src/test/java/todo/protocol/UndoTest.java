package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.Json.rev;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.Replies;
import todo.support.SignedInTest;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * {@code undo}: a change reverted by a new change (new rev, broadcast, by whoever undoes), for each kind of change,
 * and each way it can conflict.
 */
class UndoTest extends SignedInTest {
    TestClient bob;

    @BeforeEach
    void shareWithBobAndSubscribe() {
        bob = server.user("bob");
        alice.share(list, "bob");
        alice.subscribe(list);
    }

    private JsonObject undo(TestClient c, long rev) {
        return c.ok(json("type", "undo", "list", list, "rev", rev));
    }

    private JsonObject undoConflict(TestClient c, long rev) {
        return c.error(json("type", "undo", "list", list, "rev", rev), "conflict");
    }

    private JsonObject get(long task) {
        return alice.ok(json("type", "task.get", "task", task)).getAsJsonObject("task");
    }

    private List<Long> order() {
        return alice.tasks(list).stream().map(Json::id).toList();
    }

    private JsonObject lastEvent() {
        alice.settle();
        List<JsonObject> events = alice.events().stream().filter(e -> e.has("rev")).toList();
        return events.get(events.size() - 1);
    }

    private JsonObject update(TestClient c, long task, Object... fields) {
        JsonObject req = json(fields);
        req.addProperty("type", "task.update");
        req.addProperty("task", task);
        return c.ok(req).getAsJsonObject("task");
    }

    // ---- each kind of change -------------------------------------------------------------------------------

    @Test
    void undoingAnUpdateRestoresTheOldValuesAsANewChangeByWhoeverUndoes() {
        JsonObject t = alice.createTask(list, "name", "Milk", "note", "oat");
        JsonObject changed = update(alice, id(t), "name", "Soy milk", "due", "2026-12-01", "completed", true);
        JsonObject back = undo(bob, rev(changed)).getAsJsonObject("task");
        assertEquals("Milk", back.get("name").getAsString());
        assertTrue(back.get("due").isJsonNull());
        assertFalse(back.get("completed").getAsBoolean());
        assertEquals("oat", back.get("note").getAsString());
        assertEquals("bob", back.get("updatedBy").getAsString());
        assertEquals(rev(changed) + 1, rev(back));
        JsonObject e = lastEvent();
        assertEquals("task.updated", e.get("type").getAsString());
        assertEquals("bob", e.get("by").getAsString());
        assertEquals(List.of("name", "due", "completed"), Json.strings(e.getAsJsonArray("changed")));
        assertEquals(back, e.getAsJsonObject("task"));
        assertEquals(back, get(id(t)));
        JsonObject entry = Json.objects(alice.ok(json("type", "history", "list", list, "limit", 1))
                .getAsJsonArray("entries")).get(0);
        assertEquals(rev(changed), entry.get("undoes").getAsLong());
        assertEquals("bob", entry.get("by").getAsString());
    }

    @Test
    void undoingAMovePutsTheTaskBackWhereItWas() {
        long a = id(alice.createTask(list, "name", "a"));
        long b = id(alice.createTask(list, "name", "b"));
        long c = id(alice.createTask(list, "name", "c"));
        JsonObject moved = alice.ok(json("type", "task.move", "task", c, "after", null)).getAsJsonObject("task");
        assertEquals(List.of(c, a, b), order());
        JsonObject back = undo(alice, rev(moved)).getAsJsonObject("task");
        assertEquals(List.of(a, b, c), order());
        JsonObject e = lastEvent();
        assertEquals(List.of("position"), Json.strings(e.getAsJsonArray("changed")));
        assertEquals(back, e.getAsJsonObject("task"));
        assertEquals("moved", Json.objects(alice.ok(json("type", "history", "list", list, "limit", 1))
                .getAsJsonArray("entries")).get(0).get("type").getAsString());
    }

    @Test
    void undoingACreateDeletesTheTaskAndRepliesWithNoTask() {
        JsonObject t = alice.createTask(list, "name", "Oops");
        JsonObject reply = undo(bob, rev(t));
        assertFalse(reply.has("task"), reply.toString());
        JsonObject e = lastEvent();
        assertEquals("task.deleted", e.get("type").getAsString());
        assertEquals(json("id", id(t), "list", list), e.getAsJsonObject("task"));
        assertEquals("bob", e.get("by").getAsString());
        assertTrue(alice.tasks(list).isEmpty());
    }

    @Test
    void undoingADeleteBringsTheTaskBackWithItsIdFieldsAndPosition() {
        long a = id(alice.createTask(list, "name", "a"));
        JsonObject b = alice.createTask(list, "name", "b", "note", "n", "due", "2026-12-01", "completed", true);
        long c = id(alice.createTask(list, "name", "c"));
        JsonObject since = alice.subscribe(list);
        alice.ok(json("type", "task.delete", "task", id(b)));
        JsonObject back = undo(bob, rev(since) + 1).getAsJsonObject("task");
        assertEquals(List.of(a, id(b), c), order());
        for (String field : List.of("id", "list", "name", "note", "due", "completed", "created", "createdBy",
                "position")) {
            assertEquals(b.get(field), back.get(field), field);
        }
        assertEquals("bob", back.get("updatedBy").getAsString());
        assertEquals(rev(since) + 2, rev(back));
        JsonObject e = lastEvent();
        assertEquals("task.created", e.get("type").getAsString());
        assertEquals(back, e.getAsJsonObject("task"));
        // A resync from before the deletion sees the task, not its deletion.
        JsonObject resync = bob.subscribe(list, "since", rev(since));
        assertEquals("[]", resync.getAsJsonArray("deleted").toString());
        assertEquals(List.of(back), Json.objects(resync.getAsJsonArray("tasks")));
        assertEquals("created", Json.objects(alice.ok(json("type", "history", "list", list, "limit", 1))
                .getAsJsonArray("entries")).get(0).get("type").getAsString());
    }

    @Test
    void aDeletedTaskWhosePlaceWasTakenComesBackRightAfterTheTaskThatTookIt() {
        long a = id(alice.createTask(list, "name", "a"));
        JsonObject b = alice.createTask(list, "name", "b");
        long c = id(alice.createTask(list, "name", "c"));
        long d = id(alice.createTask(list, "name", "d"));
        alice.ok(json("type", "task.delete", "task", id(b)));
        long deletion = rev(alice.list(list));
        JsonObject taker = alice.ok(json("type", "task.move", "task", d, "after", a)).getAsJsonObject("task");
        assertEquals(b.get("position"), taker.get("position"), "the move took b's exact key");
        undo(alice, deletion);
        assertEquals(List.of(a, d, id(b), c), order());
    }

    // ---- conflicts -----------------------------------------------------------------------------------------

    @Test
    void undoingTheSameChangeTwiceIsAConflict() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject changed = update(alice, id(t), "name", "Soy milk");
        undo(alice, rev(changed));
        JsonObject reply = undoConflict(bob, rev(changed));
        assertEquals(get(id(t)), reply.getAsJsonObject("task"));

        JsonObject gone = alice.createTask(list, "name", "Gone");
        alice.ok(json("type", "task.delete", "task", id(gone)));
        long deletion = rev(alice.list(list));
        undo(alice, deletion);
        assertEquals(get(id(gone)), undoConflict(alice, deletion).getAsJsonObject("task"));
        long revBefore = rev(alice.list(list));

        JsonObject oops = alice.createTask(list, "name", "Oops");
        undo(alice, rev(oops));
        assertFalse(undoConflict(alice, rev(oops)).has("task"), "the task is gone: no task to carry");
        assertEquals(revBefore + 2, rev(alice.list(list)), "refused undos change nothing");
    }

    @Test
    void undoingAnUpdateOfAFieldChangedSinceIsAConflictCarryingTheTask() {
        JsonObject t = alice.createTask(list, "name", "Milk", "note", "oat");
        JsonObject first = update(alice, id(t), "name", "Soy milk");
        JsonObject later = update(bob, id(t), "name", "Rice milk");
        JsonObject reply = undoConflict(alice, rev(first));
        assertEquals(later, reply.getAsJsonObject("task"));
        assertEquals("Rice milk", get(id(t)).get("name").getAsString());
    }

    @Test
    void aChangeOfOtherFieldsSinceDoesNotStopTheUndo() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject first = update(alice, id(t), "name", "Soy milk");
        update(bob, id(t), "note", "2 litres", "completed", true);
        alice.ok(json("type", "task.move", "task", id(t), "before", null));
        JsonObject back = undo(alice, rev(first)).getAsJsonObject("task");
        assertEquals("Milk", back.get("name").getAsString());
        assertEquals("2 litres", back.get("note").getAsString());
        assertTrue(back.get("completed").getAsBoolean());
    }

    @Test
    void undoingAMoveOfATaskMovedSinceIsAConflict() {
        long a = id(alice.createTask(list, "name", "a"));
        long b = id(alice.createTask(list, "name", "b"));
        JsonObject first = alice.ok(json("type", "task.move", "task", b, "after", null)).getAsJsonObject("task");
        JsonObject again = bob.ok(json("type", "task.move", "task", b, "before", null)).getAsJsonObject("task");
        assertEquals(again, undoConflict(alice, rev(first)).getAsJsonObject("task"));
        assertEquals(List.of(a, b), order());
    }

    @Test
    void undoingAnUpdateOrMoveOfADeletedTaskIsAConflictWithoutATask() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject changed = update(alice, id(t), "name", "Soy milk");
        alice.createTask(list, "name", "other");
        JsonObject moved = alice.ok(json("type", "task.move", "task", id(t), "before", null)).getAsJsonObject("task");
        alice.ok(json("type", "task.delete", "task", id(t)));
        assertFalse(undoConflict(alice, rev(changed)).has("task"));
        assertFalse(undoConflict(alice, rev(moved)).has("task"));
    }

    @Test
    void undoingACreateOfATaskChangedSinceIsAConflictCarryingTheTask() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        JsonObject changed = update(bob, id(t), "completed", true);
        assertEquals(changed, undoConflict(alice, rev(t)).getAsJsonObject("task"));
        assertEquals(1, alice.tasks(list).size());
    }

    @Test
    void undoingARevWithNoChangeIsNotFoundAndBadInputIsABadRequest() {
        alice.createTask(list, "name", "Milk");
        alice.error(json("type", "undo", "list", list, "rev", 2), "not_found");
        alice.error(json("type", "undo", "list", list, "rev", 0), "not_found");
        Replies.assertBadRequestNaming(alice.request(json("type", "undo", "list", list)), "rev");
        Replies.assertBadRequestNaming(alice.request(json("type", "undo", "list", list, "rev", -1)), "rev");
        Replies.assertBadRequestNaming(alice.request(json("type", "undo", "rev", 1)), "list");
        TestClient mallory = server.user("mallory");
        JsonObject real = mallory.error(json("type", "undo", "list", list, "rev", 1), "not_found");
        JsonObject missing = mallory.error(json("type", "undo", "list", 9_000_000, "rev", 1), "not_found");
        assertEquals(missing.get("message"), real.get("message"));
        assertEquals(1, alice.tasks(list).size());
    }

    @Test
    void bringingATaskBackIntoAFullListIsLimitExceededAndChangesNothing() throws IOException {
        TestServer small = anotherServer("small", c -> c.withLimits(c.limits().withTasksPerList(2)));
        TestClient carol = small.user("carol");
        long l = carol.firstList();
        long a = id(carol.createTask(l, "name", "a"));
        carol.ok(json("type", "task.delete", "task", a));
        long deletion = rev(carol.list(l));
        carol.createTask(l, "name", "b");
        carol.createTask(l, "name", "c");
        carol.error(json("type", "undo", "list", l, "rev", deletion), "limit_exceeded");
        assertEquals(2, carol.tasks(l).size());
        assertEquals(deletion + 2, rev(carol.list(l)));
    }

    // ---- racing ----------------------------------------------------------------------------------------------

    /**
     * Bob edits a name while Alice undoes the earlier change of it, at once, many times: whichever commits first,
     * the result is one of the two serial outcomes and every subscriber ends where a fresh subscribe is.
     */
    @Test
    void anUndoRacingAConcurrentEditOfTheSameFieldEndsInOneOfTheTwoSerialOutcomes() {
        bob.subscribe(list);
        int rounds = 15;
        List<Long> tasks = new ArrayList<>();
        List<Long> firstRevs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = id(alice.createTask(list, "name", "A" + i));
            tasks.add(t);
            firstRevs.add(rev(update(alice, t, "name", "B" + i)));
        }
        List<CompletableFuture<JsonObject>> edits = new ArrayList<>();
        List<CompletableFuture<JsonObject>> undos = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            edits.add(bob.send(json("type", "task.update", "task", tasks.get(i), "name", "C" + i)));
            undos.add(alice.send(json("type", "undo", "list", list, "rev", firstRevs.get(i))));
        }
        for (int i = 0; i < rounds; i++) {
            JsonObject edit = TestClient.okReply(edits.get(i)).getAsJsonObject("task");
            JsonObject u = TestClient.reply(undos.get(i));
            JsonObject now = get(tasks.get(i));
            assertEquals("C" + i, now.get("name").getAsString(), "the edit wins either way");
            if (u.get("ok").getAsBoolean()) {
                JsonObject back = u.getAsJsonObject("task");
                assertEquals("A" + i, back.get("name").getAsString());
                assertTrue(rev(back) < rev(edit), "the undo committed first");
            } else {
                assertEquals("conflict", u.get("error").getAsString());
                assertEquals("C" + i, u.getAsJsonObject("task").get("name").getAsString());
            }
        }
        JsonObject fresh = alice.subscribe(list);
        bob.settle();
        long finalRev = rev(fresh);
        {
            List<JsonObject> events = bob.events().stream().filter(e -> e.has("rev") && rev(e) <= finalRev).toList();
            java.util.Map<Long, JsonObject> byId = new java.util.HashMap<>();
            events.forEach(e -> byId.put(id(e.getAsJsonObject("task")), e.getAsJsonObject("task")));
            for (JsonObject t : Json.objects(fresh.getAsJsonArray("tasks"))) {
                assertEquals(t, byId.get(id(t)), "the last event of each task is its state");
            }
        }
    }
}
