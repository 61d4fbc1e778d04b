package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.ServerTest;
import todo.support.TestClient;

/** REST and WebSocket are two doors to the same verbs: a change through one is seen at once through the other. */
class RestLiveTest extends ServerTest {
    Rest rest;
    TestClient alice;
    long list;

    @BeforeEach
    void signIn() {
        rest = new Rest(server);
        alice = server.user("alice");
        list = alice.createList("Groceries");
    }

    @Test
    void aTaskPostedOverRestReachesAWebSocketSubscriberWithItsAuthorAndTheNextRev() {
        rest.register("bob");
        alice.share(list, "bob");
        long rev = alice.subscribe(list).get("rev").getAsLong();
        String bob = rest.login("bob");

        JsonObject posted = rest.call("POST", "accounts/bob/tasks?list=" + list).token(bob).form("name=Oat+milk")
                .send().expect(201).task();

        JsonObject event = alice.awaitEvent("task.created");
        assertEquals("bob", event.get("by").getAsString());
        assertEquals(rev + 1, Json.rev(event));
        assertEquals(posted, event.getAsJsonObject("task"));
    }

    @Test
    void restUpdatesAndDeletesAreBroadcastToo() {
        String token = rest.login("alice");
        long id = Json.id(alice.createTask(list, "name", "milk"));
        long rev = alice.subscribe(list).get("rev").getAsLong();
        rest.call("PUT", "lists/" + list + "/tasks").token(token).send().expect(405);
        rest.call("PUT", "accounts/alice/tasks/" + id).token(token).json(json("completed", true)).send().expect(200);
        rest.call("DELETE", "accounts/alice/tasks/" + id).token(token).send().expect(204);
        JsonObject updated = alice.awaitEvent("task.updated");
        JsonObject deleted = alice.awaitEvent("task.deleted");
        assertEquals(rev + 1, Json.rev(updated));
        assertEquals(rev + 2, Json.rev(deleted));
        assertEquals("alice", deleted.get("by").getAsString());
    }

    @Test
    void aWebSocketChangeIsVisibleToARestReadRightAfterItsAck() {
        String token = rest.login("alice");
        for (int i = 0; i < 5; i++) {
            JsonObject t = alice.createTask(list, "name", "task " + i);
            JsonObject read = rest.get("accounts/alice/tasks/" + Json.id(t), token).expect(200).task();
            assertEquals(t, read);
            assertEquals(i + 1, rest.get("lists/" + list + "/tasks", token).body().getAsJsonArray("tasks").size());
        }
    }

    @Test
    void aListSharedOverRestIsAnnouncedToTheNewMembersWebSocket() {
        TestClient bob = server.user("bob");
        String token = rest.login("alice");
        rest.call("POST", "lists/" + list + "/members").token(token).json(json("username", "bob")).send().expect(200);
        assertEquals(list, Json.id(bob.awaitEvent("list.added").getAsJsonObject("list")));
    }
}
