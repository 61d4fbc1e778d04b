package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/** User text is only ever text: markup in a task name or list title is shown, never parsed or run. */
class XssTest extends BrowserTest {
    static final String ATTACK = "<img src=x onerror=alert(1)>";

    /** Counts alert() calls, CSP violations and <img> elements appearing anywhere in the page. */
    private static void watch(Page page) {
        page.js("window.__alerts = 0; window.alert = () => { window.__alerts++; };"
                + "window.__violations = [];"
                + "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));");
    }

    private static void assertNothingRan(Page page) {
        assertEquals(0L, page.js("return window.__alerts"));
        assertEquals(List.of(), page.js("return window.__violations"));
        assertEquals(0L, page.js("return document.querySelectorAll('img').length"));
        assertFalse(alertOpen(page));
    }

    private static boolean alertOpen(Page page) {
        try {
            page.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    @Test
    void aTaskNamedLikeMarkupIsShownAsThatTextAndNoScriptRuns() {
        Page page = browser().register(user("xss"));
        watch(page);

        page.addTask(ATTACK);
        page.waitForLabels(ATTACK);
        page.waitSynced();
        assertEquals(ATTACK, page.item(ATTACK).findElement(By.cssSelector("label")).getText());

        page.openDetails(ATTACK);
        assertEquals(ATTACK, page.find("#details-name").getDomProperty("value"));
        assertNothingRan(page);

        page.reload(); // and as it comes back from the server
        page.waitSignedIn();
        watch(page);
        page.waitForLabels(ATTACK);
        assertNothingRan(page);
    }

    @Test
    void aListTitledLikeMarkupIsShownAsThatTextAndNoScriptRuns() {
        Page page = browser().register(user("xss"));
        watch(page);
        page.createList(ATTACK);
        assertEquals(ATTACK, page.listTitle());
        page.waitUntil("in the sidebar", () -> page.sidebarLists().contains(ATTACK));
        assertNothingRan(page);
    }
}
