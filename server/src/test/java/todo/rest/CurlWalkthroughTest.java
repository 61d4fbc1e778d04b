package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;
import todo.support.TestClient;
import todo.support.infra.Binaries;

/**
 * Runs the README's "Try it with curl" walk-through with the real {@code curl}, against a fresh server: its
 * commands as written (only the port changed), its printed answers compared with the README's (timestamps and
 * the token aside), and the events a WebSocket subscriber receives (in the README, the {@code wscat} session)
 * compared with the README's. Skipped with a notice when curl is missing, except in CI ({@code CI=true}).
 */
class CurlWalkthroughTest extends ServerTest {
    private static final String SECTION = "## Try it with curl";
    private static final Set<String> TIMESTAMPS = Set.of("created", "updated", "joined");

    @BeforeEach
    void needCurl() {
        Binaries.debian("curl", "curl");
    }

    /** The README's fenced blocks in the section, in order: language ("sh" or "") and text. */
    private record Block(String lang, String text) {}

    private static List<Block> blocks() throws IOException {
        // Maven runs the tests in server/; an IDE may run them at the repository's root.
        Path readme = Files.exists(Path.of("..", "README.md")) ? Path.of("..", "README.md") : Path.of("README.md");
        String all = Files.readString(readme);
        int start = all.indexOf(SECTION);
        assertTrue(start >= 0, "README has no section " + SECTION);
        int end = all.indexOf("\n## ", start + SECTION.length());
        String section = all.substring(start, end < 0 ? all.length() : end);
        List<Block> out = new ArrayList<>();
        String[] parts = section.split("```", -1);
        for (int i = 1; i < parts.length; i += 2) {
            int nl = parts[i].indexOf('\n');
            out.add(new Block(parts[i].substring(0, nl).strip(), parts[i].substring(nl + 1)));
        }
        return out;
    }

    private String run(String script) throws Exception {
        String local = script.replace("127.0.0.1:8080", "127.0.0.1:" + server.server.httpPort());
        Path out = dir.resolve("curl-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder("bash", "-c", "set -e\n" + local).redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the walk-through did not finish: " + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "walk-through failed: " + text);
        return text;
    }

    @Test
    void theReadmesCurlWalkThroughRunsAndAnswersAsItShows() throws Exception {
        List<Block> b = blocks().stream().filter(x -> !x.text().isBlank()).toList();
        List<Block> scripts = b.stream().filter(x -> x.lang().equals("sh")).toList();
        assertEquals(2, scripts.size(), "two sh blocks: sign up, then the curl calls");
        Block shownAnswers = b.get(b.indexOf(scripts.get(1)) + 1);
        Block shownEvents = b.get(b.size() - 1);

        String token = run(scripts.get(0).text()).strip();
        assertEquals(43, token.length(), "the sign-up prints the token: " + token);
        TestClient ws = server.auth(token);
        assertEquals("My tasks", ws.subscribe(1).getAsJsonObject("list").get("title").getAsString());

        String api = scripts.get(0).text().lines().filter(l -> l.startsWith("API=")).findFirst().orElseThrow();
        String printed = run(api + "\nTOKEN=" + token + "\n" + scripts.get(1).text());

        assertEquals(jsonLines(shownAnswers.text()), jsonLines(printed), "what curl printed");
        List<JsonObject> events = new ArrayList<>();
        events.add(ws.awaitEvent("task.created"));
        events.add(ws.awaitEvent("task.updated"));
        assertEquals(jsonLines(shownEvents.text()), events.stream().map(CurlWalkthroughTest::withoutTimestamps).toList(),
                "what the WebSocket subscriber received");
    }

    /** The JSON objects in a text, one a line (after any "< " prompt), without timestamps. */
    private static List<JsonObject> jsonLines(String text) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int brace = line.indexOf('{');
            if (brace >= 0) {
                out.add(withoutTimestamps(JsonParser.parseString(line.substring(brace)).getAsJsonObject()));
            }
        }
        return out;
    }

    private static JsonObject withoutTimestamps(JsonObject o) {
        JsonObject copy = o.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonElement e) {
        if (e.isJsonObject()) {
            TIMESTAMPS.forEach(e.getAsJsonObject()::remove);
            e.getAsJsonObject().entrySet().forEach(x -> strip(x.getValue()));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(CurlWalkthroughTest::strip);
        }
    }
}
