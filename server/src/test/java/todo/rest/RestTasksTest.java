package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.ServerTest;
import todo.support.TestClient;

/** /api/v1/accounts/U/tasks: the original's task routes, with ETag/If-Match and Idempotency-Key. */
class RestTasksTest extends ServerTest {
    Rest rest;
    String alice;

    @BeforeEach
    void signIn() {
        rest = new Rest(server);
        alice = rest.register("alice");
    }

    private Rest.Answer post(String fields) {
        return rest.call("POST", "accounts/alice/tasks").token(alice).form(fields).send();
    }

    @Test
    void theOriginalsFormPostWithDueDateCreatesATaskInMyTasks() {
        Rest.Answer a = post("name=Buy+milk&note=2+litres&due_date=01%2F12%2F2026+17%3A00%3A00&completed=False")
                .expect(201);
        assertEquals("posted", a.body().get("msg").getAsString());
        JsonObject t = a.task();
        assertEquals("Buy milk", t.get("name").getAsString());
        assertEquals("2026-12-01T17:00:00Z", t.get("due").getAsString());
        assertFalse(t.get("completed").getAsBoolean());
        assertEquals("/api/v1/accounts/alice/tasks/" + t.get("id").getAsLong(), a.header("Location"));
        assertEquals("\"" + t.get("rev").getAsLong() + "\"", a.header("ETag"));
        JsonObject mine = rest.get("accounts/alice/tasks", alice).expect(200).body();
        assertEquals("alice", mine.get("username").getAsString());
        assertEquals("My tasks", mine.getAsJsonObject("list").get("title").getAsString());
        assertEquals(1, mine.getAsJsonArray("tasks").size());
    }

    @Test
    void completedAcceptsOneZeroAndAnyCaseAndFiltersTheList() {
        post("name=a&completed=1").expect(201);
        post("name=b&completed=TRUE").expect(201);
        post("name=c&completed=0").expect(201);
        rest.call("POST", "accounts/alice/tasks").token(alice).json(json("name", "d", "completed", "false")).send()
                .expect(201);
        assertEquals(2, rest.get("accounts/alice/tasks?completed=true", alice).body().getAsJsonArray("tasks").size());
        assertEquals(2, rest.get("accounts/alice/tasks?completed=0", alice).body().getAsJsonArray("tasks").size());
        post("name=e&completed=maybe").expectError(400, "bad_request");
    }

    @Test
    void aBadDueIs400AndCreatesNothing() {
        Rest.Answer a = post("name=x&due_date=32/13/2026+25:00:00").expectError(400, "bad_request");
        assertTrue(a.body().get("message").getAsString().contains("due"));
        assertEquals(0, rest.get("accounts/alice/tasks", alice).body().getAsJsonArray("tasks").size());
    }

    @Test
    void taskDetailCarriesTheRevAsETag() {
        long id = post("name=x").expect(201).task().get("id").getAsLong();
        Rest.Answer a = rest.get("accounts/alice/tasks/" + id, alice).expect(200);
        assertEquals("x", a.task().get("name").getAsString());
        assertEquals("\"" + a.task().get("rev").getAsLong() + "\"", a.header("ETag"));
    }

    @Test
    void putWithTheCurrentETagUpdatesAndAStaleOneIs412WithTheCurrentTask() {
        Rest.Answer created = post("name=x").expect(201);
        String etag = created.header("ETag");
        long id = created.task().get("id").getAsLong();
        Rest.Answer updated = rest.call("PUT", "accounts/alice/tasks/" + id).token(alice).header("If-Match", etag)
                .json(json("name", "y")).send().expect(200);
        assertEquals("y", updated.task().get("name").getAsString());
        assertFalse(etag.equals(updated.header("ETag")));
        Rest.Answer stale = rest.call("PUT", "accounts/alice/tasks/" + id).token(alice).header("If-Match", etag)
                .json(json("name", "z")).send().expectError(412, "conflict");
        assertEquals("y", stale.task().get("name").getAsString());
        assertEquals("y", rest.get("accounts/alice/tasks/" + id, alice).task().get("name").getAsString());
    }

    @Test
    void deleteWithAStaleETagIs412AndWithTheCurrentOne204() {
        Rest.Answer created = post("name=x").expect(201);
        long id = created.task().get("id").getAsLong();
        String first = created.header("ETag");
        String now = rest.call("PUT", "accounts/alice/tasks/" + id).token(alice).json(json("completed", true)).send()
                .expect(200).header("ETag");
        rest.call("DELETE", "accounts/alice/tasks/" + id).token(alice).header("If-Match", first).send()
                .expectError(412, "conflict");
        rest.call("DELETE", "accounts/alice/tasks/" + id).token(alice).header("If-Match", now).send().expect(204);
        rest.get("accounts/alice/tasks/" + id, alice).expectError(404, "not_found");
    }

