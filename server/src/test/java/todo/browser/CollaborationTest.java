package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** Two people in two separate browsers share a list and see each other's changes live, without reloading. */
class CollaborationTest extends BrowserTest {

    @Test
    void aListSharedByAliceAppearsInBobsSidebarAndEveryChangeShowsUpLive() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);

        a.createList("Groceries");
        a.share(bob);
        b.waitUntil("Groceries in bob's sidebar", () -> b.sidebarLists().contains("Groceries"));
        b.openList("Groceries");

        a.waitUntil("alice sees bob online", () -> a.onlineMembers().containsAll(List.of(alice, bob)));
        b.waitUntil("bob sees alice online", () -> b.onlineMembers().containsAll(List.of(alice, bob)));

        a.addTasks("Milk", "Eggs");
        b.waitForLabels("Milk", "Eggs");

        a.doubleClickLabel("Milk");
        a.editField().sendKeys(Keys.chord(Keys.CONTROL, "a"), "Oat milk", Keys.ENTER);
        b.waitForLabels("Oat milk", "Eggs");

        a.toggle("Oat milk");
        b.waitUntil("completed for bob", () -> b.isCompleted("Oat milk"));

        a.deleteTask("Eggs");
        b.waitForLabels("Oat milk");

        b.addTask("Bread");
        a.waitForLabels("Oat milk", "Bread");
    }

    @Test
    void whenBobClosesThePageAliceSeesHimGoOffline() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Plans");
        a.share(bob);
        b.openList("Plans");
        a.waitUntil("bob online", () -> a.onlineMembers().contains(bob));

        b.driver.get("about:blank");
        a.waitUntil("bob offline", () -> !a.onlineMembers().contains(bob));
        assertEquals(List.of(alice, bob), a.members());
        assertEquals("offline", Page.textContent(a.find(".members .member[data-username='" + bob + "'] .member-status")));
    }

    @Test
    void aTaskChangedBySomeoneElseFlashesAndSaysWhoChangedIt() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Chores");
        a.share(bob);
        b.openList("Chores");
        b.waitUntil("bob sees alice in the list", () -> b.members().containsAll(List.of(alice, bob)));

        recordFlashes(a);
        recordFlashes(b);
        a.addTasks("Water the plants");
        b.waitForLabels("Water the plants");
        b.waitUntil("bob's row flashes", () -> flashed(b).contains("Water the plants"));
        assertEquals(List.of(), flashed(a), "alice's own change does not flash for her");
        assertEquals("Added by " + alice,
                Page.textContent(b.item("Water the plants").findElement(By.cssSelector(".by"))));

        b.toggle("Water the plants");
        a.waitUntil("alice sees who changed it", () -> Page.textContent(a.item("Water the plants")
                .findElement(By.cssSelector(".by"))).equals("Added by " + alice + " · changed by " + bob));
        a.waitUntil("alice's row flashes", () -> flashed(a).contains("Water the plants"));
        // the label still holds only the name
        assertEquals("Water the plants", Page.textContent(a.item("Water the plants")
                .findElement(By.cssSelector("label"))));
    }

    /** From now on, notes the name of every row that starts to flash (the highlight only lasts 1.6 s). */
    private static void recordFlashes(Page page) {
        page.js("""
                window.__flashed = [];
                const note = (el) => {
                  if (el.matches && el.matches('.todo-list li.flash')) window.__flashed.push(el.querySelector('label').textContent);
                };
                new MutationObserver(records => records.forEach(r => {
                  note(r.target);
                  r.addedNodes.forEach(note);
                })).observe(document.querySelector('.todo-list'),
                    {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
                """);
    }

    @SuppressWarnings("unchecked")
    private static List<String> flashed(Page page) {
        return (List<String>) page.js("return window.__flashed");
    }

    /**
     * The main screen with a shared list, two members, a few tasks and both online. Saved like every screenshot;
     * with {@code -Dtodo.docsScreenshot=true} also copied to {@code docs/screenshot.png} for the README.
     */
    @Test
    void theMainScreenShowsASharedListWithBothMembersOnline() throws IOException {
        // Nice names for the picture: this class has its own fresh server, and no other test uses them.
        String alice = "alice";
        String bob = "bob";
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Weekend trip");
        a.share(bob);
        b.openList("Weekend trip");
        a.addTasks("Book the train tickets", "Pack the tent", "Buy sunscreen", "Check the weather forecast");
        b.waitForLabels("Book the train tickets", "Pack the tent", "Buy sunscreen", "Check the weather forecast");
        b.toggle("Book the train tickets");
        a.waitUntil("completed", () -> a.isCompleted("Book the train tickets"));
        a.openDetails("Pack the tent");
        a.js("const d = document.querySelector('#details-due'); d.value = arguments[0];"
                + "d.dispatchEvent(new Event('input', {bubbles: true}));", a.today().toString());
        a.type("#details-note", "The big one, with the spare pegs");
        a.click(".details-form button[type=submit]");
        b.waitUntil("due today shown to bob", () -> b.visible(".todo-list li.due-today .due"));
        a.waitSynced();
        a.waitUntil("both online", () -> a.onlineMembers().containsAll(List.of(alice, bob)));
        a.openDetails("Pack the tent");
        a.hover(a.newTodo());
        a.js("document.activeElement.blur(); document.querySelector('#messages').replaceChildren()");

        Path shot = SCREENSHOTS.resolve("main-screen-shared-list.png");
        a.screenshot(shot);
        assertTrue(Files.size(shot) > 10_000);
        if (Boolean.getBoolean("todo.docsScreenshot")) {
            Path docs = Path.of("..", "docs", "screenshot.png");
            Files.createDirectories(docs.getParent());
            Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
