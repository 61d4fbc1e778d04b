package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import todo.support.Json;
import todo.support.SignedInTest;
import todo.support.TestClient;
import todo.support.TestServer;

/** Text round-trips exactly: emoji, ZWJ sequences, right-to-left scripts, NUL and other controls, combining marks. */
class UnicodeTest extends SignedInTest {
    /** Texts with no whitespace at either end (names and titles are trimmed; these must come back unchanged). */
    static List<String> texts() {
        return List.of(
                "Buy 🥛 and 🍞",
                "👨\u200D👩\u200D👧\u200D👦 family",
                "👩🏽\u200D💻 and 🏳️\u200D🌈",
                "🇺🇦🇯🇵🇧🇷",
                "اشترِ الحليب",
                "לקנות חלב",
                "Meet דני at 5 مساءً\u200F!",
                "\u202Eevil\u202C override",
                "a\u0000b",
                "NUL\u0000and\u0001\u0007\u001Bcontrols\u007F",
                "e\u0301 versus \u00E9",
                "Z\u0364\u0351\u0307a\u0308\u0316l\u036Eg\u030Co",
                "𠜎𠜱 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
                "zero\u200Bwidth\uFEFFbom",
                "line\u2028para\u2029end",
                "quote \" backslash \\ slash / <script>alert(1)</script> &amp;");
    }

    /** Equal, with a readable account of the code points when not. */
    private static void assertSameText(String expected, String actual, String where) {
        assertEquals(expected, actual, () -> where + ": expected " + codePoints(expected) + " but got " + codePoints(actual));
    }

    private static String codePoints(String s) {
        return s == null ? "null" : s.codePoints().mapToObj(c -> String.format("U+%04X", c)).collect(Collectors.joining(" "));
    }

