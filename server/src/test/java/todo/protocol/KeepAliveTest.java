package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.RawClient;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * WebSocket pings keep answering peers connected and drop silent ones within two ping intervals. The servers
 * here ping every few seconds so that this takes seconds; production pings every 30 s.
 */
class KeepAliveTest {
    /** Two intervals is the promise; the rest is room for a slow machine, not part of the contract. */
    private static final Duration SLACK = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private TestServer server;

    private TestServer start(int pingIntervalSeconds) throws IOException {
        server = TestServer.start(TestServer.config(dir).withPingInterval(pingIntervalSeconds));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDroppedWithinTwoPingIntervals() throws IOException {
        int interval = 1;
        start(interval);
        try (RawClient silent = new RawClient(server.server.wsPort())) {
            await().atMost(TestClient.TIMEOUT).until(() -> server.server.connections() == 1);

            await().atMost(Duration.ofSeconds(2L * interval).plus(SLACK)).until(() -> server.server.connections() == 0);

            // What the peer would have seen: pings it never answered, then the end of the connection.
            int pings = 0;
            try {
                while (true) {
                    silent.readFrame();
                    if (silent.opcode() == RawClient.OP_PING) pings++;
                }
            } catch (IOException endOfConnection) {
                assertTrue(pings >= 1, "the server pinged before dropping the peer, saw " + pings + " pings");
            }
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysConnectedAcrossManyIntervals() throws IOException {
        // A longer interval than above: a pong that came back more than one interval late would count as silence,
        // and a loaded machine can delay one by a second.
        int interval = 3;
        start(interval);
        TestClient alice = server.user("alice");
        // Three answered pings span two intervals, past the 1.5 after which a silent peer is dropped.
        await().atMost(Duration.ofSeconds(3L * interval).plus(SLACK)).until(() -> alice.pingsAnswered() >= 3);

        assertTrue(alice.isOpen());
        assertEquals(1, server.server.connections());
        alice.ok(json("type", "ping"));
    }
}
