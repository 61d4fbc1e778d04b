package todo.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import todo.store.pg.PgMigrations;
import todo.support.infra.Postgres;

/**
 * A short measurement (not a test, not the benchmark) of the PostgreSQL write path issue 9 describes, on a
 * private cluster started by the test harness with its default, durable settings (fsync and synchronous_commit
 * on, READ COMMITTED). Each of {@link #WRITERS} threads stands for one node's writer with a full queue: it
 * commits batches of {@link #BATCH} creates, each batch one transaction that locks the list rows it touches in
 * id order ({@code SELECT ... ORDER BY id FOR UPDATE}), bumps each list's rev, inserts the tasks and one
 * {@code changes} row per create, and commits. Scenarios: every create into one hot list, creates spread at
 * random over 16 lists, and (what one node's single writer can do alone) one writer into one list. Prints creates/s per run and the median of {@link #RUNS}, and checks afterwards that
 * every list's revs are gap-free.
 *
 * <pre>
 * mvn -q -o -pl server test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp
 * java -cp server/target/test-classes:server/target/classes:$(cat /tmp/cp) todo.cluster.PgWritePath [seconds]
 * </pre>
 */
public final class PgWritePath {
    static final int WRITERS = 16;
    static final int BATCH = 64;
    static final int LISTS = 16;
    static final int RUNS = 3;
    static final int WARMUP_SECONDS = 2;
    static final int DEFAULT_SECONDS = 6;
    /**
     * pgjdbc sends a batch of inserts as multi-row INSERTs with this on (by default: one INSERT per row, pipelined).
     * {@code -Dwrite.rewrite=false} measures without it.
     */
    static final String JDBC_OPTIONS =
            "&reWriteBatchedInserts=" + Boolean.parseBoolean(System.getProperty("write.rewrite", "true"));

    static final String LOCK_LISTS = "SELECT id, rev FROM lists WHERE id = ANY(?) ORDER BY id FOR UPDATE";
    static final String SET_REV = "UPDATE lists SET rev = ? WHERE id = ?";
    static final String INSERT_TASK = "INSERT INTO tasks (list_id, name, note, due, completed, created, updated,"
            + " created_by, updated_by, rev) VALUES (?, ?, '', NULL, false, ?, ?, ?, ?, ?)";
    static final String INSERT_CHANGE = "INSERT INTO changes (list_id, rev, kind, task_id, by_name, name, note,"
            + " completed, created, updated, created_by, updated_by, at)"
            + " VALUES (?, ?, 'created', ?, ?, ?, '', false, ?, ?, ?, ?, ?)";

