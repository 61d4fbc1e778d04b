package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The TodoMVC app specification, one behaviour per test, in a real browser against the real server.
 * Markup and class names are TodoMVC's, so the selectors here are the ones TodoMVC's own suite uses.
 */
class TodoMvcBehaviourTest extends BrowserTest {

    private Page signedIn() {
        return browser().register(user("tm"));
    }

    @Test
    void theNewTaskFieldIsFocusedWhenTheAppOpens() {
        Page page = signedIn();
        assertEquals("new-todo", page.activeElementClass());

        page.reload();
        page.waitSignedIn();
        assertEquals("new-todo", page.activeElementClass());
    }

    @Test
    void enterAddsTheTrimmedTextAtTheBottomAndClearsTheField() {
        Page page = signedIn();
        page.addTask("   Buy milk   ");
        page.addTask("Walk the dog");
        page.waitForLabels("Buy milk", "Walk the dog");
        assertEquals("", page.newTodo().getDomProperty("value"));

        page.waitSynced();
        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Buy milk", "Walk the dog");
    }

    @Test
    void emptyTextIsIgnored() {
        Page page = signedIn();
        page.newTodo().sendKeys(Keys.ENTER);
        page.newTodo().sendKeys("     ", Keys.ENTER);
        page.addTask("Real task");
        page.waitForLabels("Real task");
        assertEquals(1, page.findAll(".todo-list li").size());
    }

    @Test
    void theCheckboxMarksATaskCompletedAndActiveAgain() {
        Page page = signedIn();
        page.addTasks("Buy milk", "Walk the dog");

        page.toggle("Buy milk");
        page.waitUntil("Buy milk completed", () -> page.isCompleted("Buy milk"));
        assertFalse(page.isCompleted("Walk the dog"));

        page.waitSynced();
        page.reload();
        page.waitSignedIn();
        page.waitUntil("still completed after reload", () -> page.isCompleted("Buy milk"));

        page.toggle("Buy milk");
        page.waitUntil("Buy milk active again", () -> !page.isCompleted("Buy milk"));
    }

    @Test
    void toggleAllMarksEveryTaskCompletedThenEveryTaskActive() {
        Page page = signedIn();
        page.addTasks("One", "Two", "Three");
        page.toggle("Two");
        page.waitUntil("Two completed", () -> page.isCompleted("Two"));

        page.click(".toggle-all + label");
        page.waitUntil("all completed", () -> page.findAll(".todo-list li.completed").size() == 3);

        page.click(".toggle-all + label");
        page.waitUntil("all active", () -> page.findAll(".todo-list li.completed").isEmpty());
    }

    @Test
    void toggleAllReflectsWhetherEveryTaskIsCompleted() {
        Page page = signedIn();
        page.addTasks("One", "Two");
        WebElement toggleAll = page.find(".toggle-all");
        assertFalse(toggleAll.isSelected());

        page.toggle("One");
        page.toggle("Two");
        page.waitUntil("toggle-all checked", toggleAll::isSelected);

        page.toggle("One");
        page.waitUntil("toggle-all unchecked", () -> !toggleAll.isSelected());
    }

    @Test
    void doubleClickingATitleEditsItAndHidesTheOtherControls() {
        Page page = signedIn();
        page.addTasks("Buy milk", "Walk the dog");

        page.doubleClickLabel("Buy milk");
        WebElement edit = page.editField();
        WebElement row = page.item("Buy milk");
        assertTrue(row.getDomAttribute("class").contains("editing"));
        assertEquals("Buy milk", edit.getDomProperty("value"));
        assertEquals("edit", page.activeElementClass());
        assertFalse(row.findElement(By.cssSelector(".toggle")).isDisplayed());
        assertFalse(row.findElement(By.cssSelector("label")).isDisplayed());
    }

    @Test
    void enterSavesTheTrimmedEditedTitle() {
        Page page = signedIn();
        page.addTasks("Buy milk", "Walk the dog");

        page.doubleClickLabel("Buy milk");
        WebElement edit = page.editField();
        edit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "   Buy oat milk   ", Keys.ENTER);
        page.waitForLabels("Buy oat milk", "Walk the dog");
        assertTrue(page.findAll(".todo-list li.editing").isEmpty());

