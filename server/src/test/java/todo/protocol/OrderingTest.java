package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;
import static todo.support.TestClient.okReplies;
import static todo.support.TestClient.reply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.Json;
import todo.support.SignedInTest;
import todo.support.TestClient;

/** Per-connection ordering: replies in request order, reads see earlier writes, replies before their events. */
class OrderingTest extends SignedInTest {
    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    /** The position in {@code c.frames()} of the reply with this {@code re}. */
    private static int replyAt(List<JsonObject> frames, String re) {
        for (int i = 0; i < frames.size(); i++) {
            if (re.equals(Json.re(frames.get(i)))) return i;
        }
        throw new AssertionError("no reply " + re);
    }

    /** The position of the task event of {@code type} with {@code rev}. */
    private static int eventAt(List<JsonObject> frames, String type, long rev) {
        for (int i = 0; i < frames.size(); i++) {
            JsonObject f = frames.get(i);
            if (!f.has("re") && f.get("type").getAsString().equals(type) && f.get("rev").getAsLong() == rev) return i;
        }
        throw new AssertionError("no " + type + " rev " + rev + " in " + frames);
    }

    @Test
    void twoHundredPipelinedRequestsAreAnsweredInRequestOrder() {
        long t = Json.id(alice.createTask(list, "name", "seed"));
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JsonObject req = switch (i % 4) {
                case 0 -> json("type", "task.create", "list", list, "name", "t" + i);
                case 1 -> json("type", "task.update", "task", t, "note", "n" + i);
                case 2 -> json("type", "tasks", "list", list);
                default -> json("type", "task.get", "task", t);
            };
            fs.add(alice.send(req));
        }
        List<String> sent = okReplies(fs).stream().map(Json::re).toList();
        Set<String> ours = new HashSet<>(sent);
        List<String> arrived = alice.frames().stream()
                .filter(f -> ours.contains(Json.re(f)))
                .map(Json::re).toList();
        assertEquals(sent, arrived);
    }

    @Test
    void eachPipelinedReadSeesEveryWriteSentBeforeIt() {
        long t = Json.id(alice.createTask(list, "name", "seed"));
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        List<Integer> createsBefore = new ArrayList<>();
        List<String> lastNoteBefore = new ArrayList<>();
        int creates = 1;
        String note = "";
        for (int i = 0; i < 200; i++) {
            JsonObject req;
            switch (i % 4) {
                case 0 -> {
                    req = json("type", "task.create", "list", list, "name", "t" + i);
                    creates++;
                }
                case 1 -> {
                    note = "n" + i;
                    req = json("type", "task.update", "task", t, "note", note);
                }
                case 2 -> req = json("type", "tasks", "list", list);
                default -> req = json("type", "task.get", "task", t);
            }
            createsBefore.add(creates);
            lastNoteBefore.add(note);
            fs.add(alice.send(req));
        }
        List<JsonObject> replies = okReplies(fs);
        for (int i = 0; i < replies.size(); i++) {
            JsonObject r = replies.get(i);
            if (i % 4 == 2) {
                assertEquals((int) createsBefore.get(i), r.getAsJsonArray("tasks").size(), "tasks read #" + i);
                JsonObject seed = r.getAsJsonArray("tasks").asList().stream().map(JsonElement::getAsJsonObject)
                        .filter(x -> x.get("id").getAsLong() == t).findFirst().orElseThrow();
                assertEquals(lastNoteBefore.get(i), seed.get("note").getAsString(), "tasks read #" + i);
            } else if (i % 4 == 3) {
                assertEquals(lastNoteBefore.get(i), r.getAsJsonObject("task").get("note").getAsString(), "get #" + i);
            }
        }
    }

    @Test
    void aReadPipelinedRightBehindManyCreatesSeesThemAll() {
        int n = 150;
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i)));
        }
        CompletableFuture<JsonObject> read = alice.send(json("type", "tasks", "list", list));
        CompletableFuture<JsonObject> open = alice.send(json("type", "tasks", "list", list, "completed", false));
        Set<Long> created = new HashSet<>();
        okReplies(fs).forEach(r -> created.add(r.getAsJsonObject("task").get("id").getAsLong()));
        Set<Long> seen = new HashSet<>();
        reply(read).getAsJsonArray("tasks").forEach(x -> seen.add(x.getAsJsonObject().get("id").getAsLong()));
        assertEquals(created, seen);
        assertEquals(n, reply(open).getAsJsonArray("tasks").size());
    }

    @Test
    void pipelinedRequestsRightBehindRegisterRunAsTheNewUser() {
        TestClient c = server.connect();
        CompletableFuture<JsonObject> reg = c.send(json("type", "register", "username", "carol", "password", "password-carol"));
        CompletableFuture<JsonObject> lists = c.send(json("type", "lists"));
        CompletableFuture<JsonObject> created = c.send(json("type", "list.create", "title", "Carol's"));
        assertTrue(reply(reg).get("ok").getAsBoolean());
        JsonObject l = reply(lists);
        assertTrue(l.get("ok").getAsBoolean(), l.toString());
        assertEquals("carol", l.getAsJsonArray("lists").get(0).getAsJsonObject().get("owner").getAsString());
        assertEquals("carol", reply(created).getAsJsonObject("list").get("owner").getAsString());
    }

    @Test
    void aProfileGetPipelinedBehindProfileUpdateSeesTheNewEmail() {
        CompletableFuture<JsonObject> update = alice.send(json("type", "profile.update",
                "email", "alice@example.com", "currentPassword", "password-alice"));
        CompletableFuture<JsonObject> profile = alice.send(json("type", "profile.get"));
        assertTrue(reply(update).get("ok").getAsBoolean());
        assertEquals("alice@example.com", reply(profile).getAsJsonObject("user").get("email").getAsString());
    }

    @Test
    void pipelinedProfileUpdatesTakeEffectInTheOrderSent() {
        List<CompletableFuture<JsonObject>> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            updates.add(alice.send(json("type", "profile.update",
                    "email", "alice" + i + "@example.com", "currentPassword", "password-alice")));
        }
        okReplies(updates);
        assertEquals("alice19@example.com",
                alice.ok(json("type", "profile.get")).getAsJsonObject("user").get("email").getAsString());
    }

    @Test
    void theSenderGetsEachReplyBeforeTheEventsItCaused() {
        alice.subscribe(list);
        CompletableFuture<JsonObject> c1 = alice.send(json("type", "task.create", "list", list, "name", "a"));
        CompletableFuture<JsonObject> c2 = alice.send(json("type", "task.create", "list", list, "name", "b"));
        long a = reply(c1).getAsJsonObject("task").get("id").getAsLong();
        CompletableFuture<JsonObject> up = alice.send(json("type", "task.update", "task", a, "name", "a2"));
        CompletableFuture<JsonObject> all = alice.send(json("type", "tasks.completeAll", "list", list, "completed", true));
        CompletableFuture<JsonObject> del = alice.send(json("type", "task.delete", "task", a));
        CompletableFuture<JsonObject> clear = alice.send(json("type", "tasks.clearCompleted", "list", list));
        reply(clear);
        // revs: 1 create a, 2 create b, 3 update a, 4-5 complete a and b, 6 delete a, 7 clear b
        alice.awaitEvents("task.deleted", 2);
        List<JsonObject> frames = alice.frames();
        assertTrue(replyAt(frames, Json.re(reply(c1))) < eventAt(frames, "task.created", 1));
        assertTrue(replyAt(frames, Json.re(reply(c2))) < eventAt(frames, "task.created", 2));
        assertTrue(replyAt(frames, Json.re(reply(up))) < eventAt(frames, "task.updated", 3));
        assertTrue(replyAt(frames, Json.re(reply(all))) < eventAt(frames, "task.updated", 4));
        assertTrue(replyAt(frames, Json.re(reply(all))) < eventAt(frames, "task.updated", 5));
        assertTrue(replyAt(frames, Json.re(reply(del))) < eventAt(frames, "task.deleted", 6));
        assertTrue(replyAt(frames, Json.re(reply(clear))) < eventAt(frames, "task.deleted", 7));
    }

    @Test
    void theSenderGetsItsReplyBeforeItsEventEvenWhenFlooding() {
        alice.subscribe(list);
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i)));
        }
        List<JsonObject> replies = okReplies(fs);
        alice.awaitEvents("task.created", 200);
        List<JsonObject> frames = alice.frames();
        for (JsonObject r : replies) {
            long rev = r.getAsJsonObject("task").get("rev").getAsLong();
            assertTrue(replyAt(frames, Json.re(r)) < eventAt(frames, "task.created", rev), "rev " + rev);
        }
    }

    @Test
    void theReplyToSubscribeComesBeforeThePresenceItCauses() {
        JsonObject r = alice.subscribe(list);
        alice.awaitEvent("presence");
        List<JsonObject> frames = alice.frames();
        int presenceAt = -1;
        for (int i = 0; i < frames.size(); i++) {
            if ("presence".equals(frames.get(i).has("type") ? frames.get(i).get("type").getAsString() : null)) {
                presenceAt = i;
                break;
            }
        }
        assertTrue(replyAt(frames, Json.re(r)) < presenceAt);
    }
}
