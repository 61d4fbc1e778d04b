package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestServer;

/**
 * Issue 6, findings 1, 6 and 9: what a WebSocket handshake may be. Bounded in size (refused with 431 before it is
 * parsed) and in time (408, then closed), only at the path we serve, and a browser page only from a host name the
 * server is configured for (DNS rebinding).
 */
class HandshakeTest {
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int ws() {
        return server.server.wsPort();
    }

    private int http() {
        return server.server.httpPort();
    }

    @Test
    void aHandshakeOverTheSizeLimitIsRefusedWith431WithoutReadingItAll() throws Exception {
        server = TestServer.start(dir);
        try (Socket s = Sockets.connect(Sockets.ATTACKER, ws())) {
            // 4 MiB of request line: the unfixed server buffered and re-parsed all of it, then answered 101.
            String line = "GET /" + "a".repeat(4 * 1024 * 1024);
            String answer;
            try {
                Sockets.send(s, line);
                answer = Sockets.head(s);
            } catch (IOException e) {
                answer = Sockets.head(s); // the server may close while we are still sending
            }
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer.length() > 200 ? answer.substring(0, 200) : answer);
        }
    }

    @Test
    void aConnectionThatNeverSendsAHandshakeIsClosedAfterTheTimeout() throws Exception {
        server = TestServer.start(TestServer.config(dir).withNet(NetConfig.defaults().withHandshake(1, 16384)));
        try (Socket s = Sockets.connect(Sockets.ATTACKER, ws())) {
            String answer = Sockets.head(s);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(Sockets.closedByServer(s));
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithinTheDefaultTimeout() throws Exception {
        server = TestServer.start(dir);
        try (Socket s = Sockets.connect(Sockets.ATTACKER, ws())) {
            s.setSoTimeout((NetConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS + 5) * 1000);
            assertTrue(Sockets.closedByServer(s), "still open after the handshake timeout");
        }
    }

    @Test
    void onlyThePathWeServeIsUpgraded() throws Exception {
        server = TestServer.start(dir);
        for (String path : List.of("/x", "/admin", "/..", "//")) {
            String status = Sockets.handshake(Sockets.HONEST, ws(), path, "");
            assertTrue(status.startsWith("HTTP/1.1 404 "), path + ": " + status);
        }
        assertTrue(Sockets.handshake(Sockets.HONEST, ws(), "/", "").startsWith("HTTP/1.1 101 "));
    }

    @Test
    void aPageFromAReboundHostNameIsRefused() throws Exception {
        server = TestServer.start(dir);
        String evil = "Host: evil.example:" + ws() + "\r\nOrigin: http://evil.example:" + http() + "\r\n";
        String status = handshakeWithHeaders(evil);
        assertTrue(status.startsWith("HTTP/1.1 404 "), status);
    }

    @Test
    void thePageServedFromLocalhostOrAnAddressIsAccepted() throws Exception {
        server = TestServer.start(dir);
        for (String host : List.of("localhost", "127.0.0.1")) {
            String h = "Host: " + host + ":" + ws() + "\r\nOrigin: http://" + host + ":" + http() + "\r\n";
            assertTrue(handshakeWithHeaders(h).startsWith("HTTP/1.1 101 "), host);
        }
    }

    @Test
    void aConfiguredPublicHostNameIsAccepted() throws Exception {
        server = TestServer.start(TestServer.config(dir).withNet(NetConfig.defaults().withPublicHosts(List.of("todo.example"))));
        String h = "Host: todo.example:" + ws() + "\r\nOrigin: http://todo.example:" + http() + "\r\n";
        assertTrue(handshakeWithHeaders(h).startsWith("HTTP/1.1 101 "));
        assertEquals("HTTP/1.1 404 WebSocket Upgrade Failure",
                handshakeWithHeaders("Host: evil.example:" + ws() + "\r\nOrigin: http://evil.example:" + http() + "\r\n"));
    }

    /** An upgrade to "/" whose Host and Origin lines are {@code headers}. */
    private String handshakeWithHeaders(String headers) throws IOException {
        try (Socket s = Sockets.connect(Sockets.HONEST, ws())) {
            String req = Sockets.upgrade(ws(), "/", headers).replaceFirst("Host: 127\\.0\\.0\\.1:\\d+\r\n", "");
            Sockets.send(s, req);
            return Sockets.head(s).lines().findFirst().orElse("");
        }
    }
}
