package todo.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.TIMEOUT;
import static todo.store.TestDb.bytes;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.error.ApiException;
import todo.model.User;

class WriterTest {
    @TempDir
    Path dir;

    private TestDb db;
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        db = TestDb.open(dir);
    }

    @AfterEach
    void close() {
        release.countDown();
        db.close();
    }

    /** Occupies the writer until {@link #release} opens, so that what is submitted meanwhile forms one batch. */
    private CompletableFuture<Object> blockWriter() throws InterruptedException {
        CompletableFuture<Object> f = db.store.write(repo -> {
            blocked.countDown();
            return release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) ? null : "timed out";
        });
        assertTrue(blocked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "writer never ran the blocking op");
        return f;
    }

    private static StoreOp<User> createUser(String name) {
        return repo -> repo.accounts().createUser(name, null, bytes("s"), bytes("h"), 1, bytes("t-" + name), NOW,
            NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void concurrentWritesAreGroupedIntoOneCommit() throws Exception {
        db.write(createUser("warmup"));
        long commitsBefore = db.store.commits();
        blockWriter();
        List<CompletableFuture<User>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(db.store.write(createUser("user" + i)));
        }
        release.countDown();
        for (CompletableFuture<User> f : futures) {
            assertNotNull(TestDb.await(f));
        }
        long commits = db.store.commits() - commitsBefore;
        assertEquals(2, commits, "one commit for the blocking op, one for the 200 queued behind it");
        assertEquals(200, db.read(repo -> IntStream.range(0, 200)
            .filter(i -> repo.accounts().findUser("user" + i) != null).count()).intValue());
    }

    @Test
    void aFailingOpRollsBackOnlyItsOwnChanges() throws Exception {
        long commitsBefore = db.store.commits();
        blockWriter();
        CompletableFuture<User> a = db.store.write(createUser("alice"));
        CompletableFuture<User> b = db.store.write(repo -> {
            createUser("bob").apply(repo);
            throw ApiException.badRequest("changed my mind");
        });
        CompletableFuture<User> c = db.store.write(createUser("carol"));
        CompletableFuture<User> d = db.store.write(repo -> {
            createUser("dave").apply(repo);
            throw new IllegalStateException("bug");
        });
        release.countDown();

        assertEquals("alice", TestDb.await(a).username());
        assertEquals("carol", TestDb.await(c).username());
        ExecutionException bFailure = assertThrows(ExecutionException.class,
            () -> b.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("changed my mind", bFailure.getCause().getMessage());
        ExecutionException dFailure = assertThrows(ExecutionException.class,
            () -> d.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, dFailure.getCause());

        assertEquals(2, db.store.commits() - commitsBefore, "the blocking op's commit, then one for the four");
        assertEquals(1, db.store.savepointRedos(), "bob's and dave's rows could only be undone with savepoints");
        assertNotNull(db.read(repo -> repo.accounts().findUser("alice")));
        assertNull(db.read(repo -> repo.accounts().findUser("bob")));
        assertNotNull(db.read(repo -> repo.accounts().findUser("carol")));
        assertNull(db.read(repo -> repo.accounts().findUser("dave")));
    }

    @Test
    void opsThatFailBeforeChangingAnythingCostTheirBatchNoRedo() throws Exception {
        db.write(createUser("alice"));
        blockWriter();
        CompletableFuture<User> taken = db.store.write(createUser("ALICE"));
        CompletableFuture<User> refused = db.store.write(repo -> {
            repo.accounts().findUser("alice");
            throw ApiException.badRequest("no");
        });
        CompletableFuture<User> bob = db.store.write(createUser("bob"));
        release.countDown();

        assertEquals("bob", TestDb.await(bob).username());
        assertThrows(ExecutionException.class, () -> refused.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> taken.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(ApiException.class, e.getCause());
        assertEquals(0, db.store.savepointRedos(), "a refusal on a read, or a username taken, changes no row");
    }

    @Test
    void writeFuturesCompleteInSubmissionOrder() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("ordered.db"), loop)) {
            List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                CompletableFuture<Integer> f = store.write(repo -> {
                    if (n % 7 == 0) {
                        throw ApiException.badRequest("op " + n + " fails");
                    }
                    repo.touchHealth(NOW);
                    return n;
                });
                futures.add(f.whenComplete((v, e) -> completed.add(n)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(TIMEOUT).until(() -> completed.size() == 300);
            assertEquals(IntStream.range(0, 300).boxed().toList(), completed);
        } finally {
            loop.shutdown();
        }
    }

    @Test
    void futuresCompleteOnTheCompletionExecutor() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));
        try (SqliteStore store = SqliteStore.open(dir.resolve("loop.db"), loop)) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<String> write = store.<Object>write(repo -> gate.await(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS))
                .thenApply(v -> Thread.currentThread().getName());
            CompletableFuture<String> read = store.<Object>read(repo -> gate.await(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS))
                .thenApply(v -> Thread.currentThread().getName());
            gate.countDown();
            assertEquals("test-loop", TestDb.await(write));
            assertEquals("test-loop", TestDb.await(read));
        } finally {
            loop.shutdown();
        }
    }

    @Test
    void writesRunOnTheWriterThread() {
        assertEquals(Writer.THREAD_NAME, db.write(repo -> Thread.currentThread().getName()));
    }

    @Test
    void closeCommitsQueuedWritesAndRefusesNewOnes() throws Exception {
        blockWriter();
        List<CompletableFuture<User>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(db.store.write(createUser("queued" + i)));
        }
        Thread closer = new Thread(db.store::close, "closer");
        closer.start();
        await().atMost(TIMEOUT).until(() -> db.store.write(repo -> null).isCompletedExceptionally());
        ExecutionException refused = assertThrows(ExecutionException.class,
            () -> db.store.write(repo -> null).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, refused.getCause());

        release.countDown();
        closer.join(TIMEOUT.toMillis());
        assertFalse(closer.isAlive(), "close() did not return");
        for (CompletableFuture<User> f : queued) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "queued write completed before close returned");
        }

        try (TestDb reopened = TestDb.open(dir)) {
            assertEquals(100, reopened.read(repo -> IntStream.range(0, 100)
                .filter(i -> repo.accounts().findUser("queued" + i) != null).count()).intValue());
        }
    }

    @Test
    void closeIsIdempotentAndLaterOpsFail() {
        db.close();
        db.close();
        assertThrows(IllegalStateException.class, () -> db.read(repo -> null));
        assertThrows(IllegalStateException.class, () -> db.write(repo -> null));
    }

    @Test
    void aFailedCommitFailsEveryOpOfTheBatchAndTheNextBatchStillCommits() throws Exception {
        Dialect sqlite = new SqliteDialect(dir.resolve("raw.db"), true);
        Connection conn = sqlite.openWriter();
        Statements.exec(conn, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
        // A deferred foreign key is checked only at COMMIT, which is how this test makes the commit fail.
        Statements.exec(conn, "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id)"
            + " DEFERRABLE INITIALLY DEFERRED)");
        Writer writer = Writer.start(conn, sqlite, Clock.systemUTC(), Runnable::run);
        try {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<Object> blocker = writer.submit(repo -> {
                running.countDown();
                return gate.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            });
            // Until the blocker runs, what follows could join its batch and fail it with them.
            assertTrue(running.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "writer never ran the blocker");
            CompletableFuture<Object> fine = writer.submit(repo -> {
                Statements.exec(conn, "INSERT INTO parent (id) VALUES (1)");
                return "fine";
            });
            CompletableFuture<Object> orphan = writer.submit(repo -> {
                Statements.exec(conn, "INSERT INTO child (parent_id) VALUES (42)");
                return "orphan";
            });
            gate.countDown();
            TestDb.await(blocker);
            for (CompletableFuture<Object> f : List.of(fine, orphan)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                assertInstanceOf(StorageException.class, e.getCause());
            }
            assertEquals("again", TestDb.await(writer.submit(repo -> {
                Statements.exec(conn, "INSERT INTO parent (id) VALUES (1)");
                return "again";
            })), "the failed batch was rolled back, so id 1 is free");
        } finally {
            writer.close();
        }
    }
}
