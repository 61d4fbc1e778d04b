package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.Ports;
import todo.support.TestClient;

/** The real {@code Main} as a child process: startup lines, flags, environment, --help, SIGTERM. */
class CliTest {
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern WS_LINE = Pattern.compile("WebSocket listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final long WAIT_SECONDS = 30;
    /** Marks the end of stdout in the line queue. */
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;
    private final List<Child> children = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        for (Child c : children) {
            c.process.destroyForcibly();
            c.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    // ---- the child process ---------------------------------------------------------------------------------

    private static final class Child {
        final Process process;
        final Path stderr;
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

        Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        stdout.add(line);
                    }
                } catch (IOException e) {
                    // The process went away; EOF below.
                } finally {
                    stdout.add(EOF);
                }
            }, "cli-test-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next stdout line; fails when there is none within the wait, or stdout ended. */
        String line() throws InterruptedException {
            String l = stdout.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(l, "no stdout line within " + WAIT_SECONDS + " s; stderr: " + stderr());
            assertNotEquals(EOF, l, "stdout ended; exit " + exitCode() + "; stderr: " + stderr());
            return l;
        }

        /** Every stdout line until the end of stdout. */
        List<String> rest() throws InterruptedException {
            List<String> out = new ArrayList<>();
            while (true) {
                String l = stdout.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(l, "stdout did not end within " + WAIT_SECONDS + " s");
                if (l.equals(EOF)) {
                    return out;
                }
                out.add(l);
            }
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the process did not exit; stderr: " + stderr());
            return process.exitValue();
        }

        String exitCode() {
            return process.isAlive() ? "(running)" : Integer.toString(process.exitValue());
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    private Child start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("todo.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("TODO_"));
        pb.environment().putAll(env);
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(stderr.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Child c = new Child(pb.start(), stderr);
        children.add(c);
        return c;
    }

    private Child startServer(Map<String, String> env, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--db", dir.resolve("todo.db").toString(),
                "--password-iterations", "1000"));
        args.addAll(List.of(extra));
        if (!args.contains("--ws-port") && !env.containsKey("TODO_WS_PORT")) {
            args.addAll(List.of("--ws-port", "0"));
        }
        return start(env, args.toArray(String[]::new));
    }

    private static int port(Pattern p, String line) {
        Matcher m = p.matcher(line);
        assertTrue(m.matches(), "unexpected line: [" + line + "]");
        return Integer.parseInt(m.group(1));
    }

    private TestClient connect(int wsPort) {
        TestClient c = TestClient.connect("ws://127.0.0.1:" + wsPort + "/");
        clients.add(c);
        return c;
    }

    // ---- startup lines -------------------------------------------------------------------------------------

    @Test
    void stdoutIsExactlyTheTwoListeningLinesAndNothingElse() throws Exception {
        Child c = startServer(Map.of());
        String first = c.line();
        String second = c.line();
        int http = port(HTTP_LINE, first);
        int ws = port(WS_LINE, second);
        assertTrue(http > 0 && ws > 0 && http != ws, first + " / " + second);
        // Some traffic, then a shutdown: none of it may print to stdout.
        TestClient client = connect(ws);
        client.ok(json("type", "register", "username", "alice", "password", "password-alice"));
        client.request(json("type", "nope"));
        c.process.destroy();
        c.awaitExit();
        assertEquals(List.of(), c.rest(), "nothing on stdout beyond the two lines");
    }

    @Test
    void thePrintedPortsServeHttpAndWebSocket() throws Exception {
        Child c = startServer(Map.of());
        int http = port(HTTP_LINE, c.line());
        int ws = port(WS_LINE, c.line());
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/healthz"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
        connect(ws).ok(json("type", "ping"));
    }

    // ---- flags and environment -----------------------------------------------------------------------------

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() throws Exception {
        Child c = start(Map.of(), "--help");
        assertEquals(0, c.awaitExit(), c.stderr());
        String out = String.join("\n", c.rest());
        assertTrue(out.contains("Usage"), out);
        assertTrue(out.contains("--ws-port") && out.contains("--port") && out.contains("--db")
                && out.contains("--allow-origin") && out.contains("--host"), out);
        assertFalse(out.contains("listening"), "--help starts nothing: " + out);
    }

    @Test
    void anUnknownFlagExitsWithCode2AndAMessageOnStderr() throws Exception {
        Child c = start(Map.of(), "--bogus", "1");
        assertEquals(2, c.awaitExit());
        assertTrue(c.stderr().contains("--bogus"), "stderr names the flag: " + c.stderr());
        assertEquals(List.of(), c.rest(), "nothing on stdout");
    }

    @Test
    void aBadFlagValueExitsWithCode2AndAMessageOnStderr() throws Exception {
        Child c = start(Map.of(), "--port", "eighty");
        assertEquals(2, c.awaitExit());
        assertTrue(c.stderr().contains("--port"), "stderr names the flag: " + c.stderr());
        assertEquals(List.of(), c.rest(), "nothing on stdout");
    }

    @Test
    void theTodoWsPortEnvironmentVariableIsHonoured() throws Exception {
        int wanted = Ports.free();
        Child c = startServer(Map.of("TODO_WS_PORT", Integer.toString(wanted)));
        port(HTTP_LINE, c.line());
        assertEquals(wanted, port(WS_LINE, c.line()));
        connect(wanted).ok(json("type", "ping"));
    }

    @Test
    void theWsPortFlagWinsOverTheEnvironmentVariable() throws Exception {
        // The environment names a port that is taken: only if the flag wins can the server start.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int wanted = Ports.free();
            Child c = startServer(Map.of("TODO_WS_PORT", Integer.toString(taken.getLocalPort())),
                    "--ws-port", Integer.toString(wanted));
            port(HTTP_LINE, c.line());
            assertEquals(wanted, port(WS_LINE, c.line()));
            connect(wanted).ok(json("type", "ping"));
        }
    }

    // ---- SIGTERM -------------------------------------------------------------------------------------------

    @Test
    void sigtermClosesConnectedClientsWith1001AndExits() throws Exception {
        Child c = startServer(Map.of());
        port(HTTP_LINE, c.line());
        int ws = port(WS_LINE, c.line());
        TestClient client = connect(ws);
        client.ok(json("type", "ping"));
        c.process.destroy();
        assertEquals(1001, client.awaitClose());
        c.awaitExit();
    }

    @Test
    void aChangeAcknowledgedBeforeSigtermIsStillThereAfterARestart() throws Exception {
        Child first = startServer(Map.of());
        port(HTTP_LINE, first.line());
        TestClient a = connect(port(WS_LINE, first.line()));
        a.ok(json("type", "register", "username", "alice", "password", "password-alice"));
        long list = a.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
        a.ok(json("type", "task.create", "list", list, "name", "survives"));
        first.process.destroy();
        first.awaitExit();

        Child second = startServer(Map.of());
        port(HTTP_LINE, second.line());
        TestClient b = connect(port(WS_LINE, second.line()));
        b.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        Optional<String> name = b.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").asList().stream()
                .map(t -> t.getAsJsonObject().get("name").getAsString()).findFirst();
        assertEquals(Optional.of("survives"), name);
    }
}
