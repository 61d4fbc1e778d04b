package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.RawClient;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * WebSocket pings keep answering peers connected and drop silent ones within two ping intervals. The server
 * runs with {@code --ping-interval 1} so that this takes seconds; production pings every 30 s.
 */
class KeepAliveTest {
    private static final int PING_INTERVAL_SECONDS = 1;
    /** Two intervals is the promise; the rest is room for a slow machine, not part of the contract. */
    private static final Duration DROP_WITHIN = Duration.ofSeconds(2L * PING_INTERVAL_SECONDS + 8);

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(TestServer.config(dir).withPingInterval(PING_INTERVAL_SECONDS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDroppedWithinTwoPingIntervals() throws IOException {
        try (RawClient silent = new RawClient(server.server.wsPort())) {
            await().atMost(TestClient.TIMEOUT).until(() -> server.server.connections() == 1);

            await().atMost(DROP_WITHIN).until(() -> server.server.connections() == 0);

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
    void aPeerThatAnswersPingsStaysConnectedAcrossManyIntervals() {
        TestClient alice = server.user("alice");
        // Five answered pings span more than the 1.5 intervals after which a silent peer would be dropped.
        await().atMost(TestClient.TIMEOUT).until(() -> alice.pingsAnswered() >= 5);

        assertTrue(alice.isOpen());
        assertEquals(1, server.server.connections());
        alice.ok(json("type", "ping"));
    }
}
