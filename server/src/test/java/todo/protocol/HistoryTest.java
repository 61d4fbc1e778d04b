package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.Json.rev;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.Replies;
import todo.support.SignedInTest;
import todo.support.TestClient;

/** {@code history}: every task change of a list, newest first, with who, when, what and the values before and after. */
class HistoryTest extends SignedInTest {
    TestClient bob;

    @BeforeEach
    void shareWithBob() {
        bob = server.user("bob");
        alice.share(list, "bob");
    }

    private List<JsonObject> history(TestClient c, Object... extra) {
        JsonObject req = json(extra);
        req.addProperty("type", "history");
        req.addProperty("list", list);
        return Json.objects(c.ok(req).getAsJsonArray("entries"));
    }

    private static List<Long> revs(List<JsonObject> entries) {
        return entries.stream().map(Json::rev).toList();
    }

    @Test
    void everyKindOfChangeIsAnEntryNewestFirstWithItsTypeAndValuesBeforeAndAfter() {
        JsonObject milk = alice.createTask(list, "name", "Milk");
        JsonObject eggs = alice.createTask(list, "name", "Eggs");
        JsonObject updated = bob.ok(json("type", "task.update", "task", id(milk), "name", "Oat milk",
                "completed", true, "due", "2026-12-01")).getAsJsonObject("task");
        JsonObject moved = alice.ok(json("type", "task.move", "task", id(eggs), "after", null))
                .getAsJsonObject("task");
        bob.ok(json("type", "task.delete", "task", id(eggs)));

        List<JsonObject> entries = history(bob);
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), revs(entries));
        assertEquals(List.of("deleted", "moved", "updated", "created", "created"),
                entries.stream().map(e -> e.get("type").getAsString()).toList());
        assertEquals(List.of("bob", "alice", "bob", "alice", "alice"),
                entries.stream().map(e -> e.get("by").getAsString()).toList());

        JsonObject update = entries.get(2);
        assertEquals(json("id", id(milk), "name", "Oat milk"), update.getAsJsonObject("task"));
        assertEquals(List.of("name", "due", "completed"), Json.strings(update.getAsJsonArray("changed")));
        assertEquals(json("name", "Milk", "due", null, "completed", false), update.getAsJsonObject("from"));
        assertEquals(json("name", "Oat milk", "due", "2026-12-01", "completed", true), update.getAsJsonObject("to"));
        assertTrue(update.get("at").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(rev(updated), rev(update));

        JsonObject move = entries.get(1);
        assertEquals(List.of("position"), Json.strings(move.getAsJsonArray("changed")));
        assertEquals(json("position", eggs.get("position")), move.getAsJsonObject("from"));
        assertEquals(json("position", moved.get("position")), move.getAsJsonObject("to"));

        for (int i : new int[] {0, 3, 4}) {
            JsonObject e = entries.get(i);
            assertEquals("[]", e.getAsJsonArray("changed").toString(), e.toString());
            assertEquals(new JsonObject(), e.getAsJsonObject("from"));
            assertEquals(new JsonObject(), e.getAsJsonObject("to"));
        }
        assertEquals(json("id", id(eggs), "name", "Eggs"), entries.get(0).getAsJsonObject("task"),
                "a deletion names the task as it was");
        assertFalse(entries.get(0).has("undoes"));
    }

    @Test
    void limitAndBeforePageThroughTheHistory() {
        for (int i = 0; i < 55; i++) {
            alice.createTask(list, "name", "t" + i);
        }
        assertEquals(50, history(alice).size(), "the default limit");
        List<JsonObject> page = history(alice, "limit", 3);
        assertEquals(List.of(55L, 54L, 53L), revs(page));
        assertEquals(List.of(52L, 51L), revs(history(alice, "limit", 2, "before", 53)));
        assertEquals(List.of(2L, 1L), revs(history(alice, "before", 3)));
        assertEquals(List.of(), history(alice, "before", 1));
        assertEquals(55, history(alice, "limit", 200).size());
    }

    @Test
    void aLimitOutsideOneTo200OrABadBeforeIsABadRequest() {
        for (Object limit : new Object[] {0, 201, -1, 2.5, "10", true}) {
            Replies.assertBadRequestNaming(alice.request(json("type", "history", "list", list, "limit", limit)),
                    "limit");
        }
        Replies.assertBadRequestNaming(alice.request(json("type", "history", "list", list, "before", -1)),
                "before");
        Replies.assertBadRequestNaming(alice.request(json("type", "history")), "list");
    }

    @Test
    void historyIsForMembersOnly() {
        alice.createTask(list, "name", "secret");
        TestClient mallory = server.user("mallory");
        JsonObject real = mallory.error(json("type", "history", "list", list), "not_found");
        JsonObject missing = mallory.error(json("type", "history", "list", 9_000_000), "not_found");
        assertEquals(missing.get("message"), real.get("message"));
        assertEquals(1, history(bob).size());
    }

    @Test
    void anUpdateThatChangesNothingLeavesNoEntry() {
        JsonObject t = alice.createTask(list, "name", "Milk");
        alice.ok(json("type", "task.update", "task", id(t), "name", "Milk"));
        alice.ok(json("type", "task.move", "task", id(t), "after", null));
        assertEquals(List.of(1L), revs(history(alice)));
    }

    @Test
    void theBulkVerbsLeaveOneEntryPerTask() {
        alice.createTask(list, "name", "a");
        alice.createTask(list, "name", "b");
        alice.ok(json("type", "tasks.completeAll", "list", list, "completed", true));
        alice.ok(json("type", "tasks.clearCompleted", "list", list));
        assertEquals(List.of("deleted", "deleted", "updated", "updated", "created", "created"),
                history(alice).stream().map(e -> e.get("type").getAsString()).toList());
    }
}
