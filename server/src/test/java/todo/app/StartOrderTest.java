package todo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.Ports;
import todo.support.TestServer;

/**
 * Regression (CI, 2026-12-02: a browser reconnecting to a restarted server was told {@code ws://127.0.0.1:0/} and
 * its page's CSP blocked it): the HTTP side answered while the WebSocket listener was still starting, and named the
 * WebSocket port as 0. It now starts after the WebSocket listener, so whatever it answers names the real port.
 */
class StartOrderTest {
    @TempDir
    Path dir;

    @Test
    void whatTheHttpSideAnswersWhileTheServerStartsNamesTheRealWebSocketPort() throws Exception {
        int httpPort = Ports.free();
        String base = "http://127.0.0.1:" + httpPort + "/";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<String> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean started = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            // Asks as fast as it can from before the start until the server is up, then once more.
            for (boolean last = false; !last; ) {
                last = started.get();
                for (String path : new String[] {"config.json", ""}) {
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        answers.add(r.statusCode() + " " + r.headers().firstValue("Content-Security-Policy").orElse("")
                                + " " + (path.isEmpty() ? "" : r.body()));
                    } catch (IOException e) {
                        // not listening yet: ask again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "start-order-poller");
        poller.start();
        try (TestServer server = TestServer.start(TestServer.config(dir).withPort(httpPort).withWsPort(0))) {
            started.set(true);
            poller.join(10_000);
            assertTrue(!answers.isEmpty(), "the poller got answers");
            String port = ":" + server.server.wsPort();
            for (String a : answers) {
                assertTrue(a.startsWith("200 "), a);
                assertTrue(a.contains("ws://127.0.0.1" + port), "names the WebSocket port " + port + ": " + a);
                assertTrue(!a.contains(":0/") && !a.contains(":0;"), "never port 0: " + a);
            }
        } finally {
            poller.interrupt();
            poller.join(5_000);
        }
        assertEquals(false, poller.isAlive());
    }
}
