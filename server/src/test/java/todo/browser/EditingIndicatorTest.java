package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Who is editing what: while Bob edits a task (its title, or in the details panel) Alice sees "bob is editing…" in
 * its row and in her details panel, and it goes away when he is done. Bob's page sends the marks.
 */
class EditingIndicatorTest extends BrowserTest {

    @Test
    void whileBobEditsATitleAliceSeesItInTheRowEvenAfterAReloadAndNotOnceHeIsDone() {
        Shared s = aliceSharesWithBob("Shopping", "editor");
        Page a = s.a();
        Page b = s.b();
        a.addTasks("Milk", "Bread");
        b.waitForLabels("Milk", "Bread");

        b.doubleClickLabel("Milk");
        b.editField();
        String editing = s.bob() + " is editing…";
        a.waitUntil("alice sees bob editing", () -> a.editingIn("Milk").equals(editing));
        assertEquals("", a.editingIn("Bread"));
        assertEquals("", b.editingIn("Milk"), "bob is not told about himself");

        a.reload(); // the subscribe reply carries the marks in force
        a.waitSignedIn();
        a.waitUntil("still shown after a reload", () -> a.editingIn("Milk").equals(editing));

        b.editField().sendKeys(Keys.ESCAPE);
        a.waitUntil("gone when bob is done", () -> a.editingIn("Milk").isEmpty());
    }

    @Test
    void bobsOpenDetailsPanelShowsInAlicesRowAndInHerDetailsPanel() {
        Shared s = aliceSharesWithBob("Trip", "editor");
        Page a = s.a();
        Page b = s.b();
        a.addTasks("Book hotel");
        b.waitForLabels("Book hotel");

        b.openDetails("Book hotel");
        String editing = s.bob() + " is editing…";
        a.waitUntil("in the row", () -> a.editingIn("Book hotel").equals(editing));
        a.openDetails("Book hotel");
        a.waitUntil("in alice's details panel", () -> a.visible(".details-editing")
                && Page.textContent(a.find(".details-editing")).equals(editing));
        assertTrue(!b.visible(".details-editing") || !b.text(".details-editing").contains(s.bob()),
                "bob's own panel does not name him");

        b.click(".details-cancel");
        b.waitHidden(".details");
        a.waitUntil("gone from the row", () -> a.editingIn("Book hotel").isEmpty());
        a.waitHidden(".details-editing");
    }

    @Test
    void aPageRepeatsItsMarkEveryTenSecondsWhileEditingAndEndsItWhenDone() {
        Page page = browser().register(user("alice")).tapWebSocket();
        page.waitSignedIn();
        page.addTasks("Long edit");
        page.waitSynced();
        long id = Long.parseLong(page.item("Long edit").getDomAttribute("data-id"));

        page.doubleClickLabel("Long edit");
        page.editField();
        page.waitFor("the mark repeated", Duration.ofSeconds(25), d -> page.sent("task.editing").size() >= 2 ? true : null);
        page.editField().sendKeys(Keys.ENTER);
        page.waitUntil("the mark ended", () -> page.sent("task.editing").size() >= 3);

        List<Map<String, Object>> marks = page.sent("task.editing");
        assertEquals(3, marks.size(), marks.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(id, ((Number) marks.get(i).get("task")).longValue());
            assertEquals(i < 2, marks.get(i).get("editing"), marks.toString());
        }
    }
}