    /**
     * Subscribes, creates a task with {@code fields} and checks that its {@code field} is exactly {@code text} in
     * the reply, the task.created event, {@code tasks} and {@code task.get}.
     */
    private void assertTaskFieldRoundTrips(String field, String text, Object... fields) {
        alice.subscribe(list);
        JsonObject task = alice.createTask(list, fields);
        long id = task.get("id").getAsLong();
        assertSameText(text, task.get(field).getAsString(), "reply");
        JsonObject event = alice.awaitEvent("task.created", e -> e.getAsJsonObject("task").get("id").getAsLong() == id);
        assertSameText(text, event.getAsJsonObject("task").get(field).getAsString(), "event");
        JsonArray tasks = alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks");
        assertSameText(text, Json.withId(tasks, id).get(field).getAsString(), "tasks");
        JsonObject got = alice.ok(json("type", "task.get", "task", id)).getAsJsonObject("task");
        assertSameText(text, got.get(field).getAsString(), "task.get");
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("texts")
    void aTaskNameRoundTripsExactlyThroughReplyEventTasksAndTaskGet(String text) {
        assertTaskFieldRoundTrips("name", text, "name", text);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void aTaskNoteRoundTripsExactlyIncludingWhitespaceAtItsEnds(String text) {
        String note = " \t\n" + text + "\u0000\r\n ";
        assertTaskFieldRoundTrips("note", note, "name", "n", "note", note);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void anUpdatedTaskNameRoundTripsExactlyThroughTheUpdateReplyAndEvent(String text) {
        long id = Json.id(alice.createTask(list, "name", "plain"));
        alice.subscribe(list);
        JsonObject reply = alice.ok(json("type", "task.update", "task", id, "name", text)).getAsJsonObject("task");
        assertSameText(text, reply.get("name").getAsString(), "reply");
        JsonObject event = alice.awaitEvent("task.updated");
        assertSameText(text, event.getAsJsonObject("task").get("name").getAsString(), "event");
        assertEquals("[\"name\"]", event.getAsJsonArray("changed").toString());
        JsonObject got = alice.ok(json("type", "task.get", "task", id)).getAsJsonObject("task");
        assertSameText(text, got.get("name").getAsString(), "task.get");
    }

    @Test
    void precomposedAndDecomposedFormsAreKeptApartNotNormalised() {
        String composed = "caf\u00E9";
        String decomposed = "cafe\u0301";
        assertNotEquals(composed, decomposed);
        long a = Json.id(alice.createTask(list, "name", composed));
        long b = Json.id(alice.createTask(list, "name", decomposed));
        JsonArray tasks = alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks");
        assertSameText(composed, Json.withId(tasks, a).get("name").getAsString(), "composed");
        assertSameText(decomposed, Json.withId(tasks, b).get("name").getAsString(), "decomposed");
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("texts")
    void aListTitleRoundTripsExactlyThroughReplyEventListsAndSubscribe(String text) {
        JsonObject created = alice.ok(json("type", "list.create", "title", text)).getAsJsonObject("list");
        long id = created.get("id").getAsLong();
        assertSameText(text, created.get("title").getAsString(), "reply");
        JsonObject added = alice.awaitEvent("list.added", e -> e.getAsJsonObject("list").get("id").getAsLong() == id);
        assertSameText(text, added.getAsJsonObject("list").get("title").getAsString(), "list.added");
        JsonArray lists = alice.ok(json("type", "lists")).getAsJsonArray("lists");
        assertSameText(text, Json.withId(lists, id).get("title").getAsString(), "lists");
        JsonObject sub = alice.subscribe(id);
        assertSameText(text, sub.getAsJsonObject("list").get("title").getAsString(), "subscribe");
    }

    @ParameterizedTest
    @MethodSource("texts")
    void aRenamedListTitleRoundTripsExactlyThroughTheListUpdatedEventOfAnotherMember(String text) {
        TestClient bob = server.user("bob");
        long id = alice.createList("plain");
        alice.share(id, "bob");
        bob.awaitEvent("list.added", e -> e.getAsJsonObject("list").get("id").getAsLong() == id);
        alice.ok(json("type", "list.rename", "list", id, "title", text));
        // bob was added by the share (list.added), so his first list.updated is the rename.
        JsonObject updated = bob.awaitEvents("list.updated", 1).get(0);
        assertSameText(text, updated.getAsJsonObject("list").get("title").getAsString(), "list.updated");
        assertSameText(text, Json.withId(bob.ok(json("type", "lists")).getAsJsonArray("lists"), id).get("title")
                .getAsString(), "bob's lists");
    }

    // ---- accounts ------------------------------------------------------------------------------------------

    @Test
    void aUnicodeEmailRoundTripsThroughProfileUpdateAndGet() {
        String email = "用户@例子.广告";
        JsonObject r = alice.ok(json("type", "profile.update", "currentPassword", "password-alice", "email", email));
        assertSameText(email, r.getAsJsonObject("user").get("email").getAsString(), "reply");
        assertSameText(email, alice.ok(json("type", "profile.get")).getAsJsonObject("user").get("email")
                .getAsString(), "profile.get");
    }

    @Test
    void aUnicodePasswordWorksForLogin() {
        String password = "pässwörd 🔑 שלום\u0000";
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "carol", "password", password));
        server.connect().ok(json("type", "login", "username", "carol", "password", password));
        assertEquals("bad_credentials", server.connect().error(json("type", "login", "username", "carol",
                "password", "passwörd 🔑 שלום\u0000")));
    }

    // ---- lengths in code points ----------------------------------------------------------------------------

    @Test
    void aNameOf500EmojiIsAcceptedBecauseLengthsCountCodePoints() {
        String name = "😀".repeat(500);
        assertEquals(1000, name.length());
        JsonObject task = alice.ok(json("type", "task.create", "list", list, "name", name)).getAsJsonObject("task");
        assertSameText(name, task.get("name").getAsString(), "reply");
    }

    @Test
    void aNameOf501EmojiIsABadRequestNamingName() {
        JsonObject r = alice.request(json("type", "task.create", "list", list, "name", "😀".repeat(501)));
        assertEquals("bad_request", r.get("error").getAsString(), r.toString());
        assertTrue(r.get("message").getAsString().contains("name"), r.toString());
    }

    @Test
    void aTitleOf200AstralCharactersIsAcceptedAnd201IsABadRequest() {
        alice.ok(json("type", "list.create", "title", "𝔘".repeat(200)));
        assertEquals("bad_request", alice.error(json("type", "list.create", "title", "𝔘".repeat(201))));
    }

    // ---- durability ----------------------------------------------------------------------------------------

    @Test
    void everyTextRoundTripsExactlyAfterAServerRestartOnTheSameDatabase() throws Exception {
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, String> notes = new LinkedHashMap<>();
        Map<Long, String> titles = new LinkedHashMap<>();
        for (String text : texts()) {
            String note = " " + text + "\u0000 ";
            JsonObject t = alice.ok(json("type", "task.create", "list", list, "name", text, "note", note))
                    .getAsJsonObject("task");
            names.put(t.get("id").getAsLong(), text);
            notes.put(t.get("id").getAsLong(), note);
            long l = alice.createList(text);
            titles.put(l, text);
        }
        server.close();
        server = TestServer.start(dir);
        TestClient c = server.signIn("alice");
        JsonArray tasks = c.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks");
        assertEquals(names.size(), tasks.size());
        for (Map.Entry<Long, String> e : names.entrySet()) {
            JsonObject t = Json.withId(tasks, e.getKey());
            assertSameText(e.getValue(), t.get("name").getAsString(), "name after restart");
            assertSameText(notes.get(e.getKey()), t.get("note").getAsString(), "note after restart");
            JsonObject got = c.ok(json("type", "task.get", "task", e.getKey())).getAsJsonObject("task");
            assertSameText(e.getValue(), got.get("name").getAsString(), "task.get after restart");
        }
        JsonArray lists = c.ok(json("type", "lists")).getAsJsonArray("lists");
        List<Long> seen = new ArrayList<>();
        for (Map.Entry<Long, String> e : titles.entrySet()) {
            assertSameText(e.getValue(), Json.withId(lists, e.getKey()).get("title").getAsString(), "title after restart");
            seen.add(e.getKey());
        }
        assertEquals(titles.size(), seen.size());
    }
}
