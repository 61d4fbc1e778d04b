package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** Beyond TodoMVC: a task's note and due date, due markers, and who created and last changed it. */
class TaskDetailsTest extends BrowserTest {

    private static void setDue(Page page, LocalDate date) {
        page.js("const d = document.querySelector('#details-due'); d.value = arguments[0];"
                + "d.dispatchEvent(new Event('input', {bubbles: true}));", date.toString());
    }

    private static String rowText(Page page, String name, String css) {
        return Page.textContent(page.item(name).findElement(By.cssSelector(css)));
    }

    @Test
    void theNoteAndDueDateAreEditedInTheTaskDetails() {
        Page page = browser().register(user("alice"));
        page.addTasks("Renew passport");
        page.openDetails("Renew passport");
        assertEquals("Renew passport", page.find("#details-name").getDomProperty("value"));

        page.type("#details-note", "Photos first");
        LocalDate due = page.today().plusDays(30);
        setDue(page, due);
        page.click(".details-form button[type=submit]");
        page.waitHidden(".details");
        page.waitUntil("note flag", () -> page.item("Renew passport").findElement(By.cssSelector(".note-flag")).isDisplayed());
        page.waitUntil("due shown", () -> rowText(page, "Renew passport", ".due").startsWith("Due "));
        assertEquals("Renew passport", rowText(page, "Renew passport", "label"));
        page.waitSynced();

        page.reload();
        page.waitSignedIn();
        page.openDetails("Renew passport");
        assertEquals("Photos first", page.find("#details-note").getDomProperty("value"));
        assertEquals(due.toString(), page.find("#details-due").getDomProperty("value"));
    }

    @Test
    void overdueAndDueTodayTasksAreMarked() {
        Page page = browser().register(user("alice"));
        page.addTasks("Late", "Today", "Later");
        LocalDate today = page.today();
        for (String[] due : new String[][] {
                {"Late", today.minusDays(2).toString()},
                {"Today", today.toString()},
                {"Later", today.plusDays(5).toString()}}) {
            page.openDetails(due[0]);
            setDue(page, LocalDate.parse(due[1]));
            page.find("#details-name").sendKeys(Keys.ENTER);
            page.waitHidden(".details");
        }
        page.waitUntil("overdue marked", () -> page.item("Late").getDomAttribute("class").contains("overdue"));
        assertTrue(rowText(page, "Late", ".due").startsWith("Overdue"));
        page.waitUntil("due today marked", () -> page.item("Today").getDomAttribute("class").contains("due-today"));
        assertEquals("Due today", rowText(page, "Today", ".due"));
        assertFalse(page.item("Later").getDomAttribute("class").contains("overdue"));
        assertFalse(page.item("Later").getDomAttribute("class").contains("due-today"));

        page.toggle("Late"); // done is done: no longer overdue
        page.waitUntil("completed is not overdue", () -> !page.item("Late").getDomAttribute("class").contains("overdue"));
    }

    @Test
    void theDetailsShowWhoCreatedAndWhoLastChangedTheTask() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Shared");
        a.share(bob);
        b.openList("Shared");
        a.addTasks("Fix the bike");
        b.waitForLabels("Fix the bike");
        b.toggle("Fix the bike");
        a.waitUntil("completed", () -> a.isCompleted("Fix the bike"));

        a.openDetails("Fix the bike");
        assertTrue(a.text(".details-created").startsWith("by " + alice), a.text(".details-created"));
        a.waitUntil("changed by bob", () -> a.text(".details-updated").startsWith("by " + bob));
    }

    @Test
    void someoneElsesChangeNeverOverwritesTheFieldBeingEdited() {
        Page[] pages = twoSessionsShowing("Call the plumber");
        Page a = pages[0];
        Page b = pages[1];

        a.openDetails("Call the plumber");
        a.find("#details-note").sendKeys("Ask about the boiler too");
        b.openDetails("Call the plumber");
        b.type("#details-name", "Call the plumber today");
        b.click(".details-form button[type=submit]");
        b.waitSynced();

        // alice's untouched name field follows the change; the note she is typing is left alone
        a.waitUntil("name followed", () -> "Call the plumber today".equals(a.find("#details-name").getDomProperty("value")));
        assertEquals("Ask about the boiler too", a.find("#details-note").getDomProperty("value"));

        a.click(".details-form button[type=submit]"); // only the note is sent: no conflict with the new name
        a.waitSynced();
        assertFalse(a.visible("#conflict-dialog"));
        b.openDetails("Call the plumber today");
        b.waitUntil("note arrived", () -> "Ask about the boiler too".equals(b.find("#details-note").getDomProperty("value")));
    }
}
