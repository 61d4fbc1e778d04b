package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.MainProcess.HTTP_LINE;
import static todo.support.MainProcess.WS_LINE;
import static todo.support.MainProcess.port;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import todo.support.MainProcess;
import todo.support.MainProcesses;
import todo.support.Ports;
import todo.support.TestClient;

/** The real {@code Main} as a child process: startup lines, flags, environment, --help, SIGTERM. */
class CliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final MainProcesses mains = new MainProcesses();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
    }

    private MainProcess start(Map<String, String> env, String... args) throws IOException {
        return mains.start(dir, env, args);
    }

    private MainProcess startServer(Map<String, String> env, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--db", dir.resolve("todo.db").toString(),
                "--password-iterations", "1000"));
        args.addAll(List.of(extra));
        if (!args.contains("--ws-port") && !env.containsKey("TODO_WS_PORT")) {
            args.addAll(List.of("--ws-port", "0"));
        }
        return start(env, args.toArray(String[]::new));
    }

    private TestClient connect(int wsPort) {
        TestClient c = TestClient.connect("ws://127.0.0.1:" + wsPort + "/");
        clients.add(c);
        return c;
    }

    // ---- startup lines -------------------------------------------------------------------------------------

    @Test
    void stdoutIsExactlyTheTwoListeningLinesAndNothingElse() throws Exception {
        MainProcess c = startServer(Map.of());
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
        MainProcess c = startServer(Map.of());
        int http = port(HTTP_LINE, c.line());
        int ws = port(WS_LINE, c.line());
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/healthz"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
        connect(ws).ok(json("type", "ping"));
    }

    @Test
    void theStartUpWarmUpLeavesNoneOfItsAccountsInTheServersDatabase() throws Exception {
        MainProcess c = startServer(Map.of()); // the warm-up is on by default
        TestClient client = connect(c.awaitStarted());
        JsonObject reply = client.request(json("type", "login", "username", "warmupa", "password", "warm-up password"));
        assertEquals("bad_credentials", reply.get("error").getAsString(), reply.toString());
    }

    // ---- flags and environment -----------------------------------------------------------------------------

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() throws Exception {
        MainProcess c = start(Map.of(), "--help");
        assertEquals(0, c.awaitExit(), c.stderr());
        String out = String.join("\n", c.rest());
        assertTrue(out.contains("Usage"), out);
        assertTrue(out.contains("--ws-port") && out.contains("--port") && out.contains("--db")
                && out.contains("--allow-origin") && out.contains("--host"), out);
        assertFalse(out.contains("listening"), "--help starts nothing: " + out);
    }

    @Test
    void anUnknownFlagExitsWithCode2AndAMessageOnStderr() throws Exception {
        MainProcess c = start(Map.of(), "--bogus", "1");
        assertEquals(2, c.awaitExit());
        assertTrue(c.stderr().contains("--bogus"), "stderr names the flag: " + c.stderr());
        assertEquals(List.of(), c.rest(), "nothing on stdout");
    }

    @Test
    void aBadFlagValueExitsWithCode2AndAMessageOnStderr() throws Exception {
        MainProcess c = start(Map.of(), "--port", "eighty");
        assertEquals(2, c.awaitExit());
        assertTrue(c.stderr().contains("--port"), "stderr names the flag: " + c.stderr());
        assertEquals(List.of(), c.rest(), "nothing on stdout");
    }

    @Test
    void theTodoWsPortEnvironmentVariableIsHonoured() throws Exception {
        int wanted = Ports.free();
        MainProcess c = startServer(Map.of("TODO_WS_PORT", Integer.toString(wanted)));
        port(HTTP_LINE, c.line());
        assertEquals(wanted, port(WS_LINE, c.line()));
        connect(wanted).ok(json("type", "ping"));
    }

    @Test
    void theWsPortFlagWinsOverTheEnvironmentVariable() throws Exception {
        // The environment names a port that is taken: only if the flag wins can the server start.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int wanted = Ports.free();
            MainProcess c = startServer(Map.of("TODO_WS_PORT", Integer.toString(taken.getLocalPort())),
                    "--ws-port", Integer.toString(wanted));
            port(HTTP_LINE, c.line());
            assertEquals(wanted, port(WS_LINE, c.line()));
            connect(wanted).ok(json("type", "ping"));
        }
    }

    // ---- SIGTERM -------------------------------------------------------------------------------------------

    @Test
    void sigtermClosesConnectedClientsWith1001AndExits() throws Exception {
        MainProcess c = startServer(Map.of());
        int ws = c.awaitStarted();
        TestClient client = connect(ws);
        client.ok(json("type", "ping"));
        c.process.destroy();
        assertEquals(1001, client.awaitClose());
        c.awaitExit();
    }

    @Test
    void aChangeAcknowledgedBeforeSigtermIsStillThereAfterARestart() throws Exception {
        MainProcess first = startServer(Map.of());
        TestClient a = connect(first.awaitStarted());
        a.ok(json("type", "register", "username", "alice", "password", "password-alice"));
        long list = a.firstList();
        a.ok(json("type", "task.create", "list", list, "name", "survives"));
        first.process.destroy();
        first.awaitExit();

        MainProcess second = startServer(Map.of());
        TestClient b = connect(second.awaitStarted());
        b.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        Optional<String> name = b.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks").asList().stream()
                .map(t -> t.getAsJsonObject().get("name").getAsString()).findFirst();
        assertEquals(Optional.of("survives"), name);
    }
}
