package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.id;
import static todo.support.Json.rev;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.Json;
import todo.support.Replies;
import todo.support.SignedInTest;
import todo.support.TestClient;

/** Task order: positions, new tasks at the bottom, {@code task.move}, and convergence under concurrent moves. */
class TaskOrderTest extends SignedInTest {
    /** A list's order, as clients must sort: position, then id, in byte order (ASCII keys: String order). */
    static final Comparator<JsonObject> ORDER = Comparator.<JsonObject, String>comparing(t -> t.get("position")
            .getAsString()).thenComparingLong(Json::id);

    /** Thousands of pipelined moves: no rate limit. */
    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    private long[] create(String... names) {
        long[] ids = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = id(alice.createTask(list, "name", names[i]));
        }
        return ids;
    }

    private List<Long> order(TestClient c) {
        return c.tasks(list).stream().map(Json::id).toList();
    }

    private JsonObject move(TestClient c, long task, String side, Long neighbour) {
        return c.ok(json("type", "task.move", "task", task, side, neighbour)).getAsJsonObject("task");
    }

    private static List<Long> ids(long... ids) {
        List<Long> out = new ArrayList<>();
        for (long id : ids) out.add(id);
        return out;
    }

    @Test
    void everyTaskHasAPositionAndNewTasksGoToTheBottom() {
        List<JsonObject> made = new ArrayList<>();
        for (String n : List.of("one", "two", "three")) {
            made.add(alice.createTask(list, "name", n));
        }
        for (int i = 0; i < made.size(); i++) {
            String p = made.get(i).get("position").getAsString();
            assertFalse(p.isEmpty());
            if (i > 0) assertTrue(made.get(i - 1).get("position").getAsString().compareTo(p) < 0, "bottom: " + made);
        }
        assertEquals(made, alice.tasks(list));
    }

    @Test
    void tasksAndSubscribeAnswerInTheListsOrderNotByIdAfterMoves() {
        long[] t = create("a", "b", "c", "d");
        move(alice, t[3], "after", null);
        move(alice, t[0], "before", null);
        move(alice, t[1], "before", t[3]);
        List<Long> expected = ids(t[1], t[3], t[2], t[0]);
        assertEquals(expected, order(alice));
        assertEquals(expected, Json.objects(alice.subscribe(list).getAsJsonArray("tasks")).stream().map(Json::id).toList());
        assertEquals(expected, alice.tasks(list, "completed", false).stream().map(Json::id).toList());
    }

    @Test
    void aMoveRightAfterATaskPutsItThereWithOneRevAndATaskUpdatedEvent() {
        long[] t = create("a", "b", "c");
        alice.subscribe(list);
        long before = rev(alice.list(list));
        JsonObject moved = move(alice, t[2], "after", t[0]);
        assertEquals(ids(t[0], t[2], t[1]), order(alice));
        assertEquals(before + 1, rev(moved));
        assertEquals(before + 1, rev(alice.list(list)));
        JsonObject e = alice.awaitEvent("task.updated");
        assertEquals(List.of("position"), Json.strings(e.getAsJsonArray("changed")));
        assertEquals(moved, e.getAsJsonObject("task"));
        assertEquals(before + 1, rev(e));
        assertEquals("alice", e.get("by").getAsString());
    }

    @Test
    void afterNullIsTheTopAndBeforeNullIsTheBottom() {
        long[] t = create("a", "b", "c");
        move(alice, t[2], "after", null);
        assertEquals(ids(t[2], t[0], t[1]), order(alice));
        move(alice, t[2], "before", null);
        assertEquals(ids(t[0], t[1], t[2]), order(alice));
        move(alice, t[1], "before", t[0]);
        assertEquals(ids(t[1], t[0], t[2]), order(alice));
    }

    @Test
    void aMoveOntoItsOwnPlaceChangesNothingAndSendsNothing() {
        long[] t = create("a", "b", "c");
        alice.subscribe(list);
        long rev = rev(alice.list(list));
        JsonObject b = alice.ok(json("type", "task.get", "task", t[1])).getAsJsonObject("task");
        assertEquals(b, move(alice, t[1], "after", t[0]));
        assertEquals(b, move(alice, t[1], "before", t[2]));
        assertEquals(b, move(alice, t[1], "after", t[1]));
        JsonObject a = alice.ok(json("type", "task.get", "task", t[0])).getAsJsonObject("task");
        assertEquals(a, move(alice, t[0], "after", null));
        alice.settle();
        assertTrue(alice.events("task.updated").isEmpty(), "no event: " + alice.events());
        assertEquals(rev, rev(alice.list(list)));
        assertEquals(ids(t), order(alice));
    }

    @Test
    void aMoveNeedsExactlyOneOfAfterAndBefore() {
        long[] t = create("a", "b");
        long rev = rev(alice.list(list));
        Replies.assertBadRequestNaming(alice.request(json("type", "task.move", "task", t[0], "after", t[1],
                "before", null)), "after");
        Replies.assertBadRequestNaming(alice.request(json("type", "task.move", "task", t[0])), "after");
        Replies.assertBadRequestNaming(alice.request(json("type", "task.move", "task", t[0], "after", "x")), "after");
        assertEquals(rev, rev(alice.list(list)));
        assertEquals(ids(t), order(alice));
    }

    @Test
    void aNeighbourInAnotherListIsABadRequestAndOneYouCannotSeeIsNotFound() {
        long[] t = create("a", "b");
        long other = alice.createList("Other");
        long elsewhere = id(alice.createTask(other, "name", "elsewhere"));
        TestClient bob = server.user("bob");
        long bobs = id(bob.createTask(bob.firstList(), "name", "bob's"));
        alice.error(json("type", "task.move", "task", t[0], "after", elsewhere), "bad_request");
        alice.error(json("type", "task.move", "task", t[0], "before", bobs), "not_found");
        alice.error(json("type", "task.move", "task", t[0], "before", 9_000_000), "not_found");
        alice.error(json("type", "task.move", "task", bobs, "after", null), "not_found");
        assertEquals(ids(t), order(alice));
    }

    @Test
    void aMoveWithAStaleIfRevIsAConflictCarryingTheTask() {
        long[] t = create("a", "b");
        JsonObject a = alice.ok(json("type", "task.update", "task", t[0], "name", "A")).getAsJsonObject("task");
        JsonObject reply = alice.error(json("type", "task.move", "task", t[0], "before", null, "ifRev", rev(a) - 1),
                "conflict");
        assertEquals(a, reply.getAsJsonObject("task"));
        move(alice, t[0], "before", null);
        assertEquals(ids(t[1], t[0]), order(alice));
    }

    /** Applies a subscriber's snapshot and task events, as a client must; answers the ids in order. */
    private static List<Long> applied(JsonObject snapshot, List<JsonObject> events) {
        Map<Long, JsonObject> tasks = new HashMap<>();
        Json.objects(snapshot.getAsJsonArray("tasks")).forEach(t -> tasks.put(id(t), t));
        long rev = rev(snapshot);
        for (JsonObject e : events) {
            if (!e.has("rev")) continue;
            assertEquals(++rev, rev(e), "gap-free revs");
            JsonObject t = e.getAsJsonObject("task");
            if (e.get("type").getAsString().equals("task.deleted")) tasks.remove(id(t));
            else tasks.put(id(t), t);
        }
        return tasks.values().stream().sorted(ORDER).map(Json::id).toList();
    }

    @Test
    void twoClientsMovingTheSameAndNeighbouringTasksAtOnceConvergeOnTheOrderOfAFreshSubscribe() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        long[] t = create("a", "b", "c", "d", "e", "f");
        JsonObject aliceSnap = alice.subscribe(list);
        JsonObject bobSnap = bob.subscribe(list);
        Random random = new Random(7);
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            for (TestClient c : List.of(alice, bob)) {
                // Mostly the same two tasks and their neighbours, so the moves really collide.
                long task = t[random.nextInt(3)];
                long neighbour = t[random.nextInt(t.length)];
                String side = random.nextBoolean() ? "after" : "before";
                replies.add(c.send(json("type", "task.move", "task", task, side,
                        random.nextInt(8) == 0 ? null : neighbour)));
            }
        }
        TestClient.okReplies(replies);
        JsonObject fresh = alice.subscribe(list);
        long finalRev = rev(fresh);
        alice.settle();
        bob.settle();
        List<Long> expected = Json.objects(fresh.getAsJsonArray("tasks")).stream().map(Json::id).toList();
        assertEquals(6, expected.size());
        List<JsonObject> aliceEvents = alice.events().stream().filter(e -> e.has("rev") && rev(e) <= finalRev).toList();
        List<JsonObject> bobEvents = bob.events().stream().filter(e -> e.has("rev")).toList();
        assertEquals(expected, applied(aliceSnap, aliceEvents), "alice's events");
        assertEquals(expected, applied(bobSnap, bobEvents), "bob's events");
        assertEquals(expected, order(bob));
    }

    @Test
    void thousandsOfMovesAtOneSpotKeepPositionsShort() {
        long[] t = create("top", "a", "b", "c", "d", "bottom");
        int moves = 3000;
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < moves; i++) {
            // Each lands right after "top", before the one moved just before it: always the same spot.
            replies.add(alice.send(json("type", "task.move", "task", t[1 + i % 4], "after", t[0])));
        }
        TestClient.okReplies(replies);
        for (int i = 0; i < moves; i++) {
            replies.add(alice.send(json("type", "task.move", "task", t[1 + i % 4], "before", t[5])));
        }
        TestClient.okReplies(replies);
        List<JsonObject> tasks = alice.tasks(list);
        int longest = tasks.stream().mapToInt(x -> x.get("position").getAsString().length()).max().orElseThrow();
        // Positions.between's bound: a neighbour's length ("a0".."a5": 2) + 2 + base-62 digits of 3000 (2).
        assertTrue(longest <= 6, "longest position " + longest + ": " + tasks);
        // The last four moved before "bottom" are in the order they were moved.
        assertEquals(ids(t[0], t[1], t[2], t[3], t[4], t[5]), order(alice));
    }
}
