package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestServer;

/** Issue 6, findings 2 and 9: the HTTP port under slow, oversized and misleading requests. */
class HttpHardeningTest {
    private static final int SLOW_CLIENTS = 16;

    @TempDir
    Path dir;
    private TestServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket open(String from) throws IOException {
        Socket s = Sockets.connect(from, server.server.httpPort());
        sockets.add(s);
        return s;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path.substring(1)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestHeadsThatNeverFinishDoNotBlockThePageConfigOrHealth() throws Exception {
        server = TestServer.start(dir);
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Sockets.send(open(Sockets.ATTACKER), "GET / HTTP/1.1\r\nHost: x\r\n");
        }
        assertEquals(200, get("/healthz").statusCode());
        assertEquals(200, get("/config.json").statusCode());
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void aRequestHeadNotFinishedWithinTheHeaderTimeoutIsAnswered408AndClosed() throws Exception {
        server = TestServer.start(TestServer.config(dir).withNet(NetConfig.defaults().withHttp(1, 30, 16384, 65536)));
        Socket s = open(Sockets.ATTACKER);
        Sockets.send(s, "GET / HTTP/1.1\r\nHost: x\r\n");
        String head = Sockets.head(s);
        assertTrue(head.startsWith("HTTP/1.1 408 "), head);
        assertTrue(Sockets.closedByServer(s));
    }

    @Test
    void anIdleConnectionIsClosedAfterTheHeaderTimeoutWithoutAnAnswer() throws Exception {
        server = TestServer.start(TestServer.config(dir).withNet(NetConfig.defaults().withHttp(1, 30, 16384, 65536)));
        Socket s = open(Sockets.ATTACKER);
        assertTrue(Sockets.closedByServer(s));
    }

    @Test
    void aRequestHeadOverTheSizeLimitIsAnswered431() throws Exception {
        server = TestServer.start(dir);
        Socket s = open(Sockets.ATTACKER);
        Sockets.send(s, "GET /" + "a".repeat(NetConfig.DEFAULT_MAX_HTTP_HEADER_BYTES) + " HTTP/1.1\r\n");
        String head = Sockets.head(s);
        assertTrue(head.startsWith("HTTP/1.1 431 "), head);
    }

    @Test
    void aBodyOverTheSizeLimitIsAnswered413() throws Exception {
        server = TestServer.start(dir);
        Socket s = open(Sockets.ATTACKER);
        Sockets.send(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (NetConfig.DEFAULT_MAX_HTTP_BODY_BYTES + 1) + "\r\n\r\n");
        String head = Sockets.head(s);
        assertTrue(head.startsWith("HTTP/1.1 413 "), head);
    }

    @Test
    void requestsOnOneKeptAliveConnectionAreAnsweredInTurn() throws Exception {
        server = TestServer.start(dir);
        Socket s = open(Sockets.HONEST);
        Sockets.send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nHEAD /config.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String first = Sockets.head(s);
        assertTrue(first.startsWith("HTTP/1.1 200 "), first);
        int length = Integer.parseInt(first.replaceAll("(?is).*content-length: (\\d+).*", "$1"));
        assertEquals(length, s.getInputStream().readNBytes(length).length);
        String second = Sockets.head(s);
        assertTrue(second.startsWith("HTTP/1.1 200 "), second);
    }

    @Test
    void folderPathsAreNotFoundRatherThanEmptyFiles() throws Exception {
        server = TestServer.start(dir);
        for (String path : List.of("/js", "/css", "/js/views")) {
            assertEquals(404, get(path).statusCode(), path);
        }
        assertEquals(200, get("/js/app.js").statusCode());
    }

    @Test
    void jsonAnswersForbidContentSniffing() throws Exception {
        server = TestServer.start(dir);
        for (String path : List.of("/healthz", "/config.json")) {
            assertEquals("nosniff", get(path).headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
    }

    @Test
    void anUnknownHostHeaderIsNotReflectedIntoConfigOrThePolicy() throws Exception {
        server = TestServer.start(dir);
        Socket s = open(Sockets.HONEST);
        Sockets.send(s, "GET /config.json HTTP/1.1\r\nHost: evil.example:" + server.server.httpPort() + "\r\n\r\n");
        String head = Sockets.head(s);
        String body = new String(s.getInputStream().readNBytes(
                Integer.parseInt(head.replaceAll("(?is).*content-length: (\\d+).*", "$1"))));
        assertEquals("{\"ws\":\"ws://127.0.0.1:" + server.server.wsPort() + "/\"}", body);
        Sockets.send(s, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        String page = Sockets.head(s);
        assertTrue(page.startsWith("HTTP/1.1 200 "), page);
        assertFalse(page.contains("evil.example"), page);
    }

    @Test
    void healthReportsBothListenersAndTheDatabase() throws Exception {
        server = TestServer.start(dir);
        HttpResponse<String> r = get("/healthz");
        assertEquals(200, r.statusCode());
        for (String field : List.of("\"status\":\"ok\"", "\"http\":\"ok\"", "\"ws\":\"ok\"", "\"db\":\"ok\"")) {
            assertTrue(r.body().contains(field), r.body());
        }
    }
}
