package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import todo.support.TestClient;

/** The page tracks the last rev it applied per list; a missing rev makes it resubscribe with {@code since}. */
class ResyncTest extends BrowserTest {

    @Test
    void aMissedEventIsNoticedByTheGapInRevsAndFilledInByResubscribingSinceTheLastRev() {
        String alice = user("alice");
        Page page = browser().register(alice).tapWebSocket();
        page.waitSignedIn();

        try (TestClient other = TestClient.connect(wsUrl())) {
            other.ok(json("type", "login", "username", alice, "password", Page.PASSWORD));
            long list = other.ok(json("type", "lists")).getAsJsonArray("lists").get(0).getAsJsonObject()
                    .get("id").getAsLong();
            other.ok(json("type", "task.create", "list", list, "name", "First"));
            page.waitForLabels("First");

            // lose the event of rev 2 on its way to the page
            page.js("window.__drop = f => f.type === 'task.created' && f.task.name === 'Second'");
            other.ok(json("type", "task.create", "list", list, "name", "Second"));
            page.waitUntil("event dropped", () -> ((List<?>) page.js("return window.__dropped")).size() == 1);
            assertEquals(List.of("First"), page.labels()); // it really was missed

            other.ok(json("type", "task.create", "list", list, "name", "Third")); // rev 3: one more than 1 + 1
            page.waitForLabels("First", "Second", "Third");
        }
        List<Map<String, Object>> resubscribes = page.sent("subscribe").stream()
                .filter(f -> f.get("since") != null).toList();
        assertEquals(1, resubscribes.size(), "one resubscribe: " + resubscribes);
        assertEquals(1L, resubscribes.get(0).get("since"));
        assertTrue(page.findAll(".todo-list li.pending").isEmpty());
    }
}
