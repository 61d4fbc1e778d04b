package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Replies.assertBadRequestNaming;
import static todo.support.Replies.assertError;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import todo.app.Config;
import todo.support.FrameClient;
import todo.support.Json;
import todo.support.SignedInTest;
import todo.support.TestClient;

/**
 * Frames that are not valid requests: each gets exactly one error reply, never {@code internal}, never a close,
 * and never a change to stored data.
 */
class MalformedInputTest extends SignedInTest {
    /** Every bad value for a list or task id (1..2^53-1). */
    private static final List<String> BAD_IDS = List.of("\"5\"", "\"\"", "5.5", "-1", "0", "-0.5", "1e400",
            "123456789012345678901234567890", "9007199254740992", "true", "false", "[]", "[1]", "{}", "{\"id\":1}");
    /** Every bad value for a revision (0..2^53-1): like ids, but 0 is fine. */
    private static final List<String> BAD_REVS = List.of("\"5\"", "5.5", "-1", "-0.5", "1e400",
            "123456789012345678901234567890", "9007199254740992", "true", "[]", "{}");
    private static final Set<String> INPUT_ERRORS = Set.of("bad_json", "bad_request", "unknown_type");

    long task;

    /** No rate limit: these tests send many frames quickly, and every one must be judged on its content. */
    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    @BeforeEach
    void createTask() {
        task = Json.id(alice.createTask(list, "name", "Buy milk", "note", "2 litres"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Sends raw text and returns the next frame: its reply (this client gets no events in these tests). */
    private static JsonObject raw(TestClient c, String text) {
        int before = c.frames().size();
        c.sendRaw(text);
        List<JsonObject> frames = await().atMost(TestClient.TIMEOUT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5)).until(c::frames, f -> f.size() > before);
        return frames.get(before);
    }

    /** Fills in $L (the list id) and $T (the task id). */
    private String fill(String template) {
        return template.replace("$L", Long.toString(list)).replace("$T", Long.toString(task));
    }

    /** Everything stored that a request could have touched. */
    private String storedState() {
        JsonObject lists = alice.ok(json("type", "lists"));
        JsonObject tasks = alice.ok(json("type", "tasks", "list", list));
        JsonObject one = alice.ok(json("type", "task.get", "task", task));
        lists.remove("re");
        tasks.remove("re");
        one.remove("re");
        return lists + "\n" + tasks + "\n" + one;
    }

    // ---- frame level ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{", "{\"type\":\"ping\"", "{'type':'ping'}", "{type:\"ping\"}",
            "{\"type\":\"ping\",}", "{\"type\":\"ping\"} {}", "{\"type\":\"ping\"}x", "NaN",
            "{\"type\":\"ping\",\"x\":NaN}", "{\"type\":\"ping\" /* c */}", "\"unterminated", "[1,2"})
    void aFrameThatIsNotJsonIsBadJsonWithReNull(String text) {
        JsonObject r = raw(alice, text);
        assertError(r, "bad_json", text);
        assertTrue(r.get("re").isJsonNull(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyFrameIsBadJsonBecauseItHoldsNoJsonValue(String text) {
        JsonObject r = raw(alice, text);
        assertError(r, "bad_json", "[" + text + "]");
        assertTrue(r.get("re").isJsonNull(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"ping\",\"id\":1}]", "\"ping\"", "42", "-0.5e10", "true", "null"})
    void validJsonThatIsNotAnObjectIsBadRequestWithReNull(String text) {
        JsonObject r = raw(alice, text);
        assertError(r, "bad_request", text);
        assertTrue(r.get("re").isJsonNull(), r.toString());
    }

    @Test
    void aRequestWithoutTypeIsBadRequestNamingTypeAndEchoesTheId() {
        JsonObject r = raw(alice, "{\"id\":\"x1\",\"list\":1}");
        assertBadRequestNaming(r, "type", "no type");
        assertEquals("x1", r.get("re").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "true", "[\"ping\"]", "{\"name\":\"ping\"}"})
    void aTypeThatIsNotAStringIsBadRequestNamingType(String type) {
        JsonObject r = raw(alice, "{\"id\":7,\"type\":" + type + "}");
        assertBadRequestNaming(r, "type", type);
        assertEquals(7, r.get("re").getAsInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "", "task.creat", "tasks.", "ping ", "__proto__"})
    void aTypeThatIsNotAVerbIsUnknownType(String type) {
        JsonObject r = alice.request(json("type", type));
        assertError(r, "unknown_type", "type " + type);
    }

    @Test
    void aHugeUnknownTypeIsUnknownTypeWithoutEchoingItWhole() {
        String type = "x".repeat(50_000);
        JsonObject r = alice.request(json("type", type));
        assertError(r, "unknown_type", "a 50,000-character type");
        assertTrue(r.toString().length() < 1_000, "reply length " + r.toString().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "{}", "[1]", "[]", "true", "false"})
    void anIdThatIsNotAStringOrNumberIsBadRequestWithReNull(String id) {
        JsonObject r = raw(alice, "{\"type\":\"ping\",\"id\":" + id + "}");
        assertBadRequestNaming(r, "id", "id " + id);
        assertTrue(r.get("re").isJsonNull(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "-3", "1.5", "12345678901234567890", "\"seven\"", "\"\"", "\"\\u00e9\\ud83d\\ude00\""})
    void aStringOrNumberIdIsEchoedUnchangedInRe(String id) {
        JsonObject r = raw(alice, "{\"type\":\"ping\",\"id\":" + id + "}");
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        assertEquals(JsonParser.parseString(id), r.get("re"));
        assertEquals(JsonParser.parseString(id).toString(), r.get("re").toString());
    }

    // ---- nesting -------------------------------------------------------------------------------------------

    @Test
    void arraysNestedTenThousandDeepAreRefusedAsInputNotAsInternal() {
        String text = "[".repeat(10_000) + "]".repeat(10_000);
        JsonObject r = raw(alice, text);
        assertFalse(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(Set.of("bad_json", "bad_request").contains(r.get("error").getAsString()), r.toString());
        alice.ok(json("type", "ping"));
    }

    @Test
    void aParameterNestedTenThousandDeepIsRefusedAsInputNotAsInternal() {
        String text = "{\"type\":\"ping\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        JsonObject r = raw(alice, text);
        assertFalse(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(Set.of("bad_json", "bad_request").contains(r.get("error").getAsString()), r.toString());
        alice.ok(json("type", "ping"));
    }

    @Test
    void objectsNestedTenThousandDeepAreRefusedAsInputNotAsInternal() {
        String text = "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        assertTrue(text.length() < 65_536);
        JsonObject r = raw(alice, text);
        assertFalse(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(Set.of("bad_json", "bad_request").contains(r.get("error").getAsString()), r.toString());
        alice.ok(json("type", "ping"));
    }

    @Test
    void sixteenLevelsOfNestingAreAcceptedAndSeventeenAreBadJson() {
        // The request object is level 1; 15 arrays make 16 levels, 16 arrays make 17.
        JsonObject sixteen = raw(alice, "{\"type\":\"ping\",\"x\":" + "[".repeat(15) + "]".repeat(15) + "}");
        assertTrue(sixteen.get("ok").getAsBoolean(), sixteen.toString());
        JsonObject seventeen = raw(alice, "{\"type\":\"ping\",\"x\":" + "[".repeat(16) + "]".repeat(16) + "}");
        assertError(seventeen, "bad_json", "17 levels");
    }

    // ---- ids and revisions ---------------------------------------------------------------------------------

    static Stream<Arguments> idFields() {
        return Stream.of(
                Arguments.of("list.rename", "list", "{\"type\":\"list.rename\",\"list\":%s,\"title\":\"x\"}"),
                Arguments.of("list.delete", "list", "{\"type\":\"list.delete\",\"list\":%s}"),
                Arguments.of("list.share", "list", "{\"type\":\"list.share\",\"list\":%s,\"username\":\"alice\"}"),
                Arguments.of("list.unshare", "list", "{\"type\":\"list.unshare\",\"list\":%s,\"username\":\"alice\"}"),
                Arguments.of("subscribe", "list", "{\"type\":\"subscribe\",\"list\":%s}"),
                Arguments.of("unsubscribe", "list", "{\"type\":\"unsubscribe\",\"list\":%s}"),
                Arguments.of("tasks", "list", "{\"type\":\"tasks\",\"list\":%s}"),
                Arguments.of("task.get", "task", "{\"type\":\"task.get\",\"task\":%s}"),
                Arguments.of("task.create", "list", "{\"type\":\"task.create\",\"list\":%s,\"name\":\"x\"}"),
                Arguments.of("task.update", "task", "{\"type\":\"task.update\",\"task\":%s,\"name\":\"x\"}"),
                Arguments.of("task.delete", "task", "{\"type\":\"task.delete\",\"task\":%s}"),
                Arguments.of("task.move", "task", "{\"type\":\"task.move\",\"task\":%s,\"after\":null}"),
                Arguments.of("history", "list", "{\"type\":\"history\",\"list\":%s}"),
                Arguments.of("undo", "list", "{\"type\":\"undo\",\"list\":%s,\"rev\":1}"),
                Arguments.of("tasks.completeAll", "list",
                        "{\"type\":\"tasks.completeAll\",\"list\":%s,\"completed\":true}"),
                Arguments.of("tasks.clearCompleted", "list", "{\"type\":\"tasks.clearCompleted\",\"list\":%s}"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("idFields")
    void everyBadIdValueIsBadRequestNamingTheField(String verb, String field, String template) {
        for (String value : BAD_IDS) {
            JsonObject r = raw(alice, String.format(template, value));
            assertBadRequestNaming(r, field, verb + " with " + field + "=" + value);
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("idFields")
    void aMissingOrNullIdIsBadRequestNamingTheField(String verb, String field, String template) {
        JsonObject r = raw(alice, String.format(template, "null"));
        assertBadRequestNaming(r, field, verb + " with " + field + "=null");
        String withoutField = String.format(template, "0").replace(",\"" + field + "\":0", "")
                .replace("\"" + field + "\":0,", "").replace("\"" + field + "\":0", "");
        assertFalse(withoutField.contains("\"" + field + "\""), withoutField);
        assertBadRequestNaming(raw(alice, withoutField), field, verb + " without " + field);
    }

    static Stream<Arguments> revFields() {
        return Stream.of(
                Arguments.of("subscribe", "since", "{\"type\":\"subscribe\",\"list\":$L,\"since\":%s}"),
                Arguments.of("task.update", "ifRev", "{\"type\":\"task.update\",\"task\":$T,\"name\":\"y\",\"ifRev\":%s}"),
                Arguments.of("task.delete", "ifRev", "{\"type\":\"task.delete\",\"task\":$T,\"ifRev\":%s}"),
                Arguments.of("task.move", "ifRev", "{\"type\":\"task.move\",\"task\":$T,\"after\":null,\"ifRev\":%s}"),
                Arguments.of("history", "before", "{\"type\":\"history\",\"list\":$L,\"before\":%s}"),
                Arguments.of("undo", "rev", "{\"type\":\"undo\",\"list\":$L,\"rev\":%s}"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("revFields")
    void everyBadRevisionValueIsBadRequestNamingTheField(String verb, String field, String template) {
        String before = storedState();
        for (String value : BAD_REVS) {
            JsonObject r = raw(alice, String.format(fill(template), value));
            assertBadRequestNaming(r, field, verb + " with " + field + "=" + value);
        }
        assertEquals(before, storedState());
    }

    // ---- wrong types in task.create and task.update --------------------------------------------------------

    static Stream<Arguments> badCreateFields() {
        return Stream.of(
                Arguments.of("name", "5"), Arguments.of("name", "true"), Arguments.of("name", "[]"),
                Arguments.of("name", "{}"), Arguments.of("name", "null"), Arguments.of("name", "[\"x\"]"),
                Arguments.of("name", "\"\""), Arguments.of("name", "\"   \""),
                Arguments.of("note", "5"), Arguments.of("note", "true"), Arguments.of("note", "[]"),
                Arguments.of("note", "{}"),
                Arguments.of("due", "5"), Arguments.of("due", "true"), Arguments.of("due", "[]"),
                Arguments.of("due", "{}"), Arguments.of("due", "\"tomorrow\""), Arguments.of("due", "\"2026-13-01\""),
                Arguments.of("due", "\"2026-12-01T17:00:00\""), Arguments.of("due", "\"\""),
                Arguments.of("completed", "\"true\""), Arguments.of("completed", "1"), Arguments.of("completed", "0"),
                Arguments.of("completed", "[]"), Arguments.of("completed", "{}"),
                Arguments.of("key", "5"), Arguments.of("key", "true"), Arguments.of("key", "[]"),
                Arguments.of("key", "{}"), Arguments.of("key", "\"\""));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badCreateFields")
    void taskCreateWithAWrongValueIsBadRequestNamingTheFieldAndCreatesNothing(String field, String value) {
        String before = storedState();
        JsonObject base = JsonParser.parseString("{\"type\":\"task.create\",\"list\":" + list
                + ",\"name\":\"n\",\"note\":\"\",\"due\":null,\"completed\":false,\"key\":\"k\"}").getAsJsonObject();
        base.add(field, JsonParser.parseString(value));
        JsonObject r = alice.request(base);
        assertBadRequestNaming(r, field, "task.create " + field + "=" + value);
        assertEquals(before, storedState());
    }

    static Stream<Arguments> badUpdateFields() {
        return Stream.of(
                Arguments.of("name", "5"), Arguments.of("name", "null"), Arguments.of("name", "true"),
                Arguments.of("name", "[]"), Arguments.of("name", "{}"), Arguments.of("name", "\"\""),
                Arguments.of("name", "\" \\t \""),
                Arguments.of("note", "5"), Arguments.of("note", "true"), Arguments.of("note", "[]"),
                Arguments.of("note", "{}"),
                Arguments.of("due", "5"), Arguments.of("due", "true"), Arguments.of("due", "[]"),
                Arguments.of("due", "{}"), Arguments.of("due", "\"soon\""), Arguments.of("due", "\"2026-02-30\""),
                Arguments.of("completed", "\"true\""), Arguments.of("completed", "null"),
                Arguments.of("completed", "1"), Arguments.of("completed", "[]"), Arguments.of("completed", "{}"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badUpdateFields")
    void taskUpdateWithAWrongValueIsBadRequestNamingTheFieldAndChangesNothing(String field, String value) {
        String before = storedState();
        JsonObject req = json("type", "task.update", "task", task);
        req.add(field, JsonParser.parseString(value));
        JsonObject r = alice.request(req);
        assertBadRequestNaming(r, field, "task.update " + field + "=" + value);
        assertEquals(before, storedState());
    }

    @Test
    void taskUpdateWithAValidFieldBesideAWrongOneChangesNothing() {
        String before = storedState();
        JsonObject r = alice.request(json("type", "task.update", "task", task, "name", "Renamed", "completed", "yes"));
        assertBadRequestNaming(r, "completed", "task.update with one bad field");
        assertEquals(before, storedState());
    }

    @Test
    void taskUpdateWithNoFieldToChangeIsBadRequest() {
        String before = storedState();
        assertError(alice.request(json("type", "task.update", "task", task)), "bad_request", "empty update");
        assertEquals(before, storedState());
    }

    // ---- the connection and the data survive ---------------------------------------------------------------

    @Test
    void afterABarrageOfMalformedRequestsTheConnectionWorksAndStoredDataIsUnchanged() {
        String before = storedState();
        List<String> frames = List.of(
                "not json", "[]", "{\"type\":5}", "{\"type\":\"task.update\",\"task\":\"$T\",\"name\":\"hacked\"}",
                "{\"type\":\"task.update\",\"task\":$T,\"name\":\"\"}",
                "{\"type\":\"task.update\",\"task\":$T,\"completed\":\"true\"}",
                "{\"type\":\"task.update\",\"task\":$T.5,\"name\":\"hacked\"}",
                "{\"type\":\"task.delete\",\"task\":\"$T\"}", "{\"type\":\"task.delete\",\"task\":-$T}",
                "{\"type\":\"task.create\",\"list\":\"$L\",\"name\":\"extra\"}",
                "{\"type\":\"task.create\",\"list\":$L,\"name\":[\"extra\"]}",
                "{\"type\":\"list.rename\",\"list\":$L,\"title\":\"\"}",
                "{\"type\":\"list.rename\",\"list\":$L,\"title\":5}",
                "{\"type\":\"list.delete\",\"list\":$L.0001}", "{\"type\":\"list.delete\",\"list\":1e400}",
                "{\"type\":\"tasks.clearCompleted\",\"list\":\"$L\"}",
                "{\"type\":\"tasks.completeAll\",\"list\":$L,\"completed\":\"yes\"}",
                "{\"type\":\"tasks.completeAll\",\"list\":$L}",
                "{\"type\":\"task.update\",\"id\":{},\"task\":$T,\"name\":\"hacked\"}",
                "{\"type\":\"task.update\",\"task\":$T,\"name\":\"hacked\"", "[" + "[".repeat(5000) + "]".repeat(5000) + "]");
        for (String f : frames) {
            JsonObject r = raw(alice, fill(f));
            assertFalse(r.get("ok").getAsBoolean(), f + " answered " + r);
            assertTrue(INPUT_ERRORS.contains(r.get("error").getAsString()), f + " answered " + r);
        }
        assertTrue(alice.isOpen());
        alice.ok(json("type", "ping"));
        assertEquals(before, storedState());
    }

    @Test
    void twoHundredAssortedMalformedFramesGetTwoHundredInputErrorsAndTheConnectionStaysOpen() {
        List<String> templates = List.of(
                "%s", "{%s", "[%s]", "\"%s\"", "{\"type\":%s}", "{\"id\":%s}", "{\"type\":\"ping\",\"id\":{\"x\":%s}}",
                "{\"type\":\"task.get\",\"task\":\"%s\"}", "{\"type\":\"task.get\",\"task\":%s.5}",
                "{\"type\":\"tasks\",\"list\":-%s}", "{\"type\":\"task.update\",\"task\":$T,\"name\":[%s]}",
                "{\"type\":\"task.create\",\"list\":$L,\"name\":{\"a\":%s}}",
                "{\"type\":\"task.create\",\"list\":$L,\"name\":\"x\",\"completed\":\"%s\"}",
                "{\"type\":\"list.rename\",\"list\":$L,\"title\":%s}", "{\"type\":\"nope.%s\"}",
                "{\"type\":\"subscribe\",\"list\":$L,\"since\":-%s}", "{\"type\":\"task.update\",\"task\":1e4%s}",
                "{\"type\":\"ping\",\"x\":" + "[".repeat(20) + "%s" + "]".repeat(20) + "}",
                "{\"type\":\"ping\"}%s", "{\"type\":\"tasks.completeAll\",\"list\":$L,\"completed\":%s}");
        Random random = new Random(42);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String t = templates.get(i % templates.size());
            sent.add(fill(String.format(t, 1 + random.nextInt(1_000_000))));
        }
        int before = alice.frames().size();
        sent.forEach(alice::sendRaw);
        List<JsonObject> frames = await().atMost(TestClient.TIMEOUT).until(alice::frames, f -> f.size() >= before + 200);
        List<JsonObject> replies = frames.subList(before, frames.size());
        assertEquals(200, replies.size(), "exactly one reply per frame");
        for (int i = 0; i < replies.size(); i++) {
            JsonObject r = replies.get(i);
            assertFalse(r.get("ok").getAsBoolean(), sent.get(i) + " answered " + r);
            assertNotEquals("internal", r.get("error").getAsString(), sent.get(i) + " answered " + r);
            assertTrue(INPUT_ERRORS.contains(r.get("error").getAsString()), sent.get(i) + " answered " + r);
        }
        assertTrue(alice.isOpen());
        alice.ok(json("type", "ping"));
    }

    @Test
    void aBinaryFrameGetsABadRequestReplyWithReNullAndTheConnectionStaysUsable() throws Exception {
        FrameClient c = FrameClient.open(server.wsUrl());
        try {
            c.send(ByteBuffer.wrap("{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8)));
            JsonObject r = c.awaitJson(0);
            assertError(r, "bad_request", "binary frame");
            assertTrue(r.get("re").isJsonNull(), r.toString());
            c.send("{\"type\":\"ping\",\"id\":2}");
            JsonObject ping = c.awaitJson(1);
            assertTrue(ping.get("ok").getAsBoolean(), ping.toString());
            assertEquals(2, ping.get("re").getAsInt());
            assertTrue(c.isOpen());
        } finally {
            c.closeBlocking();
        }
    }
}
