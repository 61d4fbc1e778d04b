package todo.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import todo.support.MainProcess;
import todo.support.MainProcesses;
import todo.support.TestClient;
import todo.support.TestServer;
import todo.support.infra.HaProxy;
import todo.support.infra.ClusterInfraTest;

/**
 * The web client, unchanged, in real Chromium against two nodes (separate processes on PostgreSQL and the bus)
 * behind HAProxy, reached only through the balancer as docs/cluster.md says. The node holding the page's
 * WebSocket is killed with SIGKILL; the page reconnects through the balancer to the other node and catches up
 * with {@code since}. Needs Chromium, PostgreSQL, nats-server and HAProxy (skips without them, fails in CI).
 */
class BalancerTest extends ClusterInfraTest {
    private static final Duration FAILOVER = Duration.ofSeconds(40);
    private static final Pattern WS_CONNECTIONS = Pattern.compile("(?m)^todo_ws_connections (\\d+)(\\.0)?$");

    @RegisterExtension
    final MainProcesses processes = new MainProcesses();

    @TempDir
    Path dir;
    private final List<Page> pages = new ArrayList<>();
    private HaProxy lb;

    @BeforeAll
    static void requireChromium() {
        Chromium.require();
    }

    @AfterEach
    void closeBrowsersAndBalancer() {
        List<String> errors = new ArrayList<>();
        for (Page page : pages) {
            page.screenshot(BrowserTest.SCREENSHOTS.resolve("BalancerTest-" + pages.indexOf(page) + ".png"));
            errors.addAll(page.consoleErrors());
            page.quit();
        }
        if (lb != null) {
            lb.close();
        }
        assertEquals(List.of(), errors, "errors in the browser console");
    }

    /** A node as docs/cluster.md starts one: nothing in it names the balancer. */
    private MainProcess node(String database, String name) throws IOException {
        return processes.start(dir, Map.of(), "--port", "0", "--ws-port", "0", "--db", pg.url(database, ""),
                "--nats", nats.url(), "--node-id", name,
                "--password-iterations", String.valueOf(TestServer.TEST_ITERATIONS));
    }

    /** The node's open WebSocket connections, from its {@code /metrics}. */
    private static int wsConnections(HaProxy.Node node) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = WS_CONNECTIONS.matcher(metrics.body());
        assertTrue(m.find(), "todo_ws_connections in " + node.name() + "'s /metrics");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void whenThePagesNodeIsKilledItReconnectsThroughTheBalancerAndCatchesUpWithSince() throws Exception {
        String database = freshDatabase("balancer");
        List<MainProcess> procs = List.of(node(database, "n1"), node(database, "n2"));
        List<HaProxy.Node> nodes = new ArrayList<>();
        for (int i = 0; i < procs.size(); i++) {
            int http = MainProcess.port(MainProcess.HTTP_LINE, procs.get(i).line());
            int ws = MainProcess.port(MainProcess.WS_LINE, procs.get(i).line());
            nodes.add(new HaProxy.Node("n" + (i + 1), http, ws));
        }
        lb = HaProxy.start(nodes);

        String alice = BrowserTest.user("alice");
        Page page = new Page(Chromium.launch(), lb.httpUrl());
        pages.add(page);
        page.open().register(alice).tapWebSocket();
        page.waitSignedIn();
        page.addTasks("Before the failover");
        page.waitSynced();

        // The page holds the only WebSocket so far; the writer goes straight to the other node.
        int[] pagesNode = new int[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            int first = wsConnections(nodes.get(0));
            pagesNode[0] = first == 1 ? 0 : 1;
            return first + wsConnections(nodes.get(1)) == 1;
        });
        HaProxy.Node survivor = nodes.get(1 - pagesNode[0]);
        try (TestClient writer = TestClient.connect("ws://127.0.0.1:" + survivor.wsPort() + "/")) {
            writer.ok(json("type", "login", "username", alice, "password", Page.PASSWORD));
            long list = writer.firstList();
            writer.subscribe(list);
            writer.createTask(list, "name", "From the other node");
            page.waitForLabels("Before the failover", "From the other node"); // across the bus

            int authsBefore = page.sent("auth").size();
            int subscribesBefore = page.sent("subscribe").size();
            procs.get(pagesNode[0]).close(); // SIGKILL
            long revAtKill = writer.createTask(list, "name", "While the page was away").get("rev").getAsLong();

            page.waitFor("reconnected through the balancer", FAILOVER, d -> page.sent("auth").size() > authsBefore
                    && "connected".equals(page.connectionState()) ? Boolean.TRUE : null);
            page.waitForLabels("Before the failover", "From the other node", "While the page was away");
            List<Map<String, Object>> resubscribes = page.sent("subscribe");
            Map<String, Object> resubscribe = resubscribes.get(resubscribes.size() - 1);
            assertTrue(resubscribes.size() > subscribesBefore, "it subscribed again");
            assertEquals((double) (revAtKill - 1), ((Number) resubscribe.get("since")).doubleValue(),
                    "it asked only for what it had missed: " + resubscribe);
            assertEquals(2, wsConnections(survivor), "the writer and the page are on the surviving node");

            page.addTask("After the failover");
            writer.awaitEvent("task.created", e -> e.getAsJsonObject("task").get("name").getAsString()
                    .equals("After the failover"));
            assertEquals(List.of("Before the failover", "From the other node", "While the page was away",
                    "After the failover"), writer.tasks(list).stream().map(t -> t.get("name").getAsString()).toList());
        }
    }
}
