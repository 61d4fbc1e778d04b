package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** Labelled controls, keyboard-only use with visible focus, an announced connection state, small screens. */
class AccessibilityTest extends BrowserTest {

    /** Every visible or dialog control without an accessible name (by the usual rules, roughly). */
    private static final String UNLABELLED = """
            const name = (el) => {
              if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
              const by = el.getAttribute('aria-labelledby');
              if (by) return by.split(' ').map(id => document.getElementById(id)?.textContent ?? '').join(' ');
              if (el.labels && el.labels.length) return [...el.labels].map(l => l.textContent).join(' ');
              if (el.tagName === 'BUTTON' || el.tagName === 'A') return el.textContent;
              return el.getAttribute('title') || '';
            };
            return [...document.querySelectorAll('input, button, select, textarea, a[href]')]
              .filter(el => el.type !== 'hidden' && !el.hidden && (el.getClientRects().length || el.closest('dialog')))
              .filter(el => !name(el).trim())
              .map(el => el.outerHTML.slice(0, 120));
            """;

    @Test
    void everyControlHasALabel() {
        Page page = browser();
        page.waitVisible("#signin-form");
        assertEquals(List.of(), page.js(UNLABELLED), "sign-in page");

        page.register(user("alice"));
        page.addTasks("Labelled task");
        page.openDetails("Labelled task");
        assertEquals(List.of(), page.js(UNLABELLED), "main screen");
        assertEquals("status", page.find("#connection").getDomAttribute("role"));
        assertEquals("polite", page.find("#connection").getDomAttribute("aria-live"));
    }

    @Test
    void theTaskListCanBeUsedWithTheKeyboardAloneWithVisibleFocus() {
        Page page = browser().register(user("alice"));
        Actions keys = new Actions(page.driver);
        keys.sendKeys("Walk the dog", Keys.ENTER).sendKeys("Feed the cat", Keys.ENTER).perform();
        page.waitForLabels("Walk the dog", "Feed the cat");

        // Tab from the new-task field to the first task's checkbox
        for (int i = 0; i < 4 && !"toggle".equals(page.activeElementClass()); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals("toggle", page.activeElementClass());
        assertTrue((Boolean) page.js("const s = getComputedStyle(document.activeElement.nextElementSibling);"
                + "return s.boxShadow !== 'none' || s.outlineStyle !== 'none';"), "focus is visible");

        keys.sendKeys(Keys.SPACE).perform();
        page.waitUntil("completed", () -> page.isCompleted("Walk the dog"));

        keys.sendKeys(Keys.F2).perform(); // edit the title without a mouse
        page.editField();
        keys.keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys("Walk the dogs", Keys.ENTER).perform();
        page.waitForLabels("Walk the dogs", "Feed the cat");
        assertEquals("toggle", page.activeElementClass());

        keys.sendKeys(Keys.TAB).perform();
        assertEquals("details-button", page.activeElementClass());
        assertTrue((Boolean) page.js("return getComputedStyle(document.activeElement).outlineStyle !== 'none'"));
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("destroy", page.activeElementClass());
        keys.sendKeys(Keys.ENTER).perform();
        page.waitForLabels("Feed the cat");
    }

    @Test
    void theAppFitsAScreen360PixelsWide() {
        Page page = browser();
        page.driver.manage().window().setSize(new Dimension(360, 780));
        page.waitVisible("#signin-form");
        assertEquals(Boolean.TRUE, page.js("return document.documentElement.scrollWidth <= window.innerWidth"));

        page.register(user("alice"));
        page.addTasks("A task with a rather long name that has to wrap on a small phone screen");
        page.waitSynced();
        assertEquals(Boolean.TRUE, page.js("return document.documentElement.scrollWidth <= window.innerWidth"),
                "no sideways scrolling");
        assertTrue(page.newTodo().isDisplayed());
        assertTrue(page.find(".todo-count").isDisplayed());
    }
}