        page.waitSynced();
        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Buy oat milk", "Walk the dog");
    }

    @Test
    void leavingTheEditFieldSavesTheTitle() {
        Page page = signedIn();
        page.addTasks("Buy milk");

        page.doubleClickLabel("Buy milk");
        page.editField().sendKeys(Keys.chord(Keys.CONTROL, "a"), "Buy bread");
        page.newTodo().click();
        page.waitForLabels("Buy bread");
        assertTrue(page.findAll(".todo-list li.editing").isEmpty());
    }

    @Test
    void escapeCancelsTheEdit() {
        Page page = signedIn();
        page.addTasks("Buy milk");

        page.doubleClickLabel("Buy milk");
        page.editField().sendKeys(Keys.chord(Keys.CONTROL, "a"), "Something else", Keys.ESCAPE);
        page.waitUntil("not editing", () -> page.findAll(".todo-list li.editing").isEmpty());
        page.waitForLabels("Buy milk");

        page.waitSynced();
        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Buy milk");
    }

    @Test
    void savingAnEmptyTitleDeletesTheTask() {
        Page page = signedIn();
        page.addTasks("Buy milk", "Walk the dog");

        page.doubleClickLabel("Buy milk");
        page.editField().sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "   ", Keys.ENTER);
        page.waitForLabels("Walk the dog");

        page.waitSynced();
        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Walk the dog");
    }

    @Test
    void theDeleteButtonAppearsOnHoverAndDeletesTheTask() {
        Page page = signedIn();
        page.addTasks("Buy milk", "Walk the dog");
        WebElement destroy = page.item("Buy milk").findElement(By.cssSelector(".destroy"));
        page.hover(page.newTodo());
        page.waitUntil("delete button hidden without hover", () -> !destroy.isDisplayed());

        page.hover(page.item("Buy milk"));
        page.waitUntil("delete button shown on hover", destroy::isDisplayed);
        destroy.click();
        page.waitForLabels("Walk the dog");
    }

    @Test
    void theCounterSaysHowManyItemsAreLeftWithTheRightPlural() {
        Page page = signedIn();
        page.addTasks("One");
        assertEquals("1 item left", page.count());
        assertEquals("1", page.find(".todo-count strong").getText());

        page.addTask("Two");
        page.waitForLabels("One", "Two");
        assertEquals("2 items left", page.count());
        assertEquals("2", page.find(".todo-count strong").getText());

        page.toggle("One");
        page.waitUntil("1 item left", () -> page.count().equals("1 item left"));
        page.toggle("Two");
        page.waitUntil("0 items left", () -> page.count().equals("0 items left"));
        assertEquals("0", page.find(".todo-count strong").getText());
    }

    @Test
    void clearCompletedIsShownOnlyWhenSomethingIsCompletedAndRemovesThoseTasks() {
        Page page = signedIn();
        page.addTasks("One", "Two", "Three");
        assertFalse(page.visible(".clear-completed"));

        page.toggle("One");
        page.toggle("Three");
        page.waitUntil("clear completed shown", () -> page.visible(".clear-completed"));
        assertEquals("Clear completed", page.find(".clear-completed").getText());

        page.click(".clear-completed");
        page.waitForLabels("Two");
        page.waitUntil("clear completed hidden", () -> !page.visible(".clear-completed"));
        assertFalse(page.find(".toggle-all").isSelected());
    }

    @Test
    void theFiltersShowAllActiveOrCompletedTasksAndMarkTheSelectedOne() {
        Page page = signedIn();
        page.addTasks("One", "Two", "Three");
        page.toggle("Two");
        page.waitUntil("Two completed", () -> page.isCompleted("Two"));
        assertEquals(List.of("All", "Active", "Completed"),
                page.findAll(".filters a").stream().map(WebElement::getText).toList());

        page.driver.findElement(By.linkText("Active")).click();
        page.waitForLabels("One", "Three");
        assertTrue(page.url().endsWith("#/active"));
        assertEquals("Active", page.find(".filters a.selected").getText());

        page.driver.findElement(By.linkText("Completed")).click();
        page.waitForLabels("Two");
        assertTrue(page.url().endsWith("#/completed"));
        assertEquals("Completed", page.find(".filters a.selected").getText());

        page.driver.findElement(By.linkText("All")).click();
        page.waitForLabels("One", "Two", "Three");
        assertTrue(page.url().endsWith("#/"));
        assertEquals("All", page.find(".filters a.selected").getText());
    }

    @Test
    void aFilteredViewFollowsChangesToTheTasks() {
        Page page = signedIn();
        page.addTasks("One", "Two");
        page.driver.findElement(By.linkText("Active")).click();
        page.waitForLabels("One", "Two");

        page.toggle("One");
        page.waitForLabels("Two");
    }

    @Test
    void theFilterSurvivesAReload() {
        Page page = signedIn();
        page.addTasks("One", "Two");
        page.toggle("Two");
        page.waitUntil("Two completed", () -> page.isCompleted("Two"));
        page.driver.findElement(By.linkText("Completed")).click();
        page.waitForLabels("Two");
        page.waitSynced();

        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Two");
        assertTrue(page.url().endsWith("#/completed"));
        assertEquals("Completed", page.find(".filters a.selected").getText());
    }

    @Test
    void theBackButtonReturnsToThePreviousFilter() {
        Page page = signedIn();
        page.addTasks("One", "Two");
        page.toggle("Two");
        page.waitUntil("Two completed", () -> page.isCompleted("Two"));

        page.driver.findElement(By.linkText("Active")).click();
        page.waitForLabels("One");
        page.driver.findElement(By.linkText("Completed")).click();
        page.waitForLabels("Two");

        page.driver.navigate().back();
        page.waitForLabels("One");
        assertEquals("Active", page.find(".filters a.selected").getText());
        page.driver.navigate().back();
        page.waitForLabels("One", "Two");
        assertEquals("All", page.find(".filters a.selected").getText());
    }

    @Test
    void mainAndFooterAreHiddenWhileTheListIsEmpty() {
        Page page = signedIn();
        assertFalse(page.visible(".main"));
        assertFalse(page.visible(".footer"));

        page.addTasks("One");
        assertTrue(page.visible(".main"));
        assertTrue(page.visible(".footer"));

        page.deleteTask("One");
        page.waitForLabels();
        page.waitUntil("main hidden", () -> !page.visible(".main"));
        assertFalse(page.visible(".footer"));
    }
}
