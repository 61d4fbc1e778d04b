package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.TestClient;
import todo.support.WatchedServerTest;
import todo.support.WatchedStore;

/**
 * {@code /healthz} reports the database unavailable only when the writer stops committing, not merely because its
 * probe waits in a long queue of honest writes. Found by attack: {@code /healthz} answered 503 while one user's
 * bulk writes kept the writer busy. The probe is held here, as a long queue would hold it.
 */
class HealthWhileBusyTest extends WatchedServerTest {
    /** The busy writes come back to back for over 3 s: more than the default rate limit lets through. */
    @Override
    protected Config config(Config defaults) {
        return defaults.withMaxRate(0);
    }

    /** Asks /healthz with its probe write held in the store. */
    private CompletableFuture<HttpResponse<String>> healthWithItsProbeHeld() {
        WatchedStore store = store();
        store.holdNextWrite();
        CompletableFuture<HttpResponse<String>> f = CompletableFuture.supplyAsync(server::healthz);
        await().atMost(TestClient.TIMEOUT).until(() -> store.held() == 1);
        return f;
    }

    @Test
    void healthzIsOkWhileItsProbeWaitsBehindWritesThatKeepCommitting() {
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        CompletableFuture<HttpResponse<String>> health = healthWithItsProbeHeld();
        for (int i = 0; !health.isDone(); i++) {
            alice.createTask(list, "name", "busy " + i);
        }
        HttpResponse<String> res = health.join();
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void healthzIs503WhenItsProbeWaitsAndNothingCommits() {
        HttpResponse<String> res = healthWithItsProbeHeld().join();
        assertEquals(503, res.statusCode(), res.body());
    }
}
