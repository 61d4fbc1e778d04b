package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import todo.app.Server;
import todo.support.Ports;
import todo.support.TestClient;

/**
 * The server goes away while a page is open and comes back on the same ports with the same database: the page
 * says it is reconnecting, keeps working offline, and afterwards has sent each queued change exactly once.
 */
class ReconnectTest extends BrowserTest {
    private static final Duration RECONNECT = Duration.ofSeconds(40);

    private int httpPort;
    private int wsPort;

    /** The restarts bind the same ports again, so the server gets ports from below the ephemeral range. */
    @BeforeAll
    static void onPortsThatSurviveARestart() throws IOException {
        server.close();
        int http = Ports.free();
        int ws = Ports.free();
        while (ws == http) ws = Ports.free();
        server = Server.start(config(http, ws));
    }

    private void takeServerDown() {
        httpPort = server.httpPort();
        wsPort = server.wsPort();
        server.close();
    }

    private void restartServer() throws IOException {
        server = Server.start(config(httpPort, wsPort));
    }

    private void waitReconnected(Page page) {
        page.waitFor("reconnected and in sync", RECONNECT, d -> "connected".equals(page.connectionState())
                && page.connectionText().equals("Connected")
                && page.findAll(".todo-list li.pending").isEmpty() ? Boolean.TRUE : null);
    }

    /** The names of the tasks in the user's first list, as the server has them, asked over a fresh connection. */
    private static List<String> serverTaskNames(String username) {
        try (TestClient client = TestClient.connect(wsUrl())) {
            client.ok(json("type", "login", "username", username, "password", Page.PASSWORD));
            return client.tasks(client.firstList()).stream().map(t -> t.get("name").getAsString()).toList();
        }
    }

    @Test
    void aTaskAddedWhileTheServerIsDownIsShownAtOnceAndReachesTheServerExactlyOnce() throws IOException {
        String alice = user("alice");
        Page page = browser().register(alice).tapWebSocket();
        page.waitSignedIn();
        page.addTasks("Before the outage");
        page.waitSynced();
        String token = (String) page.js("return JSON.parse(localStorage.getItem('todo.session')).token");
        int subscribesBefore = page.sent("subscribe").size();

        takeServerDown();
        page.waitUntil("shows reconnecting", () -> page.connectionState().equals("reconnecting")
                && page.connectionText().startsWith("Reconnecting"));

        page.addTask("Written while offline");
        page.waitForLabels("Before the outage", "Written while offline");
        assertTrue(page.item("Written while offline").getDomAttribute("class").contains("pending"));
        page.waitUntil("says a change is waiting", () -> page.connectionText().contains("1 change waiting"));

        restartServer();
        waitReconnected(page);
        page.waitForLabels("Before the outage", "Written while offline");
        assertEquals(List.of("Before the outage", "Written while offline"), serverTaskNames(alice));
        // it signed in again with its token and caught up from the last rev it had applied (1)
        assertEquals(token, page.sent("auth").get(page.sent("auth").size() - 1).get("token"));
        List<java.util.Map<String, Object>> resubscribes = page.sent("subscribe").subList(subscribesBefore,
                page.sent("subscribe").size());
        assertEquals(1, resubscribes.size(), resubscribes.toString());
        assertEquals(1L, resubscribes.get(0).get("since"));
        assertEquals(1, page.sent("task.create").stream()
                .filter(f -> "Written while offline".equals(f.get("name"))).count(), "sent exactly once");

        Page other = browser().signIn(alice);
        other.waitForLabels("Before the outage", "Written while offline");
        other.addTask("From the other session");
        page.waitForLabels("Before the outage", "Written while offline", "From the other session");
    }

    @Test
    void theIndicatorSaysOfflineWhileTheBrowserHasNoNetworkAndReconnectsWhenItIsBack() throws IOException {
        Page page = browser().register(user("alice"));
        page.driver.executeCdpCommand("Network.enable", java.util.Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of(
                "offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        takeServerDown();
        page.waitFor("shows offline", RECONNECT, d -> "offline".equals(page.connectionState())
                && page.connectionText().startsWith("Offline") ? Boolean.TRUE : null);

        restartServer();
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of(
                "offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        waitReconnected(page); // the browser's "online" event skips the backoff wait
    }

    @Test
    void changesQueuedWhileTheServerIsDownSurviveLeavingThePage() throws IOException {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.addTasks("Keep me", "Complete me");
        page.waitSynced();

        takeServerDown();
        page.waitUntil("shows reconnecting", () -> page.connectionState().equals("reconnecting"));
        page.addTask("Queued before leaving");
        page.toggle("Complete me");
        page.waitForLabels("Keep me", "Complete me", "Queued before leaving");
        page.waitUntil("two changes waiting", () -> page.connectionText().contains("2 changes waiting"));

        page.driver.get("about:blank"); // leave while offline: only localStorage remembers the queue
        restartServer();
        page.open();
        page.waitSignedIn();
        waitReconnected(page);
        page.waitForLabels("Keep me", "Complete me", "Queued before leaving");
        assertTrue(page.isCompleted("Complete me"));
        assertEquals(List.of("Keep me", "Complete me", "Queued before leaving"), serverTaskNames(alice));
    }

    @Test
    void aQueueLeftBehindByATabClosedWhileOfflineIsSentByTheNextTab() {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.waitSynced();
        Object list = page.js("return Number(document.querySelector('.list-link[aria-current]').dataset.id)");
        // What a tab closed while offline leaves in localStorage: its queue, last seen long ago.
        page.js("""
                localStorage.setItem(arguments[0], JSON.stringify({v: 1, seen: 0, ops: [{
                  id: 'op-from-closed-tab', kind: 'create', list: arguments[1], key: 'key-from-closed-tab',
                  tempId: 'new:key-from-closed-tab', fields: {name: 'From a closed tab'}, label: 'From a closed tab',
                  at: new Date().toISOString()}]}));
                """, "todo.outbox." + alice.toLowerCase() + ".closedtab", list);

        page.reload();
        page.waitSignedIn();
        waitReconnected(page);
        page.waitForLabels("From a closed tab");
        assertEquals(List.of("From a closed tab"), serverTaskNames(alice));
        assertEquals(null, page.js("return localStorage.getItem(arguments[0])",
                "todo.outbox." + alice.toLowerCase() + ".closedtab"));
    }

    @Test
    void replayingACreateWhoseReplyWasLostDoesNotDuplicateTheTask() throws IOException {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.waitSynced();

        takeServerDown();
        page.waitUntil("shows reconnecting", () -> page.connectionState().equals("reconnecting"));
        page.addTask("Only once");
        page.waitForLabels("Only once");
        String key = (String) page.js("return Object.keys(localStorage).find(k => k.startsWith(arguments[0]))",
                "todo.outbox." + alice.toLowerCase() + ".");
        String queued = (String) page.js("return localStorage.getItem(arguments[0])", key);
        assertTrue(queued != null && queued.contains("Only once"), "the create is kept in localStorage: " + queued);

        restartServer();
        waitReconnected(page);
        assertEquals(List.of("Only once"), serverTaskNames(alice));

        // As if the reply had never arrived: the same queued create (same key) is sent again after a reload.
        page.js("localStorage.setItem(arguments[0], arguments[1])", key, queued);
        page.reload();
        page.waitSignedIn();
        waitReconnected(page);
        page.waitForLabels("Only once");
        assertEquals(List.of("Only once"), serverTaskNames(alice));
        assertEquals(null, page.js("return localStorage.getItem(arguments[0])", key));
    }
}