    private PgWritePath() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SECONDS;
        try (Postgres pg = Postgres.start()) {
            long[] lists = setUp(pg);
            System.out.printf(Locale.ROOT, "PostgreSQL write path: %d writers, batches of %d creates, %d s per run"
                    + " after %d s warm-up, %d runs, JDBC options %s%n", WRITERS, BATCH, seconds, WARMUP_SECONDS, RUNS,
                    JDBC_OPTIONS);
            List<Scenario> scenarios = List.of(
                    new Scenario("16 writers, 1 hot list", WRITERS, new long[] {lists[0]}),
                    new Scenario("16 writers, " + LISTS + " lists", WRITERS, lists),
                    new Scenario("1 writer, 1 hot list", 1, new long[] {lists[0]}));
            for (Scenario s : scenarios) {
                double[] rates = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    reset(pg);
                    rates[run] = run(pg, s.writers(), s.lists(), seconds);
                    checkGapFree(pg);
                    System.out.printf(Locale.ROOT, "  %-24s run %d: %,8.0f creates/s%n", s.name(), run + 1,
                            rates[run]);
                }
                double[] sorted = rates.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-24s median %,8.0f creates/s%n", s.name(), sorted[RUNS / 2]);
            }
        }
    }

    /** {@code writers} threads, each create into a list drawn at random from {@code lists}. */
    private record Scenario(String name, int writers, long[] lists) {}

    private static long[] setUp(Postgres pg) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            PgMigrations.migrate(c);
            st.execute("INSERT INTO users (username, salt, hash, iterations, joined) VALUES ('bench', '\\x00',"
                    + " '\\x00', 1, 0)");
            long[] ids = new long[LISTS];
            for (int i = 0; i < LISTS; i++) {
                try (ResultSet rs = st.executeQuery("INSERT INTO lists (title, owner_id, created)"
                        + " SELECT 'list', id, 0 FROM users WHERE username = 'bench' RETURNING id")) {
                    rs.next();
                    ids[i] = rs.getLong(1);
                }
            }
            return ids;
        }
    }

    private static void reset(Postgres pg) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE tasks, changes");
            st.execute("UPDATE lists SET rev = 0");
            st.execute("VACUUM ANALYZE");
        }
    }

    /** Creates per second committed by all writers during the measured window. */
    private static double run(Postgres pg, int writerCount, long[] lists, int seconds) throws Exception {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(writerCount);
        for (int w = 0; w < writerCount; w++) {
            Connection c = DriverManager.getConnection(pg.jdbcUrl() + JDBC_OPTIONS);
            c.setAutoCommit(false);
            Thread t = new Thread(() -> {
                try (c) {
                    ready.countDown();
                    while (!stop.get()) {
                        int n = batch(c, lists);
                        if (counting.get()) committed.addAndGet(n);
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "writer-" + w);
            writers.add(t);
            t.start();
        }
        ready.await();
        Thread.sleep(WARMUP_SECONDS * 1000L);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        counting.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : writers) t.join();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed", failures.get(0));
        }
        return committed.get() / elapsed;
    }

    /** One transaction of {@link #BATCH} creates into lists drawn from {@code lists}; answers the count. */
    private static int batch(Connection c, long[] lists) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] target = new long[BATCH];
        for (int i = 0; i < BATCH; i++) target[i] = lists[random.nextInt(lists.length)];
        long[] touched = Arrays.stream(target).distinct().sorted().toArray();
        Map<Long, Long> rev = new TreeMap<>();
        try {
            try (PreparedStatement ps = c.prepareStatement(LOCK_LISTS)) {
                Array ids = c.createArrayOf("bigint", Arrays.stream(touched).boxed().toArray());
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rev.put(rs.getLong(1), rs.getLong(2));
                }
            }
            long now = System.currentTimeMillis();
            long[] revs = new long[BATCH];
            for (int i = 0; i < BATCH; i++) revs[i] = rev.merge(target[i], 1L, Long::sum);
            try (PreparedStatement ps = c.prepareStatement(SET_REV)) {
                for (Map.Entry<Long, Long> e : rev.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setLong(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            long[] taskIds = new long[BATCH];
            try (PreparedStatement ps = c.prepareStatement(INSERT_TASK, new String[] {"id"})) {
                for (int i = 0; i < BATCH; i++) {
                    ps.setLong(1, target[i]);
                    ps.setString(2, "task " + revs[i]);
                    ps.setLong(3, now);
                    ps.setLong(4, now);
                    ps.setString(5, "bench");
                    ps.setString(6, "bench");
                    ps.setLong(7, revs[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int i = 0; i < BATCH && keys.next(); i++) taskIds[i] = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_CHANGE)) {
                for (int i = 0; i < BATCH; i++) {
                    ps.setLong(1, target[i]);
                    ps.setLong(2, revs[i]);
                    ps.setLong(3, taskIds[i]);
                    ps.setString(4, "bench");
                    ps.setString(5, "task " + revs[i]);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.setString(8, "bench");
                    ps.setString(9, "bench");
                    ps.setLong(10, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return BATCH;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * Every list's changes are exactly revs 1..rev (the row lock ordered the writers' commits), and every change
     * names the task written with it (the generated keys came back in order).
     */
    private static void checkGapFree(Postgres pg) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            checkRevs(st);
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM changes), (SELECT count(*) FROM tasks),"
                    + " (SELECT count(*) FROM changes ch JOIN tasks t ON t.id = ch.task_id AND t.list_id = ch.list_id"
                    + " AND t.rev = ch.rev)")) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2) || rs.getLong(1) != rs.getLong(3)) {
                    throw new IllegalStateException(rs.getLong(1) + " changes, " + rs.getLong(2) + " tasks, "
                            + rs.getLong(3) + " changes naming their task");
                }
            }
        }
    }

    private static void checkRevs(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(
                "SELECT l.id, l.rev, count(ch.rev), coalesce(min(ch.rev), 0), coalesce(max(ch.rev), 0)"
                        + " FROM lists l LEFT JOIN changes ch ON ch.list_id = l.id GROUP BY l.id, l.rev")) {
            while (rs.next()) {
                long rev = rs.getLong(2);
                long count = rs.getLong(3);
                boolean ok = count == rev && (rev == 0 || (rs.getLong(4) == 1 && rs.getLong(5) == rev));
                if (!ok) {
                    throw new IllegalStateException("list " + rs.getLong(1) + ": rev " + rev + " but " + count
                            + " changes from " + rs.getLong(4) + " to " + rs.getLong(5));
                }
            }
        }
    }
}
