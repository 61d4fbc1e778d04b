package todo.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One browser showing the app: what a person does and sees, in test-sized steps. */
final class Page {
    static final String PASSWORD = "correct horse battery";
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Tries of a double-click gesture before concluding that no dblclick reaches the page. */
    static final int DOUBLE_CLICK_ATTEMPTS = 3;

    final ChromeDriver driver;
    private final Chromium.Browser browser;
    private final String baseUrl;
    private String tapScript;

    Page(Chromium.Browser browser, String baseUrl) {
        this.browser = browser;
        this.driver = browser.driver();
        this.baseUrl = baseUrl;
    }

    // ---------------------------------------------------------------- navigation and waiting

    Page open() {
        driver.get(baseUrl);
        return this;
    }

    /** Opens the app at a route such as {@code #/active}. */
    Page open(String hash) {
        driver.get(baseUrl + hash);
        return this;
    }

    void reload() {
        driver.navigate().refresh();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(what, WAIT, condition);
    }

    <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .withMessage(() -> what)
                .until(condition);
    }

    void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        waitFor(what, d -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean visible(String css) {
        List<WebElement> found = findAll(css);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    WebElement waitVisible(String css) {
        return waitFor(css + " visible", d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            return e.isDisplayed() ? e : null;
        });
    }

    void waitHidden(String css) {
        waitUntil(css + " hidden", () -> !visible(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String text(String css) {
        return find(css).getText();
    }

    /** The element's textContent (also for hidden elements, unlike getText). */
    static String textContent(WebElement e) {
        return Objects.requireNonNullElse(e.getDomProperty("textContent"), "");
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void click(String css) {
        find(css).click();
    }

    // ---------------------------------------------------------------- accounts

    /** Creates an account through the form and waits until its first list is open. */
    Page register(String username) {
        waitVisible("#register-form");
        type("#register-username", username);
        type("#register-password", PASSWORD);
        click("#register-form button[type=submit]");
        waitSignedIn();
        return this;
    }

    Page signIn(String username) {
        return signIn(username, PASSWORD);
    }

    Page signIn(String username, String password) {
        waitVisible("#signin-form");
        type("#signin-username", username);
        type("#signin-password", password);
        click("#signin-form button[type=submit]");
        waitSignedIn();
        return this;
    }

    /** Signs out with the button and waits for the sign-in form. */
    void signOut() {
        click(".signout-button");
        waitVisible("#signin-form");
    }

    /** Waits until the app shows an open list and is connected. */
    void waitSignedIn() {
        waitVisible("#app");
        waitUntil("a list is open", () -> !textContent(find(".list-title")).isEmpty()
                && "connected".equals(connectionState()));
    }

    String connectionState() {
        return find("#connection").getDomAttribute("data-state");
    }

    String connectionText() {
        return textContent(find("#connection")).trim();
    }

    // ---------------------------------------------------------------- lists

    String listTitle() {
        return textContent(find(".list-title"));
    }

    List<String> sidebarLists() {
        return findAll(".list-nav .list-link-title").stream().map(Page::textContent).toList();
    }

    void openList(String title) {
        WebElement link = waitFor("list " + title + " in the sidebar", d -> findAll(".list-nav .list-link").stream()
                .filter(e -> textContent(e.findElement(By.cssSelector(".list-link-title"))).equals(title))
                .findFirst().orElse(null));
        link.click();
        waitUntil("list " + title + " is open", () -> listTitle().equals(title));
    }

    void createList(String title) {
        type("#new-list-title", title);
        find("#new-list-title").sendKeys(Keys.ENTER);
        waitUntil("list " + title + " is open", () -> listTitle().equals(title));
    }

    void share(String username) {
        type("#share-username", username);
        find("#share-username").sendKeys(Keys.ENTER);
        waitUntil(username + " is a member", () -> members().contains(username));
    }

    List<String> members() {
        return findAll(".members .member-name").stream().map(Page::textContent).toList();
    }

    List<String> onlineMembers() {
        return findAll(".members .member.online .member-name").stream().map(Page::textContent).toList();
    }

    // ---------------------------------------------------------------- tasks

    WebElement newTodo() {
        return find(".new-todo");
    }

    Page addTask(String name) {
        newTodo().sendKeys(name, Keys.ENTER);
        return this;
    }

    Page addTasks(String... names) {
        for (String n : names) {
            addTask(n);
        }
        waitForLabels(names);
        return this;
    }

    /** The labels of the rows shown, top to bottom. */
    List<String> labels() {
        return findAll(".todo-list li label").stream().map(Page::textContent).toList();
    }

    void waitForLabels(String... expected) {
        List<String> want = List.of(expected);
        waitFor("tasks shown are " + want, d -> labels().equals(want) ? Boolean.TRUE : null);
    }

    /** The row whose label is exactly {@code name}. */
    WebElement item(String name) {
        return waitFor("a row labelled " + name, d -> findAll(".todo-list li").stream()
                .filter(li -> textContent(li.findElement(By.cssSelector("label"))).equals(name))
                .findFirst().orElse(null));
    }

    boolean isCompleted(String name) {
        return item(name).getDomAttribute("class").contains("completed");
    }

    void toggle(String name) {
        item(name).findElement(By.cssSelector(".toggle")).click();
    }

    void hover(WebElement e) {
        new Actions(driver).moveToElement(e).perform();
    }

    /**
     * Double-clicks a title. ChromeDriver decides whether two clicks make a double-click from its own clock, so on
     * a loaded machine it can space them past the double-click interval and the page then gets two single clicks
     * and no {@code dblclick}. The page's own count of {@code dblclick} events tells the two cases apart: the
     * gesture is repeated only when no {@code dblclick} reached the page. What the app did with it is the
     * caller's to check.
     */
    void doubleClickLabel(String name) {
        js("if (!window.__dblclickTap) { window.__dblclickTap = true; window.__dblclicks = 0;"
                + " document.addEventListener('dblclick', () => { window.__dblclicks++; }, true); }");
        for (int attempt = 1; attempt <= DOUBLE_CLICK_ATTEMPTS; attempt++) {
            long before = dblclicks();
            new Actions(driver).doubleClick(item(name).findElement(By.cssSelector("label"))).perform();
            try {
                waitFor("a dblclick event", Duration.ofSeconds(5), d -> dblclicks() > before ? Boolean.TRUE : null);
                return;
            } catch (TimeoutException e) {
                if (dblclicks() > before) return; // arrived just as the wait gave up
                System.err.println("double-click on " + name + " arrived as two clicks (attempt " + attempt + ")");
            }
        }
        throw new AssertionError("no dblclick event reached the page after " + DOUBLE_CLICK_ATTEMPTS
                + " double-clicks on " + name);
    }

    private long dblclicks() {
        return ((Number) js("return window.__dblclicks || 0")).longValue();
    }

    /** The inline edit field of the row being edited. */
    WebElement editField() {
        return waitVisible(".todo-list li.editing .edit");
    }

    void deleteTask(String name) {
        WebElement row = item(name);
        hover(row);
        row.findElement(By.cssSelector(".destroy")).click();
    }

    void openDetails(String name) {
        WebElement row = item(name);
        hover(row);
        row.findElement(By.cssSelector(".details-button")).click();
        waitVisible(".details");
    }

    /** Waits until every change has been confirmed by the server. */
    void waitSynced() {
        waitUntil("all changes confirmed", () -> "connected".equals(connectionState())
                && findAll(".todo-list li.pending").isEmpty()
                && connectionText().equals("Connected"));
    }

    /** Today in the browser's time zone and clock, which is what the page marks as due today or overdue. */
    java.time.LocalDate today() {
        return java.time.LocalDate.parse((String) js("const d = new Date(); return d.getFullYear() + '-'"
                + " + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');"));
    }

    String activeElementClass() {
        return (String) js("return document.activeElement ? document.activeElement.className : null");
    }

    String count() {
        return textContent(find(".todo-count"));
    }

    // ---------------------------------------------------------------- order, editing marks, undo, roles

    /**
     * Drags the row {@code name} by its handle and drops it on the upper ({@code above}) or lower half of the row
     * {@code target}, with real pointer events, in small steps as a hand would.
     */
    void drag(String name, String target, boolean above) {
        WebElement row = item(name);
        WebElement handle = row.findElement(By.cssSelector(".drag-handle"));
        WebElement onto = item(target);
        int quarter = onto.getRect().getHeight() / 4;
        new Actions(driver).moveToElement(row).moveToElement(handle).clickAndHold()
                .moveByOffset(0, above ? -8 : 8)
                .moveToElement(onto, 0, above ? -quarter : quarter)
                .moveToElement(onto, 0, above ? -quarter + 1 : quarter - 1)
                .release().perform();
    }

    /** Alt+↑ ({@code up}) or Alt+↓ on the row {@code name}, from its details button (which viewers have too). */
    void moveWithKeys(String name, boolean up) {
        WebElement button = item(name).findElement(By.cssSelector(".details-button"));
        js("arguments[0].focus()", button);
        waitUntil("the row has the focus", () -> button.equals(js("return document.activeElement")));
        new Actions(driver).keyDown(Keys.ALT).sendKeys(up ? Keys.ARROW_UP : Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
    }

    /** The "… is editing…" line of a row ("" when nobody else is editing it). */
    String editingIn(String name) {
        return textContent(item(name).findElement(By.cssSelector(".editing-by"))).trim();
    }

    /** Shares the open list with {@code username} as {@code role} ("editor" or "viewer"). */
    void share(String username, String role) {
        new org.openqa.selenium.support.ui.Select(find("#share-role")).selectByValue(role);
        share(username);
    }

    /** A member's role as the members panel shows it (the owner sees it in the member's role menu). */
    String roleOf(String username) {
        WebElement member = find(".members .member[data-username='" + username + "']");
        WebElement select = member.findElement(By.cssSelector(".member-role-select"));
        return select.isDisplayed() ? select.getDomProperty("value")
                : textContent(member.findElement(By.cssSelector(".member-role")));
    }

    /** The owner picks another role for a member from the members panel. */
    void changeRole(String username, String role) {
        WebElement member = find(".members .member[data-username='" + username + "']");
        new org.openqa.selenium.support.ui.Select(member.findElement(By.cssSelector(".member-role-select")))
                .selectByValue(role);
    }

    /** Waits until the undo toast shows {@code text} (an earlier change's toast may still be up before it). */
    void waitForToast(String text) {
        waitUntil("the undo toast says " + text, () -> visible("#undo-toast")
                && textContent(find("#undo-toast .toast-text")).equals(text));
    }

    /** Opens the activity panel and waits until it has loaded at least {@code entries} entries. */
    void openActivity(int entries) {
        click(".activity-button");
        waitVisible("#activity");
        waitUntil(entries + " activity entries", () -> activity().size() >= entries);
    }

    /** The activity panel's entries, newest first, as their text ("bob completed “Milk”"). */
    List<String> activity() {
        return findAll("#activity .activity-entry .activity-text").stream().map(Page::textContent).toList();
    }

    /** The activity entry whose text is exactly {@code text}. */
    WebElement activityEntry(String text) {
        return waitFor("activity entry " + text, d -> findAll("#activity .activity-entry").stream()
                .filter(li -> textContent(li.findElement(By.cssSelector(".activity-text"))).equals(text))
                .findFirst().orElse(null));
    }

    // ---------------------------------------------------------------- wire tap

    /**
     * Records every frame the page sends ({@code window.__sent}) and receives ({@code window.__received}) from now on,
     * and can drop one incoming frame ({@code window.__drop = frame => boolean}). Installed with CDP before any page
     * script runs (CSP does not apply to it), then the page is reloaded.
     */
    Page tapWebSocket() {
        String tap = """
                (() => {
                  const Native = window.WebSocket;
                  window.__sent = []; window.__received = []; window.__drop = null; window.__dropped = [];
                  window.WebSocket = class extends Native {
                    send(data) { window.__sent.push(JSON.parse(data)); return super.send(data); }
                    addEventListener(type, fn, options) {
                      if (type !== 'message') return super.addEventListener(type, fn, options);
                      return super.addEventListener(type, (e) => {
                        const frame = JSON.parse(e.data);
                        if (window.__drop && window.__drop(frame)) { window.__drop = null; window.__dropped.push(frame); return; }
                        window.__received.push(frame);
                        fn(e);
                      }, options);
                    }
                  };
                })();
                """;
        tapScript = (String) driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                java.util.Map.of("source", tap)).get("identifier");
        reload();
        return this;
    }

    /** The frames the page sent since it was loaded, of one type, as maps. */
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> sent(String type) {
        return (List<java.util.Map<String, Object>>) js(
                "return (window.__sent || []).filter(f => f.type === arguments[0])", type);
    }

    // ---------------------------------------------------------------- evidence

    /**
     * Errors the page logged since the last call: script errors, CSP refusals and the like. Failed requests to a
     * server that is down (the reconnect tests stop it on purpose) are expected and left out.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> !m.contains("ERR_CONNECTION_REFUSED") && !m.contains("ERR_INTERNET_DISCONNECTED")
                        && !m.contains("ERR_CONNECTION_RESET") && !m.contains("ERR_EMPTY_RESPONSE")
                        && !(m.contains("WebSocket connection to") && m.contains("failed")))
                .toList();
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save screenshot " + file + ": " + e);
        }
    }

    Chromium.Browser browser() {
        return browser;
    }

    /** Leaves the app and deletes everything the site stored, so the browser can serve another test. */
    void wipe() {
        String siteUrl = baseUrl;
        if (tapScript != null) {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", tapScript));
            tapScript = null;
        }
        driver.get("about:blank");
        String origin = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        driver.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", origin, "storageTypes", "all"));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    void quit() {
        browser.quit();
    }
}