    @Test
    void aMalformedIfMatchIs400() {
        long id = post("name=x").expect(201).task().get("id").getAsLong();
        rest.call("PUT", "accounts/alice/tasks/" + id).token(alice).header("If-Match", "12")
                .json(json("name", "y")).send().expectError(400, "bad_request");
        assertEquals("x", rest.get("accounts/alice/tasks/" + id, alice).task().get("name").getAsString());
    }

    @Test
    void theSameIdempotencyKeyCreatesOneTask() {
        Rest.Answer first = rest.call("POST", "accounts/alice/tasks").token(alice).header("Idempotency-Key", "k-1")
                .form("name=once").send().expect(201);
        Rest.Answer again = rest.call("POST", "accounts/alice/tasks").token(alice).header("Idempotency-Key", "k-1")
                .form("name=once").send().expect(201);
        assertEquals(first.task().get("id"), again.task().get("id"));
        assertEquals(1, rest.get("accounts/alice/tasks", alice).body().getAsJsonArray("tasks").size());
    }

    @Test
    void anotherUsersTasksPathIs403() {
        rest.register("bob");
        rest.get("accounts/bob/tasks", alice).expectError(403, "forbidden");
        rest.call("POST", "accounts/bob/tasks").token(alice).form("name=x").send().expectError(403, "forbidden");
    }

    @Test
    void theUsernameInThePathIgnoresCase() {
        post("name=x").expect(201);
        assertEquals(1, rest.get("accounts/ALICE/tasks", alice).expect(200).body().getAsJsonArray("tasks").size());
    }

    @Test
    void aTaskInAListIAmNotAMemberOfIs404() {
        String bob = rest.register("bob");
        long id = rest.call("POST", "accounts/bob/tasks").token(bob).form("name=secret").send().expect(201)
                .task().get("id").getAsLong();
        rest.get("accounts/alice/tasks/" + id, alice).expectError(404, "not_found");
        rest.call("PUT", "accounts/alice/tasks/" + id).token(alice).json(json("name", "mine")).send()
                .expectError(404, "not_found");
        rest.call("DELETE", "accounts/alice/tasks/" + id).token(alice).send().expectError(404, "not_found");
        assertEquals("secret", rest.get("accounts/bob/tasks/" + id, bob).task().get("name").getAsString());
    }

    @Test
    void aTaskInASharedListIsReachableThroughMyPathAndListParameter() {
        String bob = rest.register("bob");
        long list = rest.call("POST", "lists").token(bob).json(json("title", "Shared")).send().expect(201).body()
                .getAsJsonObject("list").get("id").getAsLong();
        rest.call("POST", "lists/" + list + "/members").token(bob).json(json("username", "alice")).send().expect(200);
        long id = rest.call("POST", "accounts/alice/tasks?list=" + list).token(alice).form("name=together").send()
                .expect(201).task().get("id").getAsLong();
        assertEquals("together", rest.get("accounts/bob/tasks/" + id, bob).task().get("name").getAsString());
        JsonObject shared = rest.get("accounts/alice/tasks?list=" + list, alice).expect(200).body();
        assertEquals("Shared", shared.getAsJsonObject("list").get("title").getAsString());
        assertEquals(1, shared.getAsJsonArray("tasks").size());
    }

    @Test
    void taskReadsAnswerInTheListsOrderAfterAMove() {
        long a = post("name=a").expect(201).task().get("id").getAsLong();
        long b = post("name=b").expect(201).task().get("id").getAsLong();
        long c = post("name=c").expect(201).task().get("id").getAsLong();
        try (TestClient ws = server.auth(alice)) {
            ws.ok(json("type", "task.move", "task", c, "after", null));
        }
        JsonObject mine = rest.get("accounts/alice/tasks", alice).expect(200).body();
        assertEquals(List.of(c, a, b), Json.ids(mine.getAsJsonArray("tasks")).stream().toList());
        long list = mine.getAsJsonObject("list").get("id").getAsLong();
        JsonObject ofList = rest.get("lists/" + list + "/tasks", alice).expect(200).body();
        assertEquals(List.of(c, a, b), Json.ids(ofList.getAsJsonArray("tasks")).stream().toList());
    }
}
