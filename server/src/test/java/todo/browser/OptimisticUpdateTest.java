package todo.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Changes show at once and are rolled back, with a message, when the server refuses them. The page's own input
 * limits are lifted here to get a refusal (the server's limits are the ones that count).
 */
class OptimisticUpdateTest extends BrowserTest {
    private static final String TOO_LONG = "x".repeat(501);

    @Test
    void aNewTaskTheServerRefusesIsRemovedAgainWithAMessage() {
        Page page = browser().register(user("alice"));
        page.addTasks("Fine");
        page.js("document.querySelector('.new-todo').removeAttribute('maxlength')");

        page.addTask(TOO_LONG);
        page.waitUntil("message shown", () -> page.text("#messages").contains("Could not add"));
        assertTrue(page.text("#messages").contains("500"), page.text("#messages"));
        page.waitForLabels("Fine");
    }

    @Test
    void aRenameTheServerRefusesIsRolledBackWithAMessage() {
        Page page = browser().register(user("alice"));
        page.addTasks("Original name");
        page.waitSynced();

        page.doubleClickLabel("Original name");
        page.js("document.querySelector('.todo-list li.editing .edit').removeAttribute('maxlength')");
        page.editField().sendKeys(Keys.chord(Keys.CONTROL, "a"), TOO_LONG, Keys.ENTER);
        page.waitUntil("message shown", () -> page.text("#messages").contains("Could not save"));
        page.waitForLabels("Original name");
    }
}
