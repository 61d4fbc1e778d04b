package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import todo.app.Config;
import todo.app.Server;

/**
 * Base of the browser tests: one real server per test class (production wiring, ephemeral ports, a temporary
 * SQLite file), headless Chromium browsers each with its own fresh temporary profile, a PNG screenshot of every
 * browser after each test (under {@code target/screenshots/}), and everything closed afterwards. Each test
 * registers its own users, so tests of one class do not see each other's data. Starting Chromium is the slow
 * part, so a class keeps its browsers between tests and wipes the site's storage (signed out, no queue)
 * before handing one out again.
 */
abstract class BrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final AtomicInteger USERS = new AtomicInteger();

    static Path dataDir;
    static Server server;

    private static final List<Chromium.Browser> idle = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        Chromium.require();
        dataDir = Files.createTempDirectory("todo-browser-test-");
        server = Server.start(config(0, 0));
    }

    @AfterAll
    static void stopServer() {
        for (Chromium.Browser b : idle) {
            quietly(b::quit);
        }
        idle.clear();
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dataDir + ": " + e);
            }
            dataDir = null;
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("browser cleanup: " + e);
        }
    }

    /** The production config on the given ports (0 = any free port) with the class's database. */
    static Config config(int httpPort, int wsPort) {
        return Config.defaults().withHost("127.0.0.1").withPort(httpPort).withWsPort(wsPort)
                .withDb(dataDir.resolve("todo.db")).withPasswordIterations(1_000);
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort() + "/";
    }

    static String wsUrl() {
        return "ws://127.0.0.1:" + server.wsPort() + "/";
    }

    /** A username no other test uses, e.g. {@code alice_7_k2x}. */
    static String user(String name) {
        String suffix = Long.toString(System.nanoTime() % 46_656, 36);
        return name + "_" + USERS.incrementAndGet() + "_" + suffix;
    }

    /** A browser of its own for this test (nothing stored for the site), with the app open. */
    Page browser() {
        return browser(baseUrl());
    }

    /** Like {@link #browser()}, with the app reached at another address of the same server. */
    Page browser(String url) {
        Chromium.Browser b = idle.isEmpty() ? Chromium.launch() : idle.remove(idle.size() - 1);
        Page page = new Page(b, url);
        pages.add(page);
        return page.open();
    }

    /** Two browsers signed in as one new user, both showing that user's new task {@code task}. */
    Page[] twoSessionsShowing(String task) {
        String username = user("alice");
        Page first = browser().register(username);
        Page second = browser().signIn(username);
        first.addTasks(task);
        second.waitForLabels(task);
        return new Page[] {first, second};
    }

    /** Alice's list shared with Bob as {@code bobsRole}, open in both browsers, each seeing the other online. */
    record Shared(String alice, Page a, String bob, Page b) {}

    Shared aliceSharesWithBob(String title, String bobsRole) {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList(title);
        a.share(bob, bobsRole);
        b.openList(title);
        a.waitUntil("alice sees bob online", () -> a.onlineMembers().contains(bob));
        b.waitUntil("bob sees alice online", () -> b.onlineMembers().contains(alice));
        return new Shared(alice, a, bob, b);
    }

    @AfterEach
    void screenshotAndQuit(TestInfo info) {
        String name = info.getTestClass().map(Class::getSimpleName).orElse("Browser")
                + "." + info.getTestMethod().map(m -> m.getName()).orElse("test");
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            page.screenshot(SCREENSHOTS.resolve(name + (i == 0 ? "" : "-" + (i + 1)) + ".png"));
            try {
                errors.addAll(page.consoleErrors());
            } catch (RuntimeException e) {
                System.err.println("could not read the browser console: " + e);
            }
            try {
                page.wipe();
                idle.add(page.browser());
            } catch (RuntimeException e) {
                quietly(page::quit); // in a state we cannot undo: start afresh next time
            }
        }
        pages.clear();
        assertEquals(List.of(), errors, "errors in the browser console");
    }
}
