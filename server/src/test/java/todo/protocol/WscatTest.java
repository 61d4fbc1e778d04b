package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestServer;

/**
 * The scripted session with the real npm {@code wscat}: register, create a list, subscribe, create a task, see the
 * event. Skipped with a notice when wscat is not installed, except in CI ({@code CI=true}), where it fails.
 */
class WscatTest {
    @TempDir
    Path dir;
    TestServer server;
    String wscat;

    @BeforeEach
    void start() throws Exception {
        Optional<String> found = onPath("wscat");
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("wscat not installed but required in CI: npm install -g wscat");
            }
            Assumptions.assumeTrue(false, "wscat not installed: npm install -g wscat");
        }
        wscat = found.get();
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }

    /**
     * How long wscat keeps the connection open after sending its commands. Generous, because a loaded machine
     * can take seconds to hash, commit and answer; the test stops wscat as soon as it has printed what the
     * test waits for, so this is not a delay.
     */
    private static final int WSCAT_WAIT_SECONDS = 30;

    /**
     * Runs {@code wscat -c URL -w 30 -x CMD ...} until its output satisfies {@code complete} (then stops it) or
     * it exits. Its stdin stays an open pipe meanwhile (wscat 6.x stops as soon as stdin closes). Answers
     * stdout's JSON lines, parsed.
     */
    private List<JsonObject> runWscat(List<String> commands, Predicate<List<JsonObject>> complete) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(wscat, "-c", server.wsUrl(), "-w", String.valueOf(WSCAT_WAIT_SECONDS)));
        for (String c : commands) {
            cmd.add("-x");
            cmd.add(c);
        }
        Path out = dir.resolve("wscat-" + System.nanoTime() + ".out");
        Path err = dir.resolve("wscat-" + System.nanoTime() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        OutputStream stdin = p.getOutputStream(); // held open on purpose
        try {
            await().atMost(Duration.ofSeconds(WSCAT_WAIT_SECONDS + 15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !p.isAlive() || complete.test(jsonLines(out)));
        } catch (ConditionTimeoutException e) {
            fail("wscat did not print what was expected; stdout: " + Files.readString(out)
                    + " stderr: " + Files.readString(err));
        } finally {
            closeQuietly(stdin);
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<JsonObject> lines = jsonLines(out);
        assertTrue(!lines.isEmpty(), "wscat printed nothing; stderr: " + Files.readString(err));
        return lines;
    }

    /** The complete JSON lines printed so far; wscat prefixes each received message with "< ". */
    private static List<JsonObject> jsonLines(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        List<JsonObject> lines = new ArrayList<>();
        int end = text.lastIndexOf('\n'); // a line still being written is not complete yet
        for (String line : text.substring(0, Math.max(end, 0)).split("\\R")) {
            int start = line.indexOf('{');
            if (start >= 0) {
                lines.add(JsonParser.parseString(line.substring(start).strip()).getAsJsonObject());
            }
        }
        return lines;
    }

    private static boolean hasReply(List<JsonObject> lines, String re) {
        return lines.stream().anyMatch(l -> l.has("re") && !l.get("re").isJsonNull() && l.get("re").getAsString().equals(re));
    }

    private static boolean hasEvent(List<JsonObject> lines, String type) {
        return lines.stream().anyMatch(l -> type.equals(type(l)));
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private static JsonObject reply(List<JsonObject> lines, String re) {
        return lines.stream().filter(l -> l.has("re") && !l.get("re").isJsonNull() && l.get("re").getAsString().equals(re))
                .findFirst().orElseThrow(() -> new AssertionError("no reply " + re + " in " + lines));
    }

    @Test
    void aScriptedWscatSessionRegistersCreatesAListAndATaskAndSeesTheEvent() throws Exception {
        // Session 1: register and create a list (ids are the server's to choose, so read them back).
        List<JsonObject> first = runWscat(List.of(
                json("type", "register", "id", 1, "username", "alice", "password", "correct horse battery",
                        "email", "alice@example.com").toString(),
                json("type", "list.create", "id", 2, "title", "Groceries").toString()),
                lines -> hasReply(lines, "1") && hasReply(lines, "2") && hasEvent(lines, "list.added"));
        JsonObject registered = reply(first, "1");
        assertTrue(registered.get("ok").getAsBoolean(), registered.toString());
        assertEquals("alice", registered.getAsJsonObject("user").get("username").getAsString());
        String token = registered.get("token").getAsString();
        JsonObject created = reply(first, "2");
        assertTrue(created.get("ok").getAsBoolean(), created.toString());
        long list = created.getAsJsonObject("list").get("id").getAsLong();
        assertTrue(first.stream().anyMatch(l -> "list.added".equals(type(l))
                && l.getAsJsonObject("list").get("id").getAsLong() == list), "list.added in " + first);

        // Session 2: resume with the token, subscribe, create a task, and see the event after the reply.
        List<JsonObject> second = runWscat(List.of(
                json("type", "auth", "id", 1, "token", token).toString(),
                json("type", "subscribe", "id", 2, "list", list).toString(),
                json("type", "task.create", "id", 3, "list", list, "name", "Buy milk").toString()),
                lines -> hasReply(lines, "1") && hasReply(lines, "2") && hasReply(lines, "3")
                        && hasEvent(lines, "task.created"));
        assertTrue(reply(second, "1").get("ok").getAsBoolean(), second.toString());
        JsonObject sub = reply(second, "2");
        assertTrue(sub.get("ok").getAsBoolean(), sub.toString());
        long base = sub.get("rev").getAsLong();
        JsonObject task = reply(second, "3");
        assertTrue(task.get("ok").getAsBoolean(), task.toString());
        JsonObject event = second.stream().filter(l -> "task.created".equals(type(l))).findFirst()
                .orElseThrow(() -> new AssertionError("no task.created event in wscat's output: " + second));
        assertEquals(task.getAsJsonObject("task"), event.getAsJsonObject("task"));
        assertEquals("Buy milk", event.getAsJsonObject("task").get("name").getAsString());
        assertEquals("alice", event.get("by").getAsString());
        assertEquals(base + 1, event.get("rev").getAsLong());
        assertTrue(second.indexOf(task) < second.indexOf(event), "the reply comes before the event");
    }

    private static String type(JsonObject o) {
        return o.has("type") ? o.get("type").getAsString() : null;
    }
}
