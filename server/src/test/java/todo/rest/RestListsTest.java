package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;

/** /api/v1/lists: lists, sharing and the list's tasks; members only, with no hint to anyone else. */
class RestListsTest extends ServerTest {
    Rest rest;
    String alice;
    long list;

    @BeforeEach
    void signIn() {
        rest = new Rest(server);
        alice = rest.register("alice");
        Rest.Answer a = rest.call("POST", "lists").token(alice).json(json("title", "Groceries")).send().expect(201);
        list = a.body().getAsJsonObject("list").get("id").getAsLong();
        assertEquals("/api/v1/lists/" + list, a.header("Location"));
    }

    private Rest.Answer addTask(String name) {
        return rest.call("POST", "lists/" + list + "/tasks").token(alice).json(json("name", name)).send();
    }

    @Test
    void listsAnswersEveryListIAmAMemberOf() {
        assertEquals(2, rest.get("lists", alice).expect(200).body().getAsJsonArray("lists").size());
        assertEquals("Groceries", rest.get("lists/" + list, alice).expect(200).body().getAsJsonObject("list")
                .get("title").getAsString());
    }

    @Test
    void renameAnswersTheListAndAnEmptyTitleIs400() {
        assertEquals("Food", rest.call("PUT", "lists/" + list).token(alice).json(json("title", "Food")).send()
                .expect(200).body().getAsJsonObject("list").get("title").getAsString());
        rest.call("PUT", "lists/" + list).token(alice).json(json("title", " ")).send().expectError(400, "bad_request");
    }

    @Test
    void deleteIs204ForTheOwnerAnd403ForAMember() {
        String bob = rest.register("bob");
        rest.call("POST", "lists/" + list + "/members").token(alice).form("username=bob").send().expect(200);
        rest.call("DELETE", "lists/" + list).token(bob).send().expectError(403, "forbidden");
        rest.call("DELETE", "lists/" + list).token(alice).send().expect(204);
        rest.get("lists/" + list, alice).expectError(404, "not_found");
    }

    @Test
    void shareAndUnshareAnswerTheListAndAMemberMayLeave() {
        rest.register("bob");
        String carol = rest.register("carol");
        JsonObject shared = rest.call("POST", "lists/" + list + "/members").token(alice).json(json("username", "bob"))
                .send().expect(200).body().getAsJsonObject("list");
        assertEquals(List.of("alice", "bob"), members(shared));
        rest.call("POST", "lists/" + list + "/members").token(alice).json(json("username", "carol")).send().expect(200);
        JsonObject after = rest.call("DELETE", "lists/" + list + "/members/bob").token(alice).send().expect(200).body()
                .getAsJsonObject("list");
        assertEquals(List.of("alice", "carol"), members(after));
        rest.call("DELETE", "lists/" + list + "/members/carol").token(carol).send().expect(200);
        rest.get("lists/" + list, carol).expectError(404, "not_found");
        rest.call("POST", "lists/" + list + "/members").token(alice).json(json("username", "nobody")).send()
                .expectError(404, "not_found");
    }

    @Test
    void shareTakesARoleAndPutOnAMemberChangesItForTheOwnerOnly() {
        String bob = rest.register("bob");
        JsonObject shared = rest.call("POST", "lists/" + list + "/members").token(alice).form("username=bob&role=viewer")
                .send().expect(200).body().getAsJsonObject("list");
        assertEquals(json("alice", "owner", "bob", "viewer"), shared.getAsJsonObject("roles"));
        rest.call("POST", "lists/" + list + "/tasks").token(bob).json(json("name", "x")).send()
                .expectError(403, "forbidden");

        rest.call("PUT", "lists/" + list + "/members/bob").token(bob).json(json("role", "editor")).send()
                .expectError(403, "forbidden");
        rest.call("PUT", "lists/" + list + "/members/alice").token(alice).json(json("role", "viewer")).send()
                .expectError(400, "bad_request");
        rest.call("PUT", "lists/" + list + "/members/bob").token(alice).json(json("role", "admin")).send()
                .expectError(400, "bad_request");
        rest.call("PUT", "lists/" + list + "/members/carol").token(alice).json(json("role", "editor")).send()
                .expectError(404, "not_found");
        JsonObject changed = rest.call("PUT", "lists/" + list + "/members/bob").token(alice).form("role=editor").send()
                .expect(200).body().getAsJsonObject("list");
        assertEquals(json("alice", "owner", "bob", "editor"), changed.getAsJsonObject("roles"));
        rest.call("POST", "lists/" + list + "/tasks").token(bob).json(json("name", "x")).send().expect(201);
    }

