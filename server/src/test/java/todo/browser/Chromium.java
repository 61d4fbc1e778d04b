package todo.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver, driven by Selenium. Nothing is ever downloaded: the driver and the browser
 * are the system's ({@code apt-get install chromium chromium-driver}), and surefire sets {@code SE_OFFLINE=true}
 * so Selenium Manager stays quiet.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String SKIP_NOTICE =
            "Chromium not installed: browser tests skipped (apt-get install chromium chromium-driver)";

    // Selenium looks for a CDP binding matching the browser version and warns for every browser when it finds
    // none; these tests do not use CDP. (Held in fields: java.util.logging keeps loggers weakly.)
    private static final java.util.logging.Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");
    private static final java.util.logging.Logger CHROMIUM_LOG = quiet("org.openqa.selenium.chromium");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    private Chromium() {}

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** Skips the calling test class without Chromium, except in CI (env CI=true), where that is a failure. */
    static void require() {
        if (installed()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("Chromium is required in CI but " + BINARY + " or " + DRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        System.err.println("NOTICE: " + SKIP_NOTICE);
        Assumptions.assumeTrue(false, SKIP_NOTICE);
    }

    /** A fresh headless browser with its own temporary profile, deleted again by {@link Browser#quit}. */
    static Browser launch() {
        Path profile;
        try {
            profile = Files.createTempDirectory("todo-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        // A stray alert() must stay open so the XSS test can see it.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        // The page's console, so tests can fail on script errors and CSP violations.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile);
    }

    /** A driver and its profile directory. */
    record Browser(ChromeDriver driver, Path profile) {
        void quit() {
            try {
                driver.quit();
            } finally {
                deleteQuietly(profile);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temp directory is harmless
        }
    }
}
