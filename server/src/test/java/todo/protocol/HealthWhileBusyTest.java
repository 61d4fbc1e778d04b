package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.store.SqliteStore;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * {@code /healthz} reports the database unavailable only when the writer stops committing, not merely because its
 * probe waits in a long queue of honest writes. Found by attack: {@code /healthz} answered 503 while one user's
 * bulk writes kept the writer busy. The probe is held here, as a long queue would hold it.
 */
class HealthWhileBusyTest {
    @TempDir
    Path dir;
    private TestServer server;
    private PasswordChangeRaceTest.HoldingStore store;

    @BeforeEach
    void start() throws Exception {
        var config = TestServer.config(dir);
        server = TestServer.start(config, loop -> store = new PasswordChangeRaceTest.HoldingStore(
                SqliteStore.open(config.db(), loop)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Asks /healthz with its probe write held in the store. */
    private CompletableFuture<HttpResponse<String>> healthWithItsProbeHeld() {
        store.holdNextWrite();
        CompletableFuture<HttpResponse<String>> f = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> store.held() == 1);
        return f;
    }

    @Test
    void healthzIsOkWhileItsProbeWaitsBehindWritesThatKeepCommitting() throws Exception {
        TestClient alice = server.user("alice");
        long list = alice.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject().get("id").getAsLong();
        CompletableFuture<HttpResponse<String>> health = healthWithItsProbeHeld();
        for (int i = 0; !health.isDone(); i++) {
            alice.ok(json("type", "task.create", "list", list, "name", "busy " + i));
        }
        HttpResponse<String> res = health.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void healthzIs503WhenItsProbeWaitsAndNothingCommits() throws Exception {
        HttpResponse<String> res = healthWithItsProbeHeld().get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(503, res.statusCode(), res.body());
    }
}
