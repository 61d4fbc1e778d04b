package todo.store.pg;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;
import todo.model.TaskCreated;
import todo.model.TaskPatch;
import todo.model.User;
import todo.store.JdbcStore;
import todo.store.Positions;
import todo.store.StoreOp;
import todo.support.infra.Postgres;
import todo.support.infra.PostgresTest;

/**
 * The PostgreSQL store on a private cluster, each test on a fresh database. Two stores on one database stand in
 * for two nodes: each has its own writer, so they contend for the same list rows as nodes would.
 */
class PgStoreTest extends PostgresTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    PgUrl url;
    final List<JdbcStore> stores = new ArrayList<>();

    @BeforeEach
    void openFreshDatabase() {
        String database = freshDatabase("store");
        url = PgUrl.parse(pg.url(database, ""));
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcStore::close);
    }

    JdbcStore node() {
        JdbcStore s = PgStore.open(url, Runnable::run, 2, Clock.systemUTC());
        stores.add(s);
        return s;
    }

    static <T> T done(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("op failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError("op did not complete", e);
        }
    }

    static User alice(JdbcStore s) {
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        return done(s.write(repo -> repo.accounts().createUser("alice", null, b, b, 1000,
            "token".getBytes(StandardCharsets.UTF_8), NOW, NOW.plus(Duration.ofDays(1)))));
    }

    static StoreOp<TaskCreated> create(User u, long list, String name, String key) {
        return repo -> repo.tasks().create(u.id(), u.username(), list, new NewTask(name, "", null, false, key), NOW);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl());
             java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of every row; {@code param} binds the first {@code ?}, if any. */
    List<Long> query(String sql, long param) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl());
             PreparedStatement ps = c.prepareStatement(sql)) {
            if (ps.getParameterMetaData().getParameterCount() > 0) {
                ps.setLong(1, param);
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        }
    }

    @Test
    void twoWritersOnOneDatabaseGiveEveryListGapFreeRevsAndOneChangeRowPerRev() throws SQLException {
        JdbcStore a = node();
        JdbcStore b = node();
        User alice = alice(a);
        long first = done(a.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        long second = done(a.write(repo -> repo.lists().create(alice.id(), "Second", NOW).after().id()));
        int perList = 150;
        List<CompletableFuture<TaskCreated>> acks = new ArrayList<>();
        for (int i = 0; i < perList; i++) {
            // Opposite orders on the two writers: each batch of b wants the higher id first.
            acks.add(a.write(create(alice, first, "a" + i, null)));
            acks.add(a.write(create(alice, second, "a" + i, null)));
            acks.add(b.write(create(alice, second, "b" + i, null)));
            acks.add(b.write(create(alice, first, "b" + i, null)));
        }
        acks.forEach(PgStoreTest::done);
        for (long list : List.of(first, second)) {
            List<Long> revs = query("SELECT rev FROM changes WHERE list_id = ? ORDER BY rev", list);
            List<Long> expected = new ArrayList<>();
            for (long r = 1; r <= 2L * perList; r++) expected.add(r);
            assertEquals(expected, revs, "changes of list " + list);
            assertEquals(List.of(2L * perList), query("SELECT rev FROM lists WHERE id = ?", list));
            assertEquals(expected, query("SELECT rev FROM tasks WHERE list_id = ? ORDER BY rev", list),
                "each task carries its own rev");
        }
    }

    @Test
    void eachCreateUpdateAndDeleteIsOneChangeRowWithItsRevKindAndFields() throws SQLException {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        long task = done(s.write(create(alice, list, "Milk", null))).task().id();
        done(s.write(repo -> repo.tasks().update(alice.id(), "alice", task,
            new TaskPatch("Oat milk", null, false, null, true), null, NOW)));
        done(s.write(repo -> repo.tasks().delete(alice.id(), "alice", task, null)));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl());
             PreparedStatement ps = c.prepareStatement(
                 "SELECT rev, kind, task_id, by_name, changed, name, completed FROM changes WHERE list_id = ?"
                     + " ORDER BY rev")) {
            ps.setLong(1, list);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + (rs.getLong(3) == task) + " "
                        + rs.getString(4) + " [" + rs.getString(5) + "] " + rs.getString(6) + " "
                        + rs.getObject(7));
                }
            }
            assertEquals(List.of("1 created true alice [] Milk false", "2 updated true alice [name,completed]"
                + " Oat milk true", "3 deleted true alice [] Oat milk true"), rows,
                "a deletion keeps the task as it was (schema v3: undo brings it back)");
        }
    }

    @Test
    void aBurstOfCreatesKeepsTheListsRevTaskCountChangeRowsAndKeysInStep() throws SQLException {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        List<CompletableFuture<TaskCreated>> acks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            acks.add(s.write(create(alice, list, "t" + i, i % 2 == 0 ? "k-" + i : null)));
        }
        acks.forEach(PgStoreTest::done);
        assertEquals(List.of(100L), query("SELECT rev FROM lists WHERE id = ?", list));
        assertEquals(List.of(100L), query("SELECT task_count FROM lists WHERE id = ?", list));
        assertEquals(List.of(100L), query("SELECT count(*) FROM changes WHERE list_id = ? AND kind = 'created'", list));
        assertEquals(List.of(50L), query("SELECT count(*) FROM task_keys WHERE list_id = ?", list));
        TaskCreated replay = done(s.write(create(alice, list, "t2 again", "k-2")));
        assertEquals(acks.get(2).join().task().id(), replay.task().id());
        assertEquals(Integer.valueOf(100), done(s.read(repo -> repo.tasks().count(list))));
    }

    /** Queues the ops behind one that waits, so that they all run in the writer's next batch. */
    static <T> List<CompletableFuture<T>> inOneBatch(JdbcStore s, List<StoreOp<T>> ops) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> blocker = s.write(repo -> {
            running.countDown();
            return release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
        assertTrue(running.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        List<CompletableFuture<T>> acks = new ArrayList<>();
        for (StoreOp<T> op : ops) {
            acks.add(s.write(op));
        }
        release.countDown();
        done(blocker);
        return acks;
    }

    @Test
    void plainCreatesInOneBatchAreSentTogetherAndKeepRevsCountAndChangeRowsInStep() throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        List<StoreOp<TaskCreated>> creates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            creates.add(create(alice, list, "t" + i, null));
        }
        List<CompletableFuture<TaskCreated>> acks = inOneBatch(s, creates);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            TaskCreated c = done(acks.get(i));
            assertEquals(i + 1, c.task().rev(), "revs follow the queue order");
            ids.add(c.task().id());
        }
        assertEquals(ids, query("SELECT id FROM tasks WHERE list_id = ? ORDER BY rev", list));
        assertEquals(ids, query("SELECT task_id FROM changes WHERE list_id = ? ORDER BY rev", list));
        assertEquals(List.of(200L), query("SELECT rev FROM lists WHERE id = ?", list));
        assertEquals(List.of(200L), query("SELECT task_count FROM lists WHERE id = ?", list));
        assertEquals(List.of(200L), query("SELECT count(DISTINCT rev) FROM changes WHERE list_id = ? AND kind = 'created'", list));
        long[] sent = s.heldBackSent();
        assertEquals(200, sent[0], "every create was held back");
        assertTrue(sent[1] <= 2, "200 creates in one batch take one statement, not 200: " + sent[1]);
    }

    @Test
    void anOpLaterInTheBatchSeesTheCreatesHeldBackBeforeIt() throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        List<StoreOp<Object>> ops = List.of(
            repo -> create(alice, list, "Milk", null).apply(repo),
            repo -> create(alice, list, "Bread", null).apply(repo),
            repo -> {
                long milk = repo.tasks().tasks(alice.id(), list, null).get(0).id();
                return repo.tasks().update(alice.id(), alice.username(), milk,
                    new TaskPatch("Oat milk", null, false, null, null), null, NOW);
            },
            repo -> create(alice, list, "Eggs", null).apply(repo));
        List<CompletableFuture<Object>> acks = inOneBatch(s, ops);
        acks.forEach(PgStoreTest::done);
        assertEquals(List.of(4L), query("SELECT rev FROM lists WHERE id = ?", list));
        assertEquals(List.of(3L), query("SELECT task_count FROM lists WHERE id = ?", list));
        assertEquals(List.of(1L, 2L, 3L, 4L), query("SELECT rev FROM changes WHERE list_id = ? ORDER BY rev", list));
        assertEquals(List.of(3L), query("SELECT rev FROM tasks WHERE list_id = ? AND name = 'Oat milk'", list));
    }

    @Test
    void aCreateWhoseLockWaitedForAnotherWriterGoesAfterThatWritersTasks() throws Exception {
        // Regression: the lock statement once also read the list's last position, which under READ COMMITTED is
        // read as of before the lock's wait; the create then took a position the other writer had just used.
        JdbcStore a = node();
        JdbcStore b = node();
        User alice = alice(a);
        long list = done(a.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CompletableFuture<TaskCreated> fromA = a.write(repo -> {
            TaskCreated created = create(alice, list, "from a", null).apply(repo);
            aHolds.countDown();
            releaseA.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return created;
        });
        assertTrue(aHolds.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<TaskCreated> fromB = b.write(create(alice, list, "from b", null));
        await().atMost(TIMEOUT).until(() -> query("SELECT count(*) FROM pg_locks WHERE NOT granted", 0).get(0) > 0);
        releaseA.countDown();
        TaskCreated first = done(fromA);
        TaskCreated second = done(fromB);
        assertEquals(2, second.task().rev());
        assertTrue(second.task().position().compareTo(first.task().position()) > 0, "b's task goes last");
        assertEquals(0, b.savepointRedos(), "b's create was right the first time");
    }

    @Test
    void aHeldBackCreateTheDatabaseRefusesMakesTheBatchRedoWithSavepointsAndEveryOtherOpCommits() throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        // The writer draws its task ids from the sequence ahead; a row planted on one of them makes the insert of
        // the creates held back fail at COMMIT (duplicate key). Written one by one, they take other ids.
        long next = query("SELECT last_value FROM tasks_id_seq", 0).get(0) + 2;
        execute("INSERT INTO tasks (id, list_id, name, created, updated, created_by, updated_by, rev, position)"
            + " VALUES (" + next + ", " + list + ", 'planted', 0, 0, 'x', 'x', 0, '" + Positions.between(null, null) + "')");
        List<StoreOp<TaskCreated>> creates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            creates.add(create(alice, list, "t" + i, null));
        }
        List<CompletableFuture<TaskCreated>> acks = inOneBatch(s, creates);
        for (int i = 0; i < acks.size(); i++) {
            TaskCreated c = done(acks.get(i));
            assertEquals(i + 1, c.task().rev());
            assertFalse(c.task().id() == next);
        }
        assertEquals(1, s.savepointRedos());
        assertEquals(List.of(5L), query("SELECT rev FROM lists WHERE id = ?", list));
        assertEquals(List.of(5L), query("SELECT count(*) FROM changes WHERE list_id = ?", list));
        assertEquals(List.of(6L), query("SELECT count(*) FROM tasks WHERE list_id = ?", list));
    }

    @Test
    void aKeyedCreateReplayedThroughAnotherWriterAnswersTheOriginalTask() throws SQLException {
        JdbcStore a = node();
        JdbcStore b = node();
        User alice = alice(a);
        long list = done(a.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        TaskCreated original = done(a.write(create(alice, list, "Milk", "k-1")));
        TaskCreated replay = done(b.write(create(alice, list, "Milk", "k-1")));
        assertEquals(original.task().id(), replay.task().id());
        assertEquals(null, replay.event(), "a replay changes nothing, so it has no event");
        assertEquals(List.of(1L), query("SELECT count(*) FROM tasks WHERE list_id = ?", list));
    }

    @Test
    void keyedCreatesInOneBatchAreSentTogetherWithTheirKeys() throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        List<StoreOp<TaskCreated>> creates = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            creates.add(create(alice, list, "t" + i, "k-" + i));
        }
        List<CompletableFuture<TaskCreated>> acks = inOneBatch(s, creates);
        acks.forEach(PgStoreTest::done);
        long[] sent = s.heldBackSent();
        assertEquals(100, sent[0], "every keyed create was held back");
        assertTrue(sent[1] <= 2, "100 keyed creates in one batch take one statement, not 100: " + sent[1]);
        assertEquals(List.of(100L), query("SELECT count(*) FROM task_keys WHERE list_id = ?", list));
        TaskCreated replay = done(s.write(create(alice, list, "t7 again", "k-7")));
        assertEquals(acks.get(7).join().task().id(), replay.task().id());
        assertEquals(null, replay.event());
    }

    @Test
    void aReplayedKeyAmongHeldBackCreatesAnswersTheOriginalAndEveryOtherCreateCommitsWithoutSavepoints()
            throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        TaskCreated original = done(s.write(create(alice, list, "Milk", "k-milk")));
        List<StoreOp<TaskCreated>> creates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            creates.add(create(alice, list, "t" + i, i % 2 == 0 ? "k-" + i : null));
        }
        creates.add(5, create(alice, list, "Milk", "k-milk"));
        List<CompletableFuture<TaskCreated>> acks = inOneBatch(s, creates);
        TaskCreated replay = done(acks.get(5));
        assertEquals(original.task().id(), replay.task().id(), "the replay answers the original task");
        assertEquals(null, replay.event(), "and changes nothing");
        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            if (i != 5) {
                revs.add(done(acks.get(i)).task().rev());
            }
        }
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), revs, "gap-free, in queue order");
        assertEquals(List.of(11L), query("SELECT rev FROM lists WHERE id = ?", list));
        assertEquals(List.of(11L), query("SELECT count(*) FROM tasks WHERE list_id = ?", list));
        assertEquals(List.of(6L), query("SELECT count(*) FROM task_keys WHERE list_id = ?", list));
        assertEquals(1, s.keyCheckRedos(), "one more attempt, looking keys up");
        assertEquals(0, s.savepointRedos(), "no op needed a savepoint");
    }

    @Test
    void aKeyRepeatedWithinOneBatchMakesOneTaskAndTheSecondCreateAnswersIt() throws Exception {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        List<CompletableFuture<TaskCreated>> acks = inOneBatch(s, List.of(
            create(alice, list, "Milk", "k-1"), create(alice, list, "Bread", null), create(alice, list, "Milk", "k-1")));
        TaskCreated first = done(acks.get(0));
        TaskCreated again = done(acks.get(2));
        assertEquals(first.task().id(), again.task().id());
        assertEquals(null, again.event());
        assertEquals(2, done(acks.get(1)).task().rev());
        assertEquals(List.of(2L), query("SELECT count(*) FROM tasks WHERE list_id = ?", list));
    }

    @Test
    void usernamesAreUniqueIgnoringCaseAndFoundIgnoringCase() {
        JdbcStore s = node();
        User alice = alice(s);
        assertEquals(alice.id(), done(s.read(repo -> repo.accounts().findUser("ALICE"))).id());
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.write(repo ->
            repo.accounts().createUser("Alice", null, b, b, 1000, b, NOW, NOW)).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.CONFLICT, assertInstanceOf(ApiException.class, e.getCause()).code());
    }

    @Test
    void whilePostgresqlIsDownOpsFailAsUnavailableAndTheStoreRecoversWithoutReopening() throws SQLException {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        done(s.write(create(alice, list, "before", null)));
        pg.stop();
        try {
            for (CompletableFuture<?> f : List.of(s.write(create(alice, list, "during", "k-during")),
                    s.read(repo -> repo.tasks().tasks(alice.id(), list, null)))) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                ApiException api = assertInstanceOf(ApiException.class, e.getCause());
                assertEquals(ErrorCode.INTERNAL, api.code());
                assertTrue(api.getMessage().startsWith("database unavailable"), api.getMessage());
            }
        } finally {
            pg.startAgain();
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> s.write(create(alice, list, "after", "k-after")).get(5, TimeUnit.SECONDS) != null);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> s.read(repo -> repo.tasks().tasks(alice.id(), list, null)).get(5, TimeUnit.SECONDS)
                != null);
        List<String> names = done(s.read(repo -> repo.tasks().tasks(alice.id(), list, null)))
            .stream().map(t -> t.name()).toList();
        assertEquals(List.of("before", "after"), names, "the create during the outage left nothing behind");
        assertEquals(List.of(1L, 2L), query("SELECT rev FROM changes WHERE list_id = ? ORDER BY rev", list));
    }

    @Test
    void textWithNulAndTheEscapeCharacterRoundTripsThoughPostgresqlTextCannotHoldNul() throws SQLException {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        String name = "a\u0000b \uFFFF0 \uFFFFe \uFFFF";
        long task = done(s.write(create(alice, list, name, null))).task().id();
        assertEquals(name, done(s.read(repo -> repo.tasks().task(alice.id(), task))).name());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT name FROM tasks WHERE id = ?")) {
            ps.setLong(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("a\uFFFF0b \uFFFFe0 \uFFFFee \uFFFFe", rs.getString(1), "as stored");
            }
        }
    }

    @Test
    void aWriterThatCannotLockAListBelowOneItHoldsRedoesItsBatchWithItsListsLockedInOrder() throws Exception {
        JdbcStore a = node();
        JdbcStore b = node();
        User alice = alice(a);
        long first = done(a.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        long second = done(a.write(repo -> repo.lists().create(alice.id(), "Second", NOW).after().id()));
        // a holds the first list's lock, inside its transaction, until released; then it wants the second.
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CompletableFuture<TaskCreated> fromA = a.write(repo -> {
            create(alice, first, "from a", null).apply(repo);
            aHolds.countDown();
            releaseA.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return create(alice, second, "from a", null).apply(repo);
        });
        assertTrue(aHolds.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        // b gets one batch that wants the second list, then the first (below it).
        CountDownLatch bRunning = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        CompletableFuture<Boolean> blocker = b.write(repo -> {
            bRunning.countDown();
            return releaseB.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
        assertTrue(bRunning.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<TaskCreated> toSecond = b.write(create(alice, second, "b to second", null));
        CompletableFuture<TaskCreated> toFirst = b.write(create(alice, first, "b to first", null));
        releaseB.countDown();
        done(blocker);

        // Holding the second list while waiting for the first would deadlock with a: b let go and waits in order.
        await().atMost(TIMEOUT).until(() -> b.redos() == 1);
        assertFalse(toSecond.isDone());
        releaseA.countDown();
        assertEquals(1, done(fromA).task().rev(), "a's create in the second list");
        assertEquals(2, done(toSecond).task().rev());
        assertEquals(2, done(toFirst).task().rev());
        assertEquals(1, b.redos());
        assertEquals(0, a.redos());
        for (long list : List.of(first, second)) {
            assertEquals(List.of(1L, 2L), query("SELECT rev FROM changes WHERE list_id = ? ORDER BY rev", list));
        }
    }

    @Test
    void changesWrittenBeforeSchemaVersion3AreNeitherHistoryNorUndoable() throws SQLException {
        JdbcStore s = node();
        User alice = alice(s);
        long list = done(s.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()));
        long task = done(s.write(create(alice, list, "Milk", null))).task().id();
        // As a version-2 node wrote it: no old values, has_before false.
        try (Connection c = DriverManager.getConnection(url.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("UPDATE changes SET has_before = false WHERE list_id = ?")) {
            ps.setLong(1, list);
            ps.executeUpdate();
        }
        done(s.write(repo -> repo.tasks().update(alice.id(), "alice", task,
            new TaskPatch("Oat milk", null, false, null, null), null, NOW)));
        assertEquals(List.of(2L), done(s.read(repo -> repo.history().entries(alice.id(), list, null, 50))).stream()
            .map(todo.model.Change::rev).toList());
        CompletableFuture<?> undo = s.write(repo -> repo.history().undo(alice.id(), "alice", list, 1, NOW));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> undo.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(todo.error.ErrorCode.NOT_FOUND, ((todo.error.ApiException) e.getCause()).code());
    }
}
