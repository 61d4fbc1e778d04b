package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Password hashing is shared fairly between remote addresses, so a login flood from one address cannot deny
 * sign-in to everyone else. Found by attack: 300 connections each keeping one {@code login} in flight held the
 * 256-slot hashing queue full, and a legitimate login got {@code rate_limited} on 45 of 45 attempts.
 * All test traffic is on loopback: the flood comes from 127.0.0.1, the legitimate user from 127.0.0.2 (Linux
 * routes all of 127.0.0.0/8 to the loopback interface, so a client socket can bind to it).
 */
class FairHashingTest {
    /** As in the finding. */
    private static final int FLOOD_CONNECTIONS = 300;
    /** Tens of milliseconds per check, so the flood keeps the pool busy. */
    private static final int ITERATIONS = 100_000;
    /** How long the flood waits after each reply before sending again: keeps it from burning the test's CPU. */
    private static final long FLOOD_PAUSE_MS = 50;
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    private TestServer server;
    private final List<TestClient> flood = new ArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger floodRefused = new AtomicInteger();
    private final AtomicInteger floodAnswered = new AtomicInteger();
    private volatile boolean flooding = true;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.config(dir).withPasswordIterations(ITERATIONS));
    }

    @AfterEach
    void stop() {
        flooding = false;
        pacer.shutdownNow();
        server.close();
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

    @Test
    void aLegitimateLoginFromAnotherAddressSucceedsPromptlyWhileOneAddressFloodsLogins() throws Exception {
        server.user("alice");
        for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
            TestClient c = server.connect();
            flood.add(c);
            keepLoggingIn(c, i);
        }
        await("the flood is refused beyond its share").atMost(TestClient.TIMEOUT)
                .until(() -> floodRefused.get() >= FLOOD_CONNECTIONS);

        AddressedClient alice = AddressedClient.connect(server.wsUrl(), "127.0.0.2");
        try {
            for (int attempt = 1; attempt <= 5; attempt++) {
                long started = System.nanoTime();
                JsonObject reply = alice.request(json("type", "login", "username", "alice", "password", "password-alice"));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(reply.get("ok").getAsBoolean(), "attempt " + attempt + " during the flood: " + reply);
                assertTrue(took.compareTo(PROMPTLY) < 0, "attempt " + attempt + " took " + took);
            }
        } finally {
            alice.closeBlocking();
        }
        int answeredBefore = floodAnswered.get();
        await("the flood is still running").atMost(TestClient.TIMEOUT).until(() -> floodAnswered.get() > answeredBefore);
    }

    @Test
    void aFloodingAddressStillGetsItsShareOfChecks() {
        server.user("alice");
        for (int i = 0; i < FLOOD_CONNECTIONS / 10; i++) {
            TestClient c = server.connect();
            flood.add(c);
            keepLoggingIn(c, i);
        }
        await().atMost(TestClient.TIMEOUT).until(() -> floodRefused.get() > 0);
        int checked = floodAnswered.get() - floodRefused.get();
        await("wrong-password answers keep coming for the flooding address").atMost(TestClient.TIMEOUT)
                .until(() -> floodAnswered.get() - floodRefused.get() > checked + 10);
    }

    /** A minimal WebSocket client whose socket is bound to a chosen local address before it connects. */
    static final class AddressedClient extends WebSocketClient {
        private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();

        private AddressedClient(URI uri) {
            super(uri);
        }

        static AddressedClient connect(String url, String localAddress) throws Exception {
            AddressedClient c = new AddressedClient(URI.create(url));
            Socket s = new Socket();
            s.bind(new InetSocketAddress(localAddress, 0));
            c.setSocket(s);
            if (!c.connectBlocking(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not connect from " + localAddress);
            }
            assertEquals(localAddress, c.getLocalSocketAddress().getAddress().getHostAddress());
            return c;
        }

        JsonObject request(JsonObject request) throws Exception {
            String id = "a" + ids.incrementAndGet();
            JsonObject r = request.deepCopy();
            r.addProperty("id", id);
            CompletableFuture<JsonObject> f = new CompletableFuture<>();
            pending.put(id, f);
            send(r.toString());
            return f.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {
            JsonObject o = JsonParser.parseString(message).getAsJsonObject();
            if (o.has("re") && !o.get("re").isJsonNull()) {
                CompletableFuture<JsonObject> f = pending.remove(o.get("re").getAsString());
                if (f != null) {
                    f.complete(o);
                }
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed " + code)));
        }

        @Override
        public void onError(Exception ex) {
            // Surfaces as a missing reply in the test.
        }
    }
}
