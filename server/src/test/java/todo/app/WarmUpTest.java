package todo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warm-up ({@link WarmUp}): its script runs whole on a scratch server that leaves nothing behind. */
class WarmUpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path parent;

    @Test
    void theWarmUpsScriptIsAnsweredWithoutAnErrorAndEveryChangeReachesBothSessions() {
        WarmUp.Outcome o = WarmUp.run(parent);
        assertNotNull(o, "the warm-up did not run (its reason is logged)");
        assertEquals(0, o.errors(), "error replies in the warm-up's script");
        assertTrue(o.requests() > WarmUp.CHANGES + 3 * WarmUp.RECONNECTS, "requests answered: " + o.requests());
        assertTrue(o.events() >= 2 * WarmUp.CHANGES, "events: " + o.events() + ", changes: " + WarmUp.CHANGES);
    }

    @Test
    void theScratchFolderIsDeletedAndNoServerThreadOutlivesTheWarmUp() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        assertNotNull(WarmUp.run(parent));
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList());
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertEquals(List.of(), Thread.getAllStackTraces().keySet()
                .stream().filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("todo-"))
                .map(Thread::getName).collect(Collectors.toList()), "threads of the scratch server still running"));
    }
}
