package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Undo: a toast after each change of mine, Ctrl+Z outside text fields, and the activity panel, which lists who did
 * what in the list with an undo button per entry and says clearly when a change can no longer be undone.
 */
class UndoAndActivityTest extends BrowserTest {

    @Test
    void theToastAfterCompletingATaskUndoesItForEveryone() {
        Shared s = aliceSharesWithBob("Errands", "editor");
        s.a().addTasks("Post office");
        s.b().waitForLabels("Post office");

        s.a().toggle("Post office");
        s.a().waitForToast("Completed “Post office”.");
        s.b().waitUntil("completed for bob", () -> s.b().isCompleted("Post office"));

        s.a().click("#undo-toast .toast-undo");
        s.a().waitHidden("#undo-toast");
        s.a().waitUntil("not completed any more", () -> !s.a().isCompleted("Post office"));
        s.b().waitUntil("nor for bob", () -> !s.b().isCompleted("Post office"));
    }

    @Test
    void ctrlZOutsideATextFieldBringsADeletedTaskBackInItsPlace() {
        Shared s = aliceSharesWithBob("Chores", "editor");
        Page a = s.a().tapWebSocket();
        a.waitSignedIn();
        a.addTasks("Dishes", "Laundry", "Vacuum");
        s.b().waitForLabels("Dishes", "Laundry", "Vacuum");

        a.deleteTask("Laundry");
        a.waitForToast("Deleted “Laundry”.");
        a.waitForLabels("Dishes", "Vacuum");
        a.waitSynced();

        a.newTodo().sendKeys("Iron");
        a.newTodo().sendKeys(Keys.chord(Keys.CONTROL, "z")); // in a text field: the browser's own undo
        a.js("document.activeElement.blur()");
        new Actions(a.driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        a.waitForLabels("Dishes", "Laundry", "Vacuum");
        s.b().waitForLabels("Dishes", "Laundry", "Vacuum");
        a.waitUntil("says it was undone", () -> a.text("#messages").contains("Undone: Deleted “Laundry”"));
        assertEquals(1, a.sent("undo").size(), "Ctrl+Z in the text field was the field's");
    }

    @Test
    void theActivityPanelListsWhoDidWhatAndUndoesAnEntryWhichThenSaysUndone() {
        Shared s = aliceSharesWithBob("Groceries", "editor");
        Page a = s.a();
        Page b = s.b();
        a.addTasks("Milk");
        b.waitForLabels("Milk");
        b.toggle("Milk");
        a.waitUntil("completed for alice", () -> a.isCompleted("Milk"));

        a.openActivity(2);
        String completed = s.bob() + " completed “Milk”";
        assertEquals(List.of(completed, s.alice() + " added “Milk”"), a.activity());
        assertTrue(a.activityEntry(completed).findElement(By.cssSelector("time")).getText().length() > 0);

        a.activityEntry(completed).findElement(By.cssSelector(".activity-undo")).click();
        a.waitUntil("reopened", () -> !a.isCompleted("Milk"));
        b.waitUntil("reopened for bob", () -> !b.isCompleted("Milk"));
        a.waitUntil("the undo is listed on top, live", () -> a.activity().equals(
                List.of(s.alice() + " reopened “Milk”", completed, s.alice() + " added “Milk”")));
        a.waitUntil("the undone entry says so", () -> a.activityEntry(completed)
                .findElement(By.cssSelector(".activity-undone")).isDisplayed());
        assertFalse(a.activityEntry(completed).findElement(By.cssSelector(".activity-undo")).isDisplayed());
    }

    @Test
    void undoingAChangeOverwrittenSinceIsRefusedWithAClearMessage() {
        Shared s = aliceSharesWithBob("Bills", "editor");
        Page a = s.a();
        Page b = s.b();
        a.addTasks("Rent");
        b.waitForLabels("Rent");
        b.toggle("Rent");
        a.waitUntil("completed for alice", () -> a.isCompleted("Rent"));
        b.waitSynced();
        b.toggle("Rent"); // the same field changed again since
        a.waitUntil("reopened for alice", () -> !a.isCompleted("Rent"));

        a.openActivity(3);
        String completed = s.bob() + " completed “Rent”";
        a.activityEntry(completed).findElement(By.cssSelector(".activity-undo")).click();
        a.waitUntil("a clear refusal", () -> a.text("#activity .activity-status")
                .equals("Cannot undo: “Rent” has changed since (last by " + s.bob() + "), or that change was already undone."));
        assertFalse(a.isCompleted("Rent"));
        assertFalse(b.isCompleted("Rent"));
    }

    @Test
    void taskNamesInTheActivityPanelAreShownAsTextNeverAsMarkup() {
        String attack = "<img src=x onerror=alert(1)>";
        Page page = browser().register(user("alice"));
        page.js("window.__alerts = 0; window.alert = () => { window.__alerts++; };");
        page.addTasks(attack);
        page.waitSynced();
        page.openActivity(1);
        String added = page.activity().get(0);
        assertTrue(added.endsWith(" added “" + attack + "”"), added);
        assertEquals(0L, page.js("return document.querySelectorAll('img').length"));
        assertEquals(0L, page.js("return window.__alerts"));
    }
}
