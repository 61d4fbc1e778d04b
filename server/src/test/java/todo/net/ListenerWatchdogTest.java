package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.app.Server;
import todo.support.TestServer;

/**
 * Issue 6, finding 1, last resort: if the WebSocket listening socket is closed anyway (as Java-WebSocket 1.6.0 does
 * when accept() throws), /healthz says so and the server reports the failure, on which Main exits non-zero.
 */
class ListenerWatchdogTest {
    @TempDir
    Path dir;

    @Test
    void aClosedWebSocketListenerMakesHealthUnavailableAndFailsTheServer() throws Exception {
        try (TestServer t = TestServer.start(dir)) {
            t.connect().ok(todo.support.TestClient.json("type", "ping")); // the listener has accepted once
            closeListeningSocketAsTheLibraryWould(t.server);
            String why = t.server.failed().get(10, TimeUnit.SECONDS);
            assertTrue(why.contains("WebSocket"), why);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(t.httpUrl() + "healthz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"ws\":\"unavailable\""), health.body());
        }
    }

    /** Reaches into the library for its listening channel: the state its handleIOException leaves behind. */
    private static void closeListeningSocketAsTheLibraryWould(Server server) throws Exception {
        Field wsField = Server.class.getDeclaredField("ws");
        wsField.setAccessible(true);
        Field channel = WebSocketServer.class.getDeclaredField("server");
        channel.setAccessible(true);
        ((ServerSocketChannel) channel.get(wsField.get(server))).close();
    }
}
