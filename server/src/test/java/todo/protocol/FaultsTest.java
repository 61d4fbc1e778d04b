package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Replies.assertError;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.app.Config;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;
import todo.support.Json;
import todo.support.TestClient;
import todo.support.TestServer;

/** Storage failures become {@code internal} replies, never closes; /healthz tells the truth about the database. */
class FaultsTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    /** Servers started so far: each gets a database of its own. */
    private int started;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    // ---- a store whose failures the test switches on -------------------------------------------------------

    enum Failure {
        /** Every op's future fails (as when the database is gone). */
        FUTURE_FAILS,
        /** The op runs on the real writer/readers and throws there (as a SQL error would). */
        OP_THROWS
    }

    /** The real SQLite store, until {@link #fail} is called: then every read and write fails. */
    static final class FaultyStore implements Store {
        private final SqliteStore real;
        private final Executor loop;
        private volatile Failure failure;

        FaultyStore(Path db, Executor loop, Failure initial) {
            this.real = SqliteStore.open(db, loop);
            this.loop = loop;
            this.failure = initial;
        }

        void fail(Failure f) {
            failure = f;
        }

        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            return run(op, true);
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            return run(op, false);
        }

        private <T> CompletableFuture<T> run(StoreOp<T> op, boolean write) {
            Failure f = failure;
            if (f == Failure.FUTURE_FAILS) {
                CompletableFuture<T> out = new CompletableFuture<>();
                loop.execute(() -> out.completeExceptionally(new IllegalStateException("injected: disk on fire")));
                return out;
            }
            StoreOp<T> effective = f == Failure.OP_THROWS ? repo -> {
                throw new java.sql.SQLException("injected: database disk image is malformed");
            } : op;
            return write ? real.write(effective) : real.read(effective);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** A server on the production wiring over a {@link FaultyStore}; closing it closes its clients too. */
    private record Running(TestServer server, FaultyStore store) implements AutoCloseable {
        TestClient connect() {
            return server.connect();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private Running start(Failure initial) throws Exception {
        Config config = TestServer.config(dir.resolve("server-" + started++));
        FaultyStore[] store = new FaultyStore[1];
        TestServer server = TestServer.start(config, loop -> store[0] = new FaultyStore(config.db(), loop, initial));
        Running r = new Running(server, store[0]);
        open.add(r);
        return r;
    }

    private static void assertInternal(JsonObject reply, String what) {
        assertError(reply, "internal", what);
    }

    // ---- internal ------------------------------------------------------------------------------------------

    @Test
    void registerAgainstAFailingStoreIsInternalAndTheConnectionStaysOpen() throws Exception {
        for (Failure f : Failure.values()) {
            Running r = start(f);
            TestClient c = r.connect();
            assertInternal(c.request(json("type", "register", "username", "alice", "password", "password-alice")),
                    f + " register");
            assertTrue(c.isOpen(), f.toString());
            c.ok(json("type", "ping"));
            assertEquals("unauthenticated", c.error(json("type", "lists")), "a failed register signs nobody in");
            r.close();
            open.remove(r);
        }
    }

    @Test
    void loginAndAuthAgainstAFailingStoreAreInternal() throws Exception {
        Running r = start(null);
        TestClient setup = r.connect();
        String token = setup.ok(json("type", "register", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        r.store().fail(Failure.OP_THROWS);
        TestClient c = r.connect();
        assertInternal(c.request(json("type", "login", "username", "alice", "password", "password-alice")), "login");
        assertInternal(c.request(json("type", "auth", "token", token)), "auth");
        assertTrue(c.isOpen());
        c.ok(json("type", "ping"));
    }

    @Test
    void everyStorageVerbOfASignedInUserIsInternalWhenTheStoreFails() throws Exception {
        for (Failure f : Failure.values()) {
            Running r = start(null);
            TestClient c = r.connect();
            c.ok(json("type", "register", "username", "alice", "password", "password-alice"));
            long list = c.firstList();
            long task = Json.id(c.createTask(list, "name", "x"));
            r.store().fail(f);
            List<JsonObject> requests = List.of(
                    json("type", "lists"),
                    json("type", "list.create", "title", "t"),
                    json("type", "list.rename", "list", list, "title", "t"),
                    json("type", "list.share", "list", list, "username", "alice"),
                    json("type", "list.delete", "list", list),
                    json("type", "subscribe", "list", list),
                    json("type", "tasks", "list", list),
                    json("type", "task.get", "task", task),
                    json("type", "task.create", "list", list, "name", "y"),
                    json("type", "task.update", "task", task, "name", "z"),
                    json("type", "task.delete", "task", task),
                    json("type", "tasks.completeAll", "list", list, "completed", true),
                    json("type", "tasks.clearCompleted", "list", list),
                    json("type", "profile.get"),
                    json("type", "profile.update", "currentPassword", "password-alice", "email", "a@example.com"),
                    json("type", "profile.delete", "password", "password-alice"),
                    json("type", "logout"));
            for (JsonObject req : requests) {
                assertInternal(c.request(req), f + " " + req.get("type").getAsString());
            }
            assertTrue(c.isOpen(), f.toString());
            c.ok(json("type", "ping"));
            c.ok(json("type", "info"));
            r.close();
            open.remove(r);
        }
    }

    @Test
    void repliesStayInRequestOrderAroundInternalErrors() throws Exception {
        Running r = start(Failure.FUTURE_FAILS);
        TestClient c = r.connect();
        for (int i = 0; i < 10; i++) {
            c.sendRaw("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
            c.sendRaw("{\"type\":\"login\",\"id\":\"l" + i + "\",\"username\":\"alice\",\"password\":\"password-alice\"}");
        }
        List<JsonObject> frames = await().atMost(TestClient.TIMEOUT).until(c::frames, f -> f.size() >= 20);
        for (int i = 0; i < 10; i++) {
            JsonObject ping = frames.get(2 * i);
            JsonObject login = frames.get(2 * i + 1);
            assertEquals("p" + i, ping.get("re").getAsString());
            assertTrue(ping.get("ok").getAsBoolean(), ping.toString());
            assertEquals("l" + i, login.get("re").getAsString());
            assertInternal(login, "login " + i);
        }
        assertEquals(20, c.frames().size());
    }

    @Test
    void aFailingStoreDoesNotDisturbAnotherConnectionsOpenVerbs() throws Exception {
        Running r = start(null);
        TestClient alice = r.connect();
        alice.ok(json("type", "register", "username", "alice", "password", "password-alice"));
        TestClient bob = r.connect();
        r.store().fail(Failure.OP_THROWS);
        assertInternal(alice.request(json("type", "lists")), "lists");
        bob.ok(json("type", "ping"));
        assertTrue(bob.isOpen());
    }

    @Test
    void aStoreThatRecoversServesTheSameConnectionAgain() throws Exception {
        Running r = start(null);
        TestClient c = r.connect();
        c.ok(json("type", "register", "username", "alice", "password", "password-alice"));
        r.store().fail(Failure.FUTURE_FAILS);
        assertInternal(c.request(json("type", "lists")), "lists while failing");
        r.store().fail(null);
        assertEquals(1, c.ok(json("type", "lists")).getAsJsonArray("lists").size());
    }

    // ---- /healthz ------------------------------------------------------------------------------------------

    @Test
    void healthzIs503UnavailableWhenTheDatabaseCannotBeWritten() throws Exception {
        for (Failure f : Failure.values()) {
            Running r = start(null);
            r.store().fail(f);
            HttpResponse<String> res = r.server().healthz();
            assertEquals(503, res.statusCode(), f + ": " + res.body());
            JsonObject body = JsonParser.parseString(res.body()).getAsJsonObject();
            assertEquals("unavailable", body.get("status").getAsString(), res.body());
            r.close();
            open.remove(r);
        }
    }

    @Test
    void healthzIs200OkWithTheNumberOfOpenConnectionsAndTheUptime() throws Exception {
        Running r = start(null);
        for (int i = 0; i < 3; i++) {
            r.connect().ok(json("type", "ping")); // answered, so the server has it open
        }
        HttpResponse<String> res = r.server().healthz();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                res.headers().toString());
        JsonObject body = JsonParser.parseString(res.body()).getAsJsonObject();
        // "node" names the node (issue 9); a node without --nats has no "bus" field.
        assertEquals(Set.of("status", "node", "http", "ws", "db", "connections", "uptimeSeconds"), body.keySet());
        assertEquals("ok", body.get("status").getAsString());
        assertEquals(3, body.get("connections").getAsInt(), res.body());
        long uptime = body.get("uptimeSeconds").getAsLong();
        assertTrue(uptime >= 0 && uptime < 600, res.body());
        assertEquals(body.get("uptimeSeconds").getAsString(), Long.toString(uptime), "a whole number");
    }

    @Test
    void healthzConnectionsFollowConnectionsClosing() throws Exception {
        Running r = start(null);
        TestClient a = r.connect();
        r.connect();
        await().atMost(TestClient.TIMEOUT).until(() -> r.server().connections() == 2);
        a.close();
        await().atMost(TestClient.TIMEOUT).until(() -> r.server().connections() == 1);
    }

    @Test
    void healthzRecoversTo200WhenTheDatabaseRecovers() throws Exception {
        Running r = start(null);
        r.store().fail(Failure.FUTURE_FAILS);
        assertEquals(503, r.server().healthz().statusCode());
        r.store().fail(null);
        assertEquals(200, r.server().healthz().statusCode());
    }
}
