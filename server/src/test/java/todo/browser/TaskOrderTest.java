package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tasks stay in the order people put them in: a task is dragged by its handle or moved with Alt+↑ / Alt+↓, shows
 * in its new place at once, is sent as {@code task.move} with the neighbour it lands next to, reaches everyone
 * live, and is put back when the server refuses the move.
 */
class TaskOrderTest extends BrowserTest {

    @Test
    void aDraggedTaskLandsWhereItIsDroppedForEveryoneAndStaysThereAfterAReload() {
        Shared s = aliceSharesWithBob("Packing", "editor");
        s.a().addTasks("Tent", "Stove", "Map", "Torch");
        s.b().waitForLabels("Tent", "Stove", "Map", "Torch");

        s.a().drag("Tent", "Map", false); // onto the lower half of Map: right after it
        s.a().waitForLabels("Stove", "Map", "Tent", "Torch");
        s.b().waitForLabels("Stove", "Map", "Tent", "Torch");

        s.b().drag("Torch", "Stove", true); // onto the upper half of the first row: to the top
        s.b().waitForLabels("Torch", "Stove", "Map", "Tent");
        s.a().waitForLabels("Torch", "Stove", "Map", "Tent");

        s.a().waitSynced();
        s.a().reload();
        s.a().waitSignedIn();
        s.a().waitForLabels("Torch", "Stove", "Map", "Tent");
    }

    @Test
    void altArrowKeysMoveTheFocusedTaskOnePlaceAndItKeepsTheFocus() {
        Page page = browser().register(user("alice")).tapWebSocket();
        page.waitSignedIn();
        page.addTasks("First", "Second", "Third");
        page.waitSynced();

        page.moveWithKeys("First", false);
        page.waitForLabels("Second", "First", "Third");
        page.waitSynced();
        assertEquals("First", focusedRow(page), "the moved task keeps the focus");

        page.moveWithKeys("First", false);
        page.waitForLabels("Second", "Third", "First");
        page.moveWithKeys("Second", true); // already at the top: nothing happens
        page.moveWithKeys("Third", true);
        page.waitForLabels("Third", "Second", "First");
        page.waitSynced();
        assertEquals("Third", focusedRow(page));

        List<Map<String, Object>> moves = page.sent("task.move");
        assertEquals(3, moves.size(), moves.toString());
        long second = idOf(page, "Second");
        long third = idOf(page, "Third");
        assertEquals(Map.of("task", idOf(page, "First"), "after", second), fields(moves.get(0)));
        assertEquals(Map.of("task", idOf(page, "First"), "after", third), fields(moves.get(1)));
        assertEquals(Map.of("task", third, "before", second), fields(moves.get(2)));

        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Third", "Second", "First");
    }

    @Test
    void aMoveTheServerRefusesIsPutBackWithAMessage() {
        Page[] pages = twoSessionsShowing("Keep");
        Page a = pages[0].tapWebSocket();
        Page b = pages[1];
        a.waitSignedIn();
        a.addTask("Gone").addTask("Last").waitForLabels("Keep", "Gone", "Last");
        b.waitForLabels("Keep", "Gone", "Last");

        // The first page misses the delete, so it still offers "Gone" as a neighbour to move next to.
        a.js("window.__drop = (f) => f.type === 'task.deleted'");
        b.deleteTask("Gone");
        b.waitForLabels("Keep", "Last");
        a.waitUntil("the delete event was dropped", () -> ((Number) a.js("return window.__dropped.length")).intValue() == 1);
        a.waitForLabels("Keep", "Gone", "Last");

        a.moveWithKeys("Keep", false); // right after "Gone", which no longer exists
        a.waitUntil("message shown", () -> a.text("#messages").contains("Could not move"));
        assertTrue(a.text("#messages").contains("Keep"), a.text("#messages"));
        a.waitForLabels("Keep", "Gone", "Last");
        assertEquals(1, a.sent("task.move").size());
        b.waitForLabels("Keep", "Last");
    }

    private static String focusedRow(Page page) {
        return (String) page.js("const li = document.activeElement.closest('.todo-list li');"
                + "return li ? li.querySelector('label').textContent : null");
    }

    private static long idOf(Page page, String name) {
        return Long.parseLong(page.item(name).getDomAttribute("data-id"));
    }

    /** The frame's parameters, without its type and request id. */
    private static Map<String, Object> fields(Map<String, Object> frame) {
        Map<String, Object> copy = new java.util.HashMap<>(frame);
        copy.remove("type");
        copy.remove("id");
        return copy;
    }
}
