package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestClient;
import todo.support.TestServer;
import todo.support.infra.HaProxy;

/**
 * The shipped deploy/haproxy.cfg in front of two real servers (each on its own SQLite file for now): WebSocket
 * and HTTP through one address, and a client whose node stops reconnects to the other one.
 */
class HaProxyHarnessTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    TestServer nodeA;
    TestServer nodeB;
    HaProxy lb;

    @BeforeEach
    void start() throws IOException {
        nodeA = TestServer.start(dirA);
        nodeB = TestServer.start(dirB);
        lb = HaProxy.start(List.of(node("a", nodeA), node("b", nodeB)));
    }

    @AfterEach
    void stop() {
        if (lb != null) lb.close();
        if (nodeB != null) nodeB.close();
        if (nodeA != null) nodeA.close();
    }

    private static HaProxy.Node node(String name, TestServer s) {
        return new HaProxy.Node(name, s.server.httpPort(), s.server.wsPort());
    }

    @Test
    void aWebSocketThroughTheBalancerReachesANodeAndSpeaksTheProtocol() {
        try (TestClient c = TestClient.connect(lb.wsUrl())) {
            JsonObject reply = c.ok(json("type", "register", "username", "alice", "password", "password-alice"));
            assertEquals("alice", reply.getAsJsonObject("user").get("username").getAsString());
            JsonObject list = c.ok(json("type", "list.create", "title", "Groceries")).getAsJsonObject("list");
            c.ok(json("type", "subscribe", "list", list.get("id").getAsInt()));
            c.ok(json("type", "task.create", "list", list.get("id").getAsInt(), "name", "Oat milk"));
            assertEquals("Oat milk", c.awaitEvent("task.created").getAsJsonObject("task").get("name").getAsString());
            assertEquals(1, nodeA.server.connections() + nodeB.server.connections());
        }
    }

    @Test
    void configJsonThroughTheBalancerPointsTheWebClientAtTheBalancer() throws IOException {
        JsonObject config = JsonParser.parseString(get("config.json", 200)).getAsJsonObject();
        assertEquals("ws://127.0.0.1:" + lb.port() + "/", config.get("ws").getAsString());
    }

    @Test
    void plainHttpThroughTheBalancerReachesANode() throws IOException {
        assertTrue(get("healthz", 200).contains("\"status\":\"ok\""));
        assertTrue(get("", 200).contains("<html"), "the web client's page");
    }

    @Test
    void whenItsNodeStopsAClientReconnectsThroughTheBalancerToTheOtherNode() {
        TestClient first = TestClient.connect(lb.wsUrl());
        first.ok(json("type", "info"));
        await().atMost(WAIT).until(() -> nodeA.server.connections() + nodeB.server.connections() == 1);
        TestServer itsNode = nodeA.server.connections() == 1 ? nodeA : nodeB;
        TestServer other = itsNode == nodeA ? nodeB : nodeA;

        itsNode.close();
        first.awaitClose();
        first.close();

        // The first attempts may still be sent to the stopped node; HAProxy redispatches them to the live one.
        try (TestClient again = TestClient.connect(lb.wsUrl())) {
            again.ok(json("type", "register", "username", "bob", "password", "password-bob"));
            assertEquals(1, other.server.connections());
        }
    }

    private String get(String path, int status) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(lb.httpUrl() + path).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        try {
            assertEquals(status, c.getResponseCode(), path + "\n" + lb.logTail());
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
