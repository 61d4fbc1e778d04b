package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.model.Change;
import todo.model.Task;
import todo.model.TaskPatch;
import todo.model.User;

/** The change log behind history: kept at least 30 days and at least 10,000 changes per list, then pruned. */
class HistoryRetentionTest {
    @TempDir
    Path dir;
    TestDb db;
    User alice;
    long list;

    @BeforeEach
    void open() {
        db = TestDb.open(dir);
        alice = db.user("alice");
        list = db.firstList(alice).id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** One task and {@code updates} updates of it (each a change), in one write; answers the list's rev. */
    private long changes(int updates) {
        Task t = db.task(alice, list, "t");
        return db.write(repo -> {
            for (int i = 0; i < updates; i++) {
                repo.tasks().update(alice.id(), "alice", t.id(), new TaskPatch(null, null, false, null, i % 2 == 0),
                    null, Instant.now());
            }
            return repo.lists().listFor(alice.id(), list).rev();
        });
    }

    private void pruneAt(Instant when) {
        db.write(repo -> {
            repo.touchHealth(when);
            return null;
        });
    }

    private List<Long> revsBefore(long before) {
        return db.read(repo -> repo.history().entries(alice.id(), list, before, 200)).stream().map(Change::rev)
            .toList();
    }

    @Test
    void changesOlderThanThirtyDaysBeyondTheLastTenThousandOfTheirListAreForgotten() {
        long rev = changes(Pruner.CHANGES_KEPT_PER_LIST + 5);
        assertEquals(Pruner.CHANGES_KEPT_PER_LIST + 6, rev);
        pruneAt(Instant.now().plus(Pruner.RETENTION).plus(Duration.ofDays(1)));
        assertEquals(List.of(9L, 8L, 7L), revsBefore(10), "revs 1..6 are more than 10,000 behind rev " + rev);
        assertEquals(List.of(), revsBefore(7));
        assertTrue(db.read(repo -> repo.tasks().snapshot(alice.id(), list, 3L)).full(),
            "a since the log no longer covers gets a full snapshot");
        assertFalse(db.read(repo -> repo.tasks().snapshot(alice.id(), list, 6L)).full());
    }

    @Test
    void changesYoungerThanThirtyDaysAreKeptHoweverMany() {
        changes(Pruner.CHANGES_KEPT_PER_LIST + 5);
        pruneAt(Instant.now().plus(Pruner.RETENTION).minus(Duration.ofDays(1)));
        assertEquals(List.of(2L, 1L), revsBefore(3));
    }

    @Test
    void theLastTenThousandChangesOfAListAreKeptHoweverOld() {
        changes(50);
        pruneAt(Instant.now().plus(Duration.ofDays(365)));
        assertEquals(51, db.read(repo -> repo.history().entries(alice.id(), list, null, 200)).size());
    }
}
