package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import todo.support.Json;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * Three nodes in this JVM, many clients writing into one shared list through all of them: every subscriber on
 * every node sees one gap-free rev sequence, also across a restart of nats-server or of PostgreSQL.
 */
class ClusterRunTest extends ClusterTestBase {
    static final Duration RECOVERY = Duration.ofSeconds(60);

    /** {@code perNode} sessions of one user on each node, all subscribed to the user's first list. */
    private List<TestClient> clients(List<TestServer> on, int perNode, long[] list) {
        TestClient owner = on.get(0).user("alice");
        list[0] = owner.firstList();
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < perNode * on.size(); i++) {
            TestClient c = on.get(i % on.size()).signIn("alice");
            c.subscribe(list[0]);
            clients.add(c);
        }
        return clients;
    }

    @Test
    void threeNodesTwentyClientsFiftyCreatesEachGiveRevs1To1000InOneOrderOnEveryNode() {
        List<TestServer> three = List.of(node("a"), node("b"), node("c"));
        long[] list = new long[1];
        List<TestClient> clients = clients(three, 7, list).subList(0, 20);
        Creates.round(clients, list[0], "r", 50);
        Creates.assertEverySubscriberSawTheSameGapFreeSequence(clients, 1000);
    }

    @Test
    void natsServerRestartedMidRunLeavesNoSubscriberWithAGapOrARepeat() {
        List<TestServer> three = List.of(node("a"), node("b"), node("c"));
        long[] list = new long[1];
        List<TestClient> clients = clients(three, 2, list);
        Creates.round(clients, list[0], "before", 10);
        nats.stop();
        Creates.round(clients, list[0], "down", 10);
        nats.startAgain();
        Creates.round(clients, list[0], "after", 10);
        Creates.assertEverySubscriberSawTheSameGapFreeSequence(clients, 180);
        await().atMost(RECOVERY).until(() -> three.stream().allMatch(n -> n.healthz().body().contains("\"bus\":\"ok\"")));
    }

    @Test
    void postgresqlRestartedMidRunGivesErrorsNothingHalfAppliedAndTheNodesRecoverWithoutARestart() {
        List<TestServer> two = List.of(node("a"), node("b"));
        long[] list = new long[1];
        List<TestClient> clients = clients(two, 1, list);
        Creates.round(clients, list[0], "before", 5);
        pg.stop();
        for (TestClient c : clients) {
            JsonObject r = c.request(json("type", "task.create", "list", list[0], "name", "during", "key", "during"));
            assertFalse(r.get("ok").getAsBoolean(), r.toString());
            assertEquals("internal", r.get("error").getAsString());
        }
        for (TestServer n : two) {
            assertEquals(503, n.healthz().statusCode());
        }
        pg.startAgain();
        await().atMost(RECOVERY).until(() -> two.stream().allMatch(n -> n.healthz().statusCode() == 200));
        await().atMost(RECOVERY).ignoreExceptions().until(() -> clients.get(0).request(
                json("type", "ping")).get("ok").getAsBoolean());
        Creates.round(clients, list[0], "after", 5);
        Creates.assertEverySubscriberSawTheSameGapFreeSequence(clients, 20);
        Set<String> names = new HashSet<>();
        for (JsonObject t : clients.get(1).tasks(list[0])) {
            names.add(t.get("name").getAsString());
        }
        assertEquals(20, names.size());
        assertFalse(names.contains("during"), "nothing of the failed writes was applied");
        Json.ids(clients.get(0).tasks(list[0]));
    }
}
