package todo.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestServer;

/** A REST request in flight when the server is asked to stop is answered, and what it answered is kept. */
class RestShutdownTest {
    /** Enough PBKDF2 work that register is still hashing when the stop begins. */
    static final int SLOW_ITERATIONS = 400_000;

    @TempDir
    Path dir;

    @Test
    void aRegisterInFlightAtShutdownIsAnsweredAndCommitted() throws Exception {
        TestServer server = TestServer.start(TestServer.config(dir).withPasswordIterations(SLOW_ITERATIONS));
        CompletableFuture<HttpResponse<String>> answer;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.httpPort()
                    + "/api/v1/accounts")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=password-alice")).build();
            answer = HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofString());
            await().atMost(todo.support.TestClient.TIMEOUT).until(RestShutdownTest::hashing);
        } finally {
            server.close();
        }
        assertEquals(201, answer.get(20, TimeUnit.SECONDS).statusCode(), answer.get().body());

        try (TestServer again = TestServer.start(TestServer.config(dir))) {
            new Rest(again).login("alice");
        }
    }

    @Test
    void aRequestArrivingDuringTheDrainIs503WithRetryAfter() throws Exception {
        TestServer server = TestServer.start(TestServer.config(dir).withPasswordIterations(SLOW_ITERATIONS));
        Rest rest = new Rest(server);
        CompletableFuture<Rest.Answer> inFlight = CompletableFuture.supplyAsync(() -> rest.call("POST", "accounts")
                .form("username=alice&password=password-alice").send());
        Thread closer = new Thread(server::close, "test-closer");
        try {
            await().atMost(todo.support.TestClient.TIMEOUT).until(RestShutdownTest::hashing);
            closer.start();
            // Before the drain begins this is 401 (no token); once it has begun, 503.
            Rest.Answer refused = await().atMost(todo.support.TestClient.TIMEOUT)
                    .pollInterval(java.time.Duration.ofMillis(10))
                    .until(() -> rest.get("lists", null), a -> a.status() != 401);
            refused.expectError(503, "unavailable");
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(201, inFlight.get(20, TimeUnit.SECONDS).status());
        } finally {
            closer.join(30_000);
            server.close();
        }
    }

    /** Whether a crypto thread is hashing a password now. */
    private static boolean hashing() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> e.getKey().getName()
                .startsWith("todo-crypto") && Arrays.stream(e.getValue())
                .anyMatch(f -> f.getClassName().startsWith("todo.security.Passwords")));
    }
}
