package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, finding 1: the WebSocket listener must outlive file-descriptor exhaustion. The real server runs as a
 * child process under a low {@code ulimit -n}; an attacker on 127.0.0.2 opens more idle connections than it has
 * descriptors for.
 */
class ListenerTest {
    private static final int OPEN_FILES = 256;
    private static final int ATTACK_SOCKETS = 400;
    private static final int PER_ADDRESS = 64;

    @TempDir
    Path dir;

    @Test
    void anotherClientCanStillConnectWhileOneAddressHoldsMoreSocketsThanTheServerHasDescriptors() throws Exception {
        try (ChildServer s = ChildServer.start(dir, OPEN_FILES,
                Map.of("TODO_MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS)))) {
            List<Socket> attack = flood(s.httpPort);
            try {
                assertSwitched(upgradeStatus(Sockets.HONEST, s.wsPort), s);
                assertEquals(200, health(s.httpPort), "healthz while under attack");
            } finally {
                closeAll(attack);
            }
        }
    }

    @Test
    void theWebSocketListenerAcceptsAgainOnceTheDescriptorsAreFreed() throws Exception {
        // No per-address cap here: the attacker fills every descriptor the process has.
        try (ChildServer s = ChildServer.start(dir, OPEN_FILES, Map.of())) {
            List<Socket> attack = flood(s.httpPort);
            attack.addAll(flood(s.wsPort));
            try {
                Sockets.handshake(Sockets.HONEST, s.wsPort, "/", ""); // refused or made to wait: the server is full
            } catch (IOException e) {
                // Refused outright is what the unfixed server did here; the assertion below is the point.
            }
            closeAll(attack);
            assertSwitched(upgradeStatus(Sockets.HONEST, s.wsPort), s);
            assertEquals(200, health(s.httpPort));
        }
    }

    @Test
    void aServerThatIsFullTellsNewClients503AndAnAddressOverItsShare429() throws Exception {
        try (ChildServer s = ChildServer.start(dir, 0, Map.of("TODO_MAX_CONNECTIONS", "20",
                "TODO_MAX_CONNECTIONS_PER_ADDRESS", "10"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    held.add(Sockets.connect(Sockets.ATTACKER, s.httpPort));
                }
                // Accepting is asynchronous: the last connections may not be counted yet when the next one arrives.
                awaitStatus("HTTP/1.1 429 ", Sockets.ATTACKER, s.wsPort);
                for (int i = 0; i < 10; i++) {
                    held.add(Sockets.connect("127.0.0." + (10 + i), s.httpPort));
                }
                awaitStatus("HTTP/1.1 503 ", Sockets.HONEST, s.wsPort);
            } finally {
                closeAll(held);
            }
            awaitStatus("HTTP/1.1 101 ", Sockets.HONEST, s.wsPort);
        }
    }

    @Test
    void sigtermExitsWithStatus0AfterACleanShutdown() throws Exception {
        try (ChildServer s = ChildServer.start(dir, 0, Map.of())) {
            assertEquals(200, health(s.httpPort));
            assertEquals(0, s.terminate(), "stderr: " + tail(s.stderr()));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Idle connections from the attacker's address, as many as {@link #ATTACK_SOCKETS} or until connecting fails. */
    private static List<Socket> flood(int port) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < ATTACK_SOCKETS; i++) {
            try {
                Socket sock = Sockets.connect(Sockets.ATTACKER, port);
                sockets.add(sock);
            } catch (IOException e) {
                break; // the backlog is full: the server has stopped accepting for now
            }
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static String upgradeStatus(String from, int wsPort) throws IOException {
        return Sockets.handshake(from, wsPort, "/", "");
    }

    private static int health(int httpPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitStatus(String prefix, String from, int wsPort) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upgradeStatus(from, wsPort), st -> st.startsWith(prefix));
    }

    private static void assertSwitched(String status, ChildServer s) {
        assertTrue(status.startsWith("HTTP/1.1 101 "), "got [" + status + "]; stderr: " + tail(s.stderr()));
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
