package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.ServerTest;
import todo.support.TestClient;

/**
 * Password hashing is shared fairly between remote addresses, so a login flood from one address cannot deny
 * sign-in to everyone else. Found by attack: 300 connections each keeping one {@code login} in flight held the
 * 256-slot hashing queue full, and a legitimate login got {@code rate_limited} on 45 of 45 attempts.
 * All test traffic is on loopback: the flood comes from 127.0.0.1, the legitimate user from 127.0.0.2.
 */
class FairHashingTest extends ServerTest {
    /** As in the finding. */
    private static final int FLOOD_CONNECTIONS = 300;
    /** Tens of milliseconds per check, so the flood keeps the pool busy. */
    private static final int ITERATIONS = 100_000;
    /** How long the flood waits after each reply before sending again: keeps it from burning the test's CPU. */
    private static final long FLOOD_PAUSE_MS = 50;
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger floodRefused = new AtomicInteger();
    private final AtomicInteger floodAnswered = new AtomicInteger();
    private volatile boolean flooding = true;

    @Override
    protected Config config(Config defaults) {
        return defaults.withPasswordIterations(ITERATIONS);
    }

    @AfterEach
    void stopFlooding() {
        flooding = false;
        pacer.shutdownNow();
    }

    /** Keeps one login for a user that does not exist in flight on {@code c}, for as long as the test floods. */
    private void keepLoggingIn(TestClient c, int n) {
        if (!flooding || !c.isOpen()) {
            return;
        }
        c.send(json("type", "login", "username", "nobody" + n, "password", "guess-" + n)).whenComplete((r, e) -> {
            if (r != null) {
                floodAnswered.incrementAndGet();
                if ("rate_limited".equals(r.has("error") ? r.get("error").getAsString() : null)) {
                    floodRefused.incrementAndGet();
                }
            }
            if (flooding) {
                pacer.schedule(() -> keepLoggingIn(c, n), FLOOD_PAUSE_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void flood(int connections) {
        for (int i = 0; i < connections; i++) {
            keepLoggingIn(server.connect(), i);
        }
    }

    @Test
    void aLegitimateLoginFromAnotherAddressSucceedsPromptlyWhileOneAddressFloodsLogins() {
        server.user("alice");
        flood(FLOOD_CONNECTIONS);
        await("the flood is refused beyond its share").atMost(TestClient.TIMEOUT)
                .until(() -> floodRefused.get() >= FLOOD_CONNECTIONS);

        TestClient alice = server.connectFrom("127.0.0.2");
        for (int attempt = 1; attempt <= 5; attempt++) {
            long started = System.nanoTime();
            JsonObject reply = alice.request(json("type", "login", "username", "alice", "password", "password-alice"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(reply.get("ok").getAsBoolean(), "attempt " + attempt + " during the flood: " + reply);
            assertTrue(took.compareTo(PROMPTLY) < 0, "attempt " + attempt + " took " + took);
        }
        int answeredBefore = floodAnswered.get();
        await("the flood is still running").atMost(TestClient.TIMEOUT).until(() -> floodAnswered.get() > answeredBefore);
    }

    @Test
    void aFloodingAddressStillGetsItsShareOfChecks() {
        server.user("alice");
        flood(FLOOD_CONNECTIONS / 10);
        await().atMost(TestClient.TIMEOUT).until(() -> floodRefused.get() > 0);
        int checked = floodAnswered.get() - floodRefused.get();
        await("wrong-password answers keep coming for the flooding address").atMost(TestClient.TIMEOUT)
                .until(() -> floodAnswered.get() - floodRefused.get() > checked + 10);
    }
}
