package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.Json;
import todo.support.TestClient;
import todo.support.TestServer;
import todo.support.infra.Postgres;
import todo.support.infra.PostgresTest;

/**
 * A node on PostgreSQL while PostgreSQL goes away and comes back: requests during the outage get an error reply
 * and change nothing, /healthz says 503, and the node serves again once PostgreSQL is back, without a restart and
 * on the same WebSocket connections. Each test has its own database on a private cluster that it stops.
 */
class PostgresOutageTest extends PostgresTest {
    static final Duration RECOVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void startNode() throws Exception {
        String database = freshDatabase("outage");
        server = TestServer.start(TestServer.config(dir)
                .withPostgres(pg.url(database, "")));
    }

    @AfterEach
    void stopNode() {
        if (!pg.running()) pg.startAgain();
        server.close();
    }

    static JsonObject create(long list, String name, String key) {
        return json("type", "task.create", "list", list, "name", name, "key", key);
    }

    @Test
    void writesDuringAnOutageGetAnErrorReplyNoneIsHalfAppliedAndTheNodeRecoversWithoutARestart() {
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        TestClient watcher = server.signIn("alice");
        watcher.ok(json("type", "subscribe", "list", list));
        alice.ok(create(list, "before", "k-before"));

        pg.stop();
        JsonObject during = alice.request(create(list, "during", "k-during"));
        assertFalse(during.get("ok").getAsBoolean(), during.toString());
        assertEquals("internal", during.get("error").getAsString());
        assertTrue(during.get("message").getAsString().startsWith("database unavailable"), during.toString());
        assertEquals("internal", alice.error(json("type", "lists")), "reads fail too");
        assertEquals(503, server.healthz().statusCode());

        pg.startAgain();
        await().atMost(RECOVERY).until(() -> server.healthz().statusCode() == 200);
        alice.ok(create(list, "after", "k-after"));
        // The client replays what got no ok: it was not applied, so now it is, once.
        alice.ok(create(list, "during", "k-during"));
        alice.ok(create(list, "during", "k-during"));

        List<JsonObject> tasks = Json.objects(alice.ok(json("type", "tasks", "list", list)).getAsJsonArray("tasks"));
        assertEquals(List.of("before", "after", "during"), tasks.stream().map(t -> t.get("name").getAsString()).toList());
        await().atMost(RECOVERY).until(() -> watcher.events("task.created").size() >= 3);
        assertEquals(List.of(1L, 2L, 3L), watcher.events("task.created").stream().map(Json::rev).toList(),
                "the subscriber saw every committed change once, in rev order, with no gap");
    }

    @Test
    void aNodeWhosePostgresqlCrashedServesAgainOnceItIsBack() {
        TestClient alice = server.user("alice");
        long list = alice.firstList();
        pg.crash();
        assertEquals("internal", alice.error(create(list, "during", "k-1")));
        pg.startAgain();
        await().atMost(RECOVERY).ignoreExceptions()
                .until(() -> alice.request(create(list, "after", "k-2")).get("ok").getAsBoolean());
        assertEquals(List.of("after"), Json.objects(alice.ok(json("type", "tasks", "list", list))
                .getAsJsonArray("tasks")).stream().map(t -> t.get("name").getAsString()).toList());
    }
}