    @Test
    void listTasksCreateFilterCompleteAllAndClearCompleted() {
        Rest.Answer created = addTask("milk").expect(201);
        assertTrue(created.header("Location").endsWith("/tasks/" + created.task().get("id").getAsLong()));
        assertEquals("\"" + created.task().get("rev").getAsLong() + "\"", created.header("ETag"));
        addTask("eggs").expect(201);
        assertEquals(2, rest.get("lists/" + list + "/tasks", alice).expect(200).body().getAsJsonArray("tasks").size());
        JsonObject all = rest.call("POST", "lists/" + list + "/complete-all").token(alice).form("completed=true").send()
                .expect(200).body();
        assertEquals(2, all.getAsJsonArray("tasks").size());
        assertEquals(2, rest.get("lists/" + list + "/tasks?completed=true", alice).body().getAsJsonArray("tasks").size());
        assertEquals(0, rest.get("lists/" + list + "/tasks?completed=false", alice).body().getAsJsonArray("tasks").size());
        JsonObject cleared = rest.call("POST", "lists/" + list + "/clear-completed").token(alice).send().expect(200)
                .body();
        assertEquals(2, cleared.getAsJsonArray("deleted").size());
        assertEquals(0, rest.get("lists/" + list + "/tasks", alice).body().getAsJsonArray("tasks").size());
    }

    @Test
    void aNonMemberGets404ForEverythingAboutAListAndNothingChanges() {
        long task = addTask("secret").expect(201).task().get("id").getAsLong();
        String bob = rest.register("bob");
        Rest.Answer[] answers = {
            rest.get("lists/" + list, bob),
            rest.call("PUT", "lists/" + list).token(bob).json(json("title", "mine")).send(),
            rest.call("DELETE", "lists/" + list).token(bob).send(),
            rest.call("POST", "lists/" + list + "/members").token(bob).json(json("username", "bob")).send(),
            rest.call("DELETE", "lists/" + list + "/members/alice").token(bob).send(),
            rest.get("lists/" + list + "/tasks", bob),
            rest.call("POST", "lists/" + list + "/tasks").token(bob).json(json("name", "x")).send(),
            rest.call("POST", "lists/" + list + "/complete-all").token(bob).json(json("completed", true)).send(),
            rest.call("POST", "lists/" + list + "/clear-completed").token(bob).send(),
            rest.get("accounts/bob/tasks?list=" + list, bob),
            rest.call("POST", "accounts/bob/tasks?list=" + list).token(bob).form("name=x").send(),
            rest.get("accounts/bob/tasks/" + task, bob),
        };
        JsonObject noSuchList = rest.get("lists/99999", bob).expectError(404, "not_found").body();
        for (int i = 0; i < answers.length - 1; i++) {
            assertEquals(noSuchList, answers[i].expect(404).body(), "answer " + i + " must be the same as for no list");
        }
        assertEquals(rest.get("accounts/bob/tasks/99999", bob).expectError(404, "not_found").body(),
                answers[answers.length - 1].expect(404).body());
        JsonObject seen = rest.get("lists/" + list, alice).body().getAsJsonObject("list");
        assertEquals("Groceries", seen.get("title").getAsString());
        assertEquals(List.of("alice"), members(seen));
        assertEquals(1, rest.get("lists/" + list + "/tasks", alice).body().getAsJsonArray("tasks").size());
    }

    private static List<String> members(JsonObject list) {
        return list.getAsJsonArray("members").asList().stream().map(e -> e.getAsString()).toList();
    }
}
