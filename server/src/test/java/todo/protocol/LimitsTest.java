package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Replies.assertBadRequestNaming;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import todo.support.FrameClient;
import todo.support.Json;
import todo.support.ServerTest;
import todo.support.TestClient;
import todo.support.TestServer;

/** The limits that protect the server: message size, request rate, field lengths. */
class LimitsTest extends ServerTest {
    private static final int MAX_MESSAGE = 64 * 1024;

    private TestServer startWithRate(int rate) throws Exception {
        return anotherServer("rate-" + rate, c -> c.withMaxRate(rate));
    }

    /** A request of exactly {@code bytes} UTF-8 bytes: {@code request} plus an ignored "pad" field. */
    private static String padded(JsonObject request, int bytes) {
        JsonObject r = request.deepCopy();
        r.addProperty("pad", "");
        int base = r.toString().getBytes(StandardCharsets.UTF_8).length;
        r.addProperty("pad", "x".repeat(bytes - base));
        String text = r.toString();
        assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
        return text;
    }

    /** Opens a bare client and sends a ping padded to {@code fragments}, the last ending the message if {@code finish}. */
    private FrameClient sendPingInFragments(boolean finish, String... fragments) throws Exception {
        FrameClient c = FrameClient.open(server.wsUrl());
        c.sendFragment("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + fragments[0], false);
        for (int i = 1; i < fragments.length; i++) {
            boolean last = i == fragments.length - 1;
            c.sendFragment(last && finish ? fragments[i] + "\"}" : fragments[i], last && finish);
        }
        return c;
    }

    // ---- message size --------------------------------------------------------------------------------------

    @Test
    void aMessageOfExactly64KiBIsAnswered() {
        TestClient c = server.connect();
        c.sendRaw(padded(json("type", "ping", "id", "big"), MAX_MESSAGE));
        JsonObject r = c.awaitReply("big");
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(c.isOpen());
    }

    @Test
    void aTaskCreateOfExactly64KiBWithALongNoteIsCarriedOut() {
        TestClient c = server.user("alice");
        long list = c.firstList();
        String note = "😀".repeat(10_000);
        c.sendRaw(padded(json("type", "task.create", "id", "near", "list", list, "name", "big", "note", note),
                MAX_MESSAGE));
        JsonObject r = c.awaitReply("near");
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        assertEquals(note, r.getAsJsonObject("task").get("note").getAsString());
    }

    @Test
    void aMessageOneByteOver64KiBInOneFrameClosesTheConnectionWith1009() {
        TestClient c = server.connect();
        c.sendRaw(padded(json("type", "ping", "id", "big"), MAX_MESSAGE + 1));
        assertEquals(1009, c.awaitClose());
        assertTrue(c.frames().isEmpty(), "no reply to an oversized message: " + c.frames());
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() {
        TestClient c = server.connect();
        String text = "{\"type\":\"ping\",\"pad\":\"" + "€".repeat(22_000) + "\"}";
        assertTrue(text.length() < MAX_MESSAGE);
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE);
        c.sendRaw(text);
        assertEquals(1009, c.awaitClose());
    }

    @Test
    void aClientClosedFor1009DoesNotDisturbOtherConnections() {
        TestClient bystander = server.user("bob");
        TestClient c = server.connect();
        c.sendRaw(padded(json("type", "ping"), MAX_MESSAGE + 1));
        assertEquals(1009, c.awaitClose());
        assertTrue(bystander.isOpen());
        bystander.ok(json("type", "ping"));
        server.connect().ok(json("type", "ping"));
    }

    @Test
    void fragmentsAddingUpToOver64KiBCloseTheConnectionWith1009() throws Exception {
        String chunk = "x".repeat(20 * 1024);
        FrameClient c = sendPingInFragments(true, chunk, chunk, chunk, chunk);
        try {
            assertEquals(1009, c.awaitClose());
            assertTrue(c.messages.isEmpty(), c.messages.toString());
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void fragmentsPassing64KiBCloseWith1009EvenBeforeTheMessageIsFinished() throws Exception {
        String chunk = "x".repeat(20 * 1024);
        FrameClient c = sendPingInFragments(false, chunk, chunk, chunk, chunk, chunk);
        try {
            assertEquals(1009, c.awaitClose());
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void fragmentsAddingUpToUnder64KiBAreAnsweredAsOneMessage() throws Exception {
        String chunk = "x".repeat(20 * 1024);
        FrameClient c = sendPingInFragments(true, chunk, chunk, chunk);
        try {
            JsonObject r = c.awaitJson(0);
            assertTrue(r.get("ok").getAsBoolean(), r.toString());
            assertEquals(1, r.get("re").getAsInt());
            assertTrue(c.isOpen());
        } finally {
            c.closeBlocking();
        }
    }

    // ---- request rate --------------------------------------------------------------------------------------

    /*
     * Floods many times the burst, so that some requests are limited even if a loaded machine takes seconds to
     * read them (the bucket refills meanwhile): 150 at 5/s is a burst of 10 plus 28 s of refill.
     */
    private static final int FLOOD_AT_RATE_5 = 150;
    /** A burst of 200 plus 18 s of refill at the default 100/s. */
    private static final int FLOOD_AT_DEFAULT_RATE = 2_000;

    @Test
    void overTheRateLimitEveryRequestStillGetsExactlyOneReplyInOrder() throws Exception {
        TestClient c = startWithRate(5).connect();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < FLOOD_AT_RATE_5; i++) {
            String id = "r" + i;
            sent.add(id);
            c.sendRaw("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        }
        List<JsonObject> frames = await().atMost(TestClient.TIMEOUT).until(c::frames, f -> f.size() >= FLOOD_AT_RATE_5);
        List<String> res = frames.stream().map(f -> f.get("re").getAsString()).toList();
        assertEquals(sent, res, "one reply per request, in request order");
        long limited = frames.stream().filter(f -> !f.get("ok").getAsBoolean()).count();
        for (JsonObject f : frames) {
            if (!f.get("ok").getAsBoolean()) {
                assertEquals("rate_limited", f.get("error").getAsString(), f.toString());
            }
        }
        assertTrue(limited >= 1, "some requests are rate_limited: " + frames);
        assertTrue(frames.subList(0, 10).stream().allMatch(f -> f.get("ok").getAsBoolean()),
                "a full bucket allows a burst of 2 x 5: " + frames);
    }

    @Test
    void aRateLimitedConnectionStaysOpenAndIsServedAgainOnceTheBucketRefills() throws Exception {
        TestClient c = startWithRate(5).connect();
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < FLOOD_AT_RATE_5; i++) {
            replies.add(c.send(json("type", "ping")));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertTrue(replies.stream().anyMatch(f -> !f.join().get("ok").getAsBoolean()));
        assertTrue(c.isOpen());
        await().atMost(TestClient.TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> c.request(json("type", "ping")).get("ok").getAsBoolean());
        assertTrue(c.isOpen());
    }

    @Test
    void aRateLimitedRequestIsNotExecuted() throws Exception {
        TestServer s = startWithRate(5);
        TestClient c = s.connect();
        String token = c.ok(json("type", "register", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        long list = c.firstList();
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < FLOOD_AT_RATE_5; i++) {
            replies.add(c.send(json("type", "task.create", "list", list, "name", "t" + i)));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        Set<String> created = new HashSet<>();
        int limited = 0;
        for (int i = 0; i < replies.size(); i++) {
            JsonObject r = replies.get(i).join();
            if (r.get("ok").getAsBoolean()) {
                created.add("t" + i);
            } else {
                assertEquals("rate_limited", r.get("error").getAsString(), r.toString());
                limited++;
            }
        }
        assertTrue(limited >= 1, "some creates were rate_limited");
        TestClient reader = s.auth(token);
        Set<String> stored = new HashSet<>();
        reader.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks")
                .forEach(t -> stored.add(t.getAsJsonObject().get("name").getAsString()));
        assertEquals(created, stored);
    }

    @Test
    void theRateLimitIsPerConnection() throws Exception {
        TestServer s = startWithRate(5);
        TestClient noisy = s.connect();
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < FLOOD_AT_RATE_5; i++) {
            replies.add(noisy.send(json("type", "ping")));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertTrue(replies.stream().anyMatch(f -> !f.join().get("ok").getAsBoolean()));
        TestClient quiet = s.connect();
        for (int i = 0; i < 5; i++) {
            quiet.ok(json("type", "ping"));
        }
    }

    @Test
    void maxRateZeroTurnsTheLimitOff() throws Exception {
        TestClient c = startWithRate(0).connect();
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(c.send(json("type", "ping")));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<JsonObject> f : replies) {
            assertTrue(f.join().get("ok").getAsBoolean(), f.join().toString());
        }
    }

    @Test
    void theDefaultLimitAllowsABurstOf200AndLimitsBeyondIt() throws Exception {
        TestClient c = server.connect();
        List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < FLOOD_AT_DEFAULT_RATE; i++) {
            replies.add(c.send(json("type", "ping")));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            assertTrue(replies.get(i).join().get("ok").getAsBoolean(), i + ": " + replies.get(i).join());
        }
        assertTrue(replies.stream().anyMatch(f -> "rate_limited".equals(
                f.join().has("error") ? f.join().get("error").getAsString() : null)));
        assertTrue(c.isOpen());
    }

    // ---- field lengths -------------------------------------------------------------------------------------

    @Test
    void aTaskNoteOf10000CharactersIsAccepted() {
        TestClient c = server.user("alice");
        String note = "n".repeat(10_000);
        JsonObject r = c.ok(json("type", "task.create", "list", c.firstList(), "name", "x", "note", note));
        assertEquals(note, r.getAsJsonObject("task").get("note").getAsString());
    }

    @Test
    void aTaskNoteOf10001CharactersIsABadRequestNamingNote() {
        TestClient c = server.user("alice");
        long list = c.firstList();
        assertBadRequestNaming(c.request(json("type", "task.create", "list", list, "name", "x",
                "note", "n".repeat(10_001))), "note");
        long task = Json.id(c.createTask(list, "name", "x"));
        assertBadRequestNaming(c.request(json("type", "task.update", "task", task, "note", "n".repeat(10_001))), "note");
    }

    @Test
    void aTaskNameOf500CharactersAfterTrimmingIsAcceptedAndStoredTrimmed() {
        TestClient c = server.user("alice");
        String name = "a".repeat(500);
        JsonObject r = c.ok(json("type", "task.create", "list", c.firstList(), "name", "  \t" + name + " \n"));
        assertEquals(name, r.getAsJsonObject("task").get("name").getAsString());
    }

    @Test
    void aTaskNameOf501CharactersAfterTrimmingIsABadRequestNamingName() {
        TestClient c = server.user("alice");
        long list = c.firstList();
        assertBadRequestNaming(c.request(json("type", "task.create", "list", list, "name", " " + "a".repeat(501) + " ")), "name");
        long task = Json.id(c.createTask(list, "name", "x"));
        assertBadRequestNaming(c.request(json("type", "task.update", "task", task, "name", "a".repeat(501))), "name");
    }

    @Test
    void aWhitespaceOnlyTaskNameIsABadRequestNamingName() {
        TestClient c = server.user("alice");
        long list = c.firstList();
        assertBadRequestNaming(c.request(json("type", "task.create", "list", list, "name", " \t\n ")), "name");
        assertBadRequestNaming(c.request(json("type", "task.create", "list", list, "name", "")), "name");
        assertEquals(0, c.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").size());
    }

    @Test
    void aListTitleOf200CharactersIsAcceptedAnd201IsABadRequestNamingTitle() {
        TestClient c = server.user("alice");
        c.ok(json("type", "list.create", "title", "t".repeat(200)));
        assertBadRequestNaming(c.request(json("type", "list.create", "title", "t".repeat(201))), "title");
        assertBadRequestNaming(c.request(json("type", "list.rename", "list", c.firstList(), "title", "t".repeat(201))), "title");
    }

    @Test
    void aWhitespaceOnlyListTitleIsABadRequestNamingTitle() {
        TestClient c = server.user("alice");
        assertBadRequestNaming(c.request(json("type", "list.create", "title", "   ")), "title");
        assertEquals(1, c.ok(json("type", "lists")).getAsJsonArray("lists").size());
    }

    @Test
    void aTaskKeyOf64CharactersIsAcceptedAnd65IsABadRequestNamingKey() {
        TestClient c = server.user("alice");
        long list = c.firstList();
        c.ok(json("type", "task.create", "list", list, "name", "x", "key", "k".repeat(64)));
        assertBadRequestNaming(c.request(json("type", "task.create", "list", list, "name", "y", "key", "k".repeat(65))), "key");
        assertEquals(1, c.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").size());
    }

    @Test
    void anEmailOf254CharactersIsAcceptedAnd255IsABadRequestNamingEmail() {
        TestClient c = server.user("alice");
        String domain = "@example.com";
        c.ok(json("type", "profile.update", "currentPassword", "password-alice",
                "email", "a".repeat(254 - domain.length()) + domain));
        assertBadRequestNaming(c.request(json("type", "profile.update", "currentPassword", "password-alice",
                "email", "a".repeat(255 - domain.length()) + domain)), "email");
    }
}
