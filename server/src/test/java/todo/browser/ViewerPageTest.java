package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Roles: the owner shares a list with a role and changes it in the members panel; a viewer sees the list read-only
 * (no new-task field, no toggles, no edits, no drag, a "View only" badge), and a change of role shows at once.
 */
class ViewerPageTest extends BrowserTest {

    @Test
    void aViewerSeesTheListReadOnlyWithAViewOnlyBadge() {
        Shared s = aliceSharesWithBob("Recipes", "viewer");
        Page a = s.a();
        Page b = s.b().tapWebSocket();
        b.waitSignedIn();
        a.waitUntil("bob listed as viewer", () -> a.roleOf(s.bob()).equals("viewer"));
        assertEquals("owner", a.roleOf(s.alice()));
        a.addTasks("Pancakes", "Soup");
        a.toggle("Soup");

        b.waitForLabels("Pancakes", "Soup");
        b.waitUntil("soup completed", () -> b.isCompleted("Soup"));
        assertTrue(b.visible(".view-only-badge"));
        assertEquals("View only", b.text(".view-only-badge"));
        assertEquals("viewer", b.roleOf(s.bob()));
        assertEquals("view only · shared · 2", Page.textContent(b.find(".list-link[aria-current='true'] .badge")));
        assertFalse(b.visible(".new-todo"), "no new-task field");
        assertFalse(b.visible(".toggle-all"), "no toggle-all");
        assertFalse(b.visible(".rename-list-button"), "no rename");
        for (WebElement row : b.findAll(".todo-list li")) {
            b.hover(row);
            assertFalse(row.findElement(By.cssSelector(".toggle")).isEnabled(), "toggles are disabled");
            assertFalse(row.findElement(By.cssSelector(".destroy")).isDisplayed(), "no delete");
            assertFalse(row.findElement(By.cssSelector(".drag-handle")).isDisplayed(), "no drag handle");
        }

        b.doubleClickLabel("Pancakes");
        assertTrue(b.findAll(".todo-list li.editing").isEmpty(), "no inline edit");
        b.moveWithKeys("Pancakes", false);
        b.js("document.activeElement.blur()");
        new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        b.openDetails("Pancakes");
        assertEquals("true", b.find("#details-name").getDomProperty("readOnly"));
        assertFalse(b.visible(".details-form button[type=submit]"), "no save");
        assertTrue(b.visible(".details-view-only"));
        b.click(".details-cancel");

        b.waitForLabels("Pancakes", "Soup");
        List<String> changes = List.of("task.create", "task.update", "task.delete", "task.move", "undo", "task.editing");
        for (String type : changes) {
            assertEquals(List.of(), b.sent(type), "a viewer's page sends no " + type);
        }
    }

    @Test
    void whenTheOwnerChangesBobsRoleHisPageFollowsAtOnce() {
        Shared s = aliceSharesWithBob("Garden", "viewer");
        Page a = s.a();
        Page b = s.b();
        b.waitVisible(".view-only-badge");

        a.changeRole(s.bob(), "editor");
        b.waitHidden(".view-only-badge");
        b.waitVisible(".new-todo");
        b.waitUntil("told", () -> b.text("#messages").contains("made you an editor"));
        assertEquals("shared · 2", Page.textContent(b.find(".list-link[aria-current='true'] .badge")));
        b.addTasks("Plant tulips");
        a.waitForLabels("Plant tulips");
        assertEquals("editor", a.roleOf(s.bob()));

        a.changeRole(s.bob(), "viewer");
        b.waitVisible(".view-only-badge");
        b.waitHidden(".new-todo");
        b.waitUntil("toggle disabled", () -> !b.item("Plant tulips").findElement(By.cssSelector(".toggle")).isEnabled());
        assertEquals("viewer", b.roleOf(s.bob()));
    }
}
