package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import todo.support.MainProcess;
import todo.support.MainProcesses;
import todo.support.RawClient;
import todo.support.TestClient;
import todo.support.TestServer;

/** Acknowledged writes survive SIGKILL and graceful shutdown; a client that stops reading is cut off alone. */
class DurabilityTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final MainProcesses mains = new MainProcesses();
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        servers.forEach(TestServer::close);
    }

    // ---- a child process -----------------------------------------------------------------------------------

    private record Child(MainProcess main, int wsPort) {
        Process process() {
            return main.process;
        }

        String url() {
            return "ws://127.0.0.1:" + wsPort + "/";
        }
    }

    private Child startChild() throws Exception {
        MainProcess p = mains.start(dir, Map.of(),
                "--port", "0", "--ws-port", "0", "--db", dir.resolve("todo.db").toString(),
                "--password-iterations", "1000", "--max-rate", "0");
        return new Child(p, p.awaitStarted());
    }

    private static void kill(Child c) throws InterruptedException {
        c.process().destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
        assertTrue(c.process().waitFor(20, TimeUnit.SECONDS), "child did not die");
    }

    /**
     * Registers alice on a child, pipelines {@code total} creates and SIGKILLs the child from the client's own
     * receive thread the instant the {@code killAt}-th ok arrives. Answers the ids of every acknowledged task.
     */
    private Set<Long> createThenKill(Child child, int total, int killAt, long[] listOut) throws Exception {
        TestClient c = TestClient.connect(child.url());
        try {
            c.ok(json("type", "register", "username", "alice", "password", "password-alice"));
            long list = c.firstList();
            listOut[0] = list;
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger oks = new AtomicInteger();
            CompletableFuture<Void> killed = new CompletableFuture<>();
            List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                CompletableFuture<JsonObject> f = c.send(json("type", "task.create", "list", list, "name", "task " + i,
                        "note", "x".repeat(200)));
                f.thenAccept(r -> {
                    if (r.get("ok").getAsBoolean()) {
                        acked.add(r.getAsJsonObject("task").get("id").getAsLong());
                        if (oks.incrementAndGet() == killAt) {
                            child.process().destroyForcibly();
                            killed.complete(null);
                        }
                    }
                });
                fs.add(f);
            }
            killed.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            kill(child);
            c.awaitClose();
            // Once every future is settled, ok replies read before the socket died are acknowledgements too.
            org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT)
                    .until(() -> fs.stream().allMatch(CompletableFuture::isDone));
            assertTrue(acked.size() >= killAt);
            return new HashSet<>(acked);
        } finally {
            c.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillRightAfterTheLastOk() throws Exception {
        long[] list = new long[1];
        Set<Long> acked = createThenKill(startChild(), 500, 500, list);
        assertEquals(500, acked.size());

        Child again = startChild();
        try (TestClient c = TestClient.login(again.url(), "alice")) {
            Set<Long> stored = c.taskIds(list[0]);
            assertEquals(acked, stored);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillInTheMiddleOfAStream() throws Exception {
        long[] list = new long[1];
        Set<Long> acked = createThenKill(startChild(), 2000, 300, list);

        Child again = startChild();
        try (TestClient c = TestClient.login(again.url(), "alice")) {
            Set<Long> stored = c.taskIds(list[0]);
            Set<Long> lost = new HashSet<>(acked);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), "acknowledged but lost: " + lost.size() + " of " + acked.size());
            // And the store is consistent: the list rev equals the number of task changes that survived.
            JsonObject sub = c.ok(json("type", "subscribe", "list", list[0]));
            assertEquals(stored.size(), sub.get("rev").getAsLong());
        }
    }

    // ---- graceful shutdown ---------------------------------------------------------------------------------

    @Test
    void gracefulShutdownCommitsEveryAcknowledgedCreateAndClosesWith1001() throws Exception {
        TestServer first = TestServer.start(TestServer.config(dir).withMaxRate(0));
        servers.add(first);
        TestClient alice = first.user("alice");
        long list = alice.firstList();
        List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
        AtomicInteger oks = new AtomicInteger();
        CompletableFuture<Void> fewArrived = new CompletableFuture<>();
        for (int i = 0; i < 100; i++) {
            CompletableFuture<JsonObject> f = alice.send(json("type", "task.create", "list", list, "name", "t" + i));
            f.thenAccept(r -> {
                if (oks.incrementAndGet() == 5) fewArrived.complete(null);
            });
            fs.add(f);
        }
        fewArrived.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(first.server::close);

        assertEquals(1001, alice.awaitClose());
        closing.get(30, TimeUnit.SECONDS);
        Set<Long> acked = new HashSet<>();
        for (CompletableFuture<JsonObject> f : fs) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                JsonObject r = f.join();
                assertTrue(r.get("ok").getAsBoolean(), r.toString());
                acked.add(r.getAsJsonObject("task").get("id").getAsLong());
            }
        }
        assertTrue(acked.size() >= 5);

        TestServer second = TestServer.start(TestServer.config(dir).withMaxRate(0));
        servers.add(second);
        TestClient again = second.signIn("alice");
        Set<Long> stored = again.taskIds(list);
        assertTrue(stored.containsAll(acked), "acknowledged but lost: " + acked.size() + " acked, " + stored.size() + " stored");
    }

    // ---- the slow consumer ---------------------------------------------------------------------------------

    @Test
    void aClientThatStopsReadingIsClosedWithoutHurtingTheOthers() throws Exception {
        TestServer server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        servers.add(server);
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        TestClient carol = server.user("carol");
        server.user("bob");
        alice.share(list, "bob");
        alice.share(list, "carol");
        carol.subscribe(list);

        try (RawClient slow = new RawClient(server.server.wsPort())) {
            slow.sendText(json("type", "login", "id", "l", "username", "bob", "password", "password-bob").toString());
            slow.sendText(json("type", "subscribe", "id", "s", "list", list).toString());
            // bob's subscription is live once carol sees him arrive; from now on the slow client reads nothing.
            carol.awaitEvent("presence", e -> e.getAsJsonArray("online").toString().contains("\"bob\""));

            int total = 2_000;
            String note = "n".repeat(10_000);
            // At most 50 creates in flight: a group commit then releases at most 50 x 10 KB of replies to alice
            // and of events to carol at once, far below the 4 MiB that would close them too on a busy machine.
            // bob, who never reads, still falls 20 MB behind.
            int window = 50;
            List<CompletableFuture<JsonObject>> fs = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                if (i >= window) fs.get(i - window).get(60, TimeUnit.SECONDS);
                fs.add(alice.send(json("type", "task.create", "list", list, "name", "t" + i, "note", note)));
            }
            for (CompletableFuture<JsonObject> f : fs) {
                JsonObject r = f.get(60, TimeUnit.SECONDS);
                assertTrue(r.get("ok").getAsBoolean(), r.toString());
            }
            List<JsonObject> seen = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> carol.events("task.created"), l -> l.size() >= total);
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, seen.get(i).get("rev").getAsLong(), "carol's events are complete and in order");
            }

            // Now look at what the slow client was sent: a prefix of the events, then the close (1013), or a
            // dropped connection; never all of them.
            int events = 0;
            Integer closeCode = null;
            try {
                while (true) {
                    byte[] payload = slow.readFrame();
                    if (slow.opcode() == RawClient.OP_CLOSE) {
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        break;
                    }
                    if (slow.opcode() == RawClient.OP_TEXT) {
                        JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
                        if (o.has("type") && o.get("type").getAsString().equals("task.created")) events++;
                    }
                }
            } catch (EOFException | SocketException e) {
                closeCode = -1; // the server dropped the TCP connection
            } catch (SocketTimeoutException e) {
                fail("the slow client was never closed: it got " + events + " of " + total + " events and no close");
            }
            assertTrue(events < total, "the slow client got every event: it was never cut off");
            assertTrue(closeCode == 1013 || closeCode == -1, "close code " + closeCode);
        }
        // Once its socket is gone the server forgets the slow session: bob leaves the list's presence.
        org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> carol.events("presence").stream()
                .anyMatch(e -> !e.getAsJsonArray("online").toString().contains("\"bob\"")));
        // Everyone else is still fine.
        assertTrue(alice.isOpen() && carol.isOpen());
        // All 2,000 are stored: the list is at rev 2,000. (Not with "tasks": its 20 MB reply would pass the 4 MiB cap.)
        JsonObject since = alice.ok(json("type", "subscribe", "list", list, "since", 1_999));
        assertEquals(2_000, since.get("rev").getAsLong());
        assertEquals(1, since.getAsJsonArray("tasks").size());
    }
}
