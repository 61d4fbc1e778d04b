import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import todo.store.SqliteStore;

/**
 * What SQLite alone costs per durable create on this machine: the floor under the server's write rate (issue 11,
 * goal 3). Single-threaded; no server, no sockets. It migrates a fresh file with the server's own code, then
 * writes batches of creates into 16 lists the way the writer thread does (BEGIN IMMEDIATE, the statements, COMMIT
 * with synchronous=FULL in WAL mode), timing the statements and the COMMIT apart:
 * <ul>
 *   <li>{@code server-keys-on}: the three statements a create runs today (the list's rev bump, the task with
 *       RETURNING id, its change row), read from {@code todo.store.Sql}, with the driver's generated-keys lookup
 *       on (its default before this benchmark);</li>
 *   <li>{@code server}: the same with it off, as the server opens SQLite now;</li>
 *   <li>{@code rows-only}: the least SQL a create can be: every task of a batch in one multi-row INSERT, every
 *       change row in another, ids given by the caller and each list's rev written once per batch.</li>
 * </ul>
 * Run: {@code java -cp server/target/todo-server.jar bench/sqlite-floor/SqliteFloor.java [batches] [batch size]}
 */
public class SqliteFloor {
    static final int LISTS = 16;
    static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> variants = List.of("server-keys-on", "server", "rows-only");
        for (String variant : variants) {
            run(variant, batches, size); // warm-up: the first round runs colder code, whichever variant it is
        }
        Map<String, List<double[]>> rounds = new HashMap<>();
        for (int r = 0; r < ROUNDS; r++) {
            for (String variant : variants) {
                rounds.computeIfAbsent(variant, v -> new ArrayList<>()).add(run(variant, batches, size));
            }
        }
        System.out.printf("medians of %d rounds (after one warm-up round), %d batches of %d creates each%n", ROUNDS,
            batches, size);
        for (String variant : variants) {
            double perCreate = median(rounds.get(variant), 0);
            double commitMs = median(rounds.get(variant), 1);
            double cycle = perCreate + commitMs * 1e3 / size;
            System.out.printf("%-15s statements %5.1f µs/create, COMMIT %4.2f ms/batch (%4.1f µs/create):"
                + " one writer can do at most %,6.0f creates/s%n", variant, perCreate, commitMs, commitMs * 1e3 / size,
                1e6 / cycle);
        }
    }

    static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    /** Returns {statement µs per create, COMMIT ms per batch}: medians over the batches after the first third. */
    static double[] run(String variant, int batches, int size) throws Exception {
        Path dir = Files.createTempDirectory("sqlite-floor");
        Path file = dir.resolve("todo.db");
        SqliteStore.open(file, Runnable::run).close(); // the server's schema, migrated by the server's code
        Properties props = new Properties();
        props.setProperty("jdbc.get_generated_keys", Boolean.toString(variant.equals("server-keys-on")));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file, props);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA synchronous = FULL");
            long[] lists = setUp(c);
            Creates creates = variant.equals("rows-only") ? new RowsOnly(c, size) : new AsServer(c);
            long[] work = new long[batches];
            long[] commit = new long[batches];
            long seq = 0;
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                s.execute("BEGIN IMMEDIATE");
                seq = creates.batch(lists, size, seq);
                long t1 = System.nanoTime();
                s.execute("COMMIT");
                work[b] = t1 - t0;
                commit[b] = System.nanoTime() - t1;
            }
            // The first third warms the JIT and grows the tables; medians of the rest.
            long[] w = Arrays.copyOfRange(work, batches / 3, batches);
            long[] k = Arrays.copyOfRange(commit, batches / 3, batches);
            Arrays.sort(w);
            Arrays.sort(k);
            return new double[] {w[w.length / 2] / 1e3 / size, k[k.length / 2] / 1e6};
        } finally {
            for (String f : new String[] {"todo.db", "todo.db-wal", "todo.db-shm"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One user owning 16 lists; returns the lists' ids. */
    static long[] setUp(Connection c) throws Exception {
        long user;
        try (PreparedStatement ps = c.prepareStatement(sql("INSERT_USER"))) {
            ps.setString(1, "floor");
            ps.setString(2, null);
            ps.setBytes(3, new byte[16]);
            ps.setBytes(4, new byte[32]);
            ps.setInt(5, 1);
            ps.setLong(6, System.currentTimeMillis());
            user = one(ps);
        }
        long[] lists = new long[LISTS];
        for (int i = 0; i < LISTS; i++) {
            try (PreparedStatement ps = c.prepareStatement(sql("INSERT_LIST"));
                    PreparedStatement m = c.prepareStatement(sql("INSERT_MEMBER"))) {
                ps.setString(1, "list " + i);
                ps.setLong(2, user);
                ps.setLong(3, System.currentTimeMillis());
                lists[i] = one(ps);
                m.setLong(1, lists[i]);
                m.setLong(2, user);
                m.setString(3, "owner");
                m.executeUpdate();
            }
        }
        return lists;
    }

    interface Creates {
        /** Writes {@code size} creates spread over {@code lists}; returns the next position number. */
        long batch(long[] lists, int size, long seq) throws SQLException;
    }

    /** The statements of {@code todo.store.Tasks.create} and {@code ChangeLog.record}, one create at a time. */
    static final class AsServer implements Creates {
        final PreparedStatement bump;
        final PreparedStatement task;
        final PreparedStatement change;

        AsServer(Connection c) throws Exception {
            bump = c.prepareStatement(sql("BUMP_REV"));
            task = c.prepareStatement(sql("INSERT_TASK"));
            change = c.prepareStatement(sql("INSERT_CHANGE"));
        }

        @Override
        public long batch(long[] lists, int size, long seq) throws SQLException {
            for (int i = 0; i < size; i++) {
                long list = lists[i % lists.length];
                bump.setLong(1, list);
                long rev = one(bump);
                String position = position(seq++);
                long at = System.currentTimeMillis();
                Object[] t = {list, "task " + seq, "", null, false, at, at, "floor", "floor", rev, position};
                bind(task, t);
                long id = one(task);
                Object[] ch = {list, rev, "created", id, "floor", "", "task " + seq, "", null, false, at, at,
                    "floor", "floor", position, at, null, null, null, null, null, null, 1};
                bind(change, ch);
                change.executeUpdate();
            }
            return seq;
        }
    }

    /** Both rows of every create in two statements per batch; ids and revs known beforehand. */
    static final class RowsOnly implements Creates {
        final PreparedStatement tasks;
        final PreparedStatement changes;
        final PreparedStatement setRev;
        final Map<Long, Long> revs = new HashMap<>();
        long nextId = 1;

        RowsOnly(Connection c, int size) throws SQLException {
            StringBuilder t = new StringBuilder("INSERT INTO tasks (id, list_id, name, note, due, completed, created,"
                + " updated, created_by, updated_by, rev, position) VALUES ");
            StringBuilder ch = new StringBuilder("INSERT INTO changes (list_id, rev, kind, task_id, by_name, changed,"
                + " name, note, due, completed, created, updated, created_by, updated_by, position, at, has_before)"
                + " VALUES ");
            for (int i = 0; i < size; i++) {
                t.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?)");
                ch.append(i == 0 ? "" : ",").append("(?,?,'created',?,?,'',?,?,?,?,?,?,?,?,?,?,1)");
            }
            tasks = c.prepareStatement(t.toString());
            changes = c.prepareStatement(ch.toString());
            setRev = c.prepareStatement("UPDATE lists SET rev = ? WHERE id = ?");
        }

        @Override
        public long batch(long[] lists, int size, long seq) throws SQLException {
            List<Object> t = new ArrayList<>(size * 12);
            List<Object> ch = new ArrayList<>(size * 14);
            for (int i = 0; i < size; i++) {
                long list = lists[i % lists.length];
                long rev = revs.merge(list, 1L, Long::sum);
                long id = nextId++;
                String position = position(seq++);
                long at = System.currentTimeMillis();
                t.addAll(Arrays.asList(id, list, "task " + seq, "", null, false, at, at, "floor", "floor", rev,
                    position));
                ch.addAll(Arrays.asList(list, rev, id, "floor", "task " + seq, "", null, false, at, at, "floor",
                    "floor", position, at));
            }
            bind(tasks, t.toArray());
            tasks.executeUpdate();
            bind(changes, ch.toArray());
            changes.executeUpdate();
            for (long list : lists) {
                setRev.setLong(1, revs.getOrDefault(list, 0L));
                setRev.setLong(2, list);
                setRev.executeUpdate();
            }
            return seq;
        }
    }

    /** Keys that sort in creation order, as long as the server's (todo.store.Positions) are at the end of a list. */
    static String position(long n) {
        return String.format("z%012d", n);
    }

    static void bind(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i]);
        }
    }

    static long one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row back");
            }
            return rs.getLong(1);
        }
    }

    /** The server's SQL text, so that this measures what the writer runs. */
    static String sql(String name) throws Exception {
        Field f = Class.forName("todo.store.Sql").getDeclaredField(name);
        f.setAccessible(true);
        return (String) f.get(null);
    }
}
