package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Two sessions edit the same title at once. The first save wins; the second is sent with the rev it started
 * from, so the server answers {@code conflict} and the page asks instead of silently overwriting.
 */
class ConflictTest extends BrowserTest {

    /** Both pages editing "Buy milk"; the first saved "Buy oat milk" while the second typed "Buy soy milk". */
    private Page[] bothEditing() {
        Page[] pages = twoSessionsShowing("Buy milk");
        Page first = pages[0];
        Page second = pages[1];

        first.doubleClickLabel("Buy milk");
        WebElement firstEdit = first.editField();
        second.doubleClickLabel("Buy milk");
        WebElement secondEdit = second.editField();
        secondEdit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Buy soy milk");

        assertTrue(firstEdit.isDisplayed(), "the first page is still editing");
        firstEdit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Buy oat milk", Keys.ENTER);
        first.waitSynced();
        // The change reached the second page (its hidden label follows) but not the field being edited.
        second.waitUntil("second page got the change", () -> Page.textContent(
                second.find(".todo-list li.editing label")).equals("Buy oat milk"));
        assertEquals("Buy soy milk", secondEdit.getDomProperty("value"));

        secondEdit.sendKeys(Keys.ENTER);
        WebElement dialog = second.waitVisible("#conflict-dialog");
        String text = dialog.getText();
        assertTrue(text.contains("Buy oat milk") && text.contains("Buy soy milk"), text);
        return new Page[] {first, second};
    }

    @Test
    void theSecondSaveReportsTheConflictAndKeepingTheirsKeepsTheFirstTitle() {
        Page[] pages = bothEditing();
        Page first = pages[0];
        Page second = pages[1];
        second.waitForLabels("Buy oat milk"); // not overwritten while the question is open

        second.click("#conflict-dialog .conflict-theirs");
        second.waitHidden("#conflict-dialog");
        second.waitForLabels("Buy oat milk");
        second.waitSynced();
        first.waitForLabels("Buy oat milk");
    }

    @Test
    void theSecondSaveReportsTheConflictAndOverwritingPutsMyTitleEverywhere() {
        Page[] pages = bothEditing();
        Page first = pages[0];
        Page second = pages[1];

        second.click("#conflict-dialog .conflict-mine");
        second.waitHidden("#conflict-dialog");
        second.waitForLabels("Buy soy milk");
        second.waitSynced();
        first.waitForLabels("Buy soy milk");
    }
}
