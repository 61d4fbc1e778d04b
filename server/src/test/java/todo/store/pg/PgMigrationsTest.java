package todo.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.infra.Postgres;
import todo.support.infra.PostgresTest;

/** The PostgreSQL schema migrations, each test on a fresh database of one private cluster. */
class PgMigrationsTest extends PostgresTest {
    static final String UNIQUE_VIOLATION = "23505";
    static final String CHECK_VIOLATION = "23514";
    static final Set<String> TABLES = Set.of("users", "tokens", "lists", "members", "tasks", "task_keys",
            "tombstones", "health", "changes", "schema_version");

    String database;
    Connection conn;

    @BeforeEach
    void openFreshDatabase() throws SQLException {
        database = freshDatabase("migrations");
        conn = connect();
    }

    @AfterEach
    void closeConnection() throws SQLException {
        if (conn != null) conn.close();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database));
    }

    @Test
    void aFreshDatabaseIsMigratedToTheLatestVersionWithEveryTable() throws SQLException {
        assertEquals(0, PgMigrations.version(conn));
        PgMigrations.migrate(conn);
        assertEquals(PgMigrations.latest(), PgMigrations.version(conn));
        assertEquals(new TreeSet<>(TABLES), tables());
        assertTrue(conn.getAutoCommit(), "the connection is handed back in auto-commit mode");
    }

    @Test
    void aSecondStartChangesNothingAndKeepsTheData() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        Set<String> schema = columns();

        try (Connection again = connect()) {
            PgMigrations.migrate(again);
        }

        assertEquals(PgMigrations.latest(), PgMigrations.version(conn));
        assertEquals(schema, columns());
        assertEquals(PgMigrations.latest(), count("SELECT count(*) FROM schema_version"),
                "one row per step, none twice");
        assertEquals(1, count("SELECT count(*) FROM users WHERE id = " + alice));
    }

    @Test
    void nodesStartingAtOnceMigrateOnceBetweenThem() throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Void>> starts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                starts.add(pool.submit((Callable<Void>) () -> {
                    try (Connection c = connect()) {
                        PgMigrations.migrate(c);
                    }
                    return null;
                }));
            }
            for (Future<Void> start : starts) {
                start.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(PgMigrations.latest(), count("SELECT count(*) FROM schema_version"));
        assertEquals(new TreeSet<>(TABLES), tables());
    }

    @Test
    void aDatabaseFromANewerServerIsRefused() throws SQLException {
        PgMigrations.migrate(conn);
        exec("INSERT INTO schema_version (version, applied) VALUES (" + (PgMigrations.latest() + 1) + ", 0)");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PgMigrations.migrate(conn));
        assertTrue(e.getMessage().contains("newer than this server supports"), e.getMessage());
    }

    @Test
    void usernamesAreUniqueIgnoringCase() throws SQLException {
        PgMigrations.migrate(conn);
        insertUser("Alice");
        SQLException e = assertThrows(SQLException.class, () -> insertUser("aLICE"));
        assertEquals(UNIQUE_VIOLATION, e.getSQLState());
    }

    @Test
    void oneTaskKeyPerListUserAndKey() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        long list = insertList(alice);
        exec("INSERT INTO task_keys (list_id, user_id, key, task_id, created) VALUES (" + list + ", " + alice
                + ", 'k1', 1, 0)");
        SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO task_keys"
                + " (list_id, user_id, key, task_id, created) VALUES (" + list + ", " + alice + ", 'k1', 2, 0)"));
        assertEquals(UNIQUE_VIOLATION, e.getSQLState());
    }

    @Test
    void oneChangePerListAndRev() throws SQLException {
        PgMigrations.migrate(conn);
        long list = insertList(insertUser("alice"));
        insertDeletion(list, 1);
        SQLException e = assertThrows(SQLException.class, () -> insertDeletion(list, 1));
        assertEquals(UNIQUE_VIOLATION, e.getSQLState());
    }

    @Test
    void aCreatedOrUpdatedChangeMustCarryTheTask() throws SQLException {
        PgMigrations.migrate(conn);
        long list = insertList(insertUser("alice"));
        SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO changes"
                + " (list_id, rev, kind, task_id, by_name, at) VALUES (" + list + ", 1, 'created', 1, 'alice', 0)"));
        assertEquals(CHECK_VIOLATION, e.getSQLState());
    }

    @Test
    void deletingAListDeletesItsChanges() throws SQLException {
        PgMigrations.migrate(conn);
        long list = insertList(insertUser("alice"));
        insertDeletion(list, 1);
        exec("DELETE FROM lists WHERE id = " + list);
        assertEquals(0, count("SELECT count(*) FROM changes"));
    }

    @Test
    void deletingAListDeletesItsTasksAndChangesButNoOtherLists() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        long gone = insertList(alice);
        long kept = insertList(alice);
        insertTask(gone, "a0");
        insertTask(kept, "a0");
        insertDeletion(gone, 1);
        insertDeletion(kept, 1);
        exec("DELETE FROM lists WHERE id = " + gone);
        assertEquals(0, count("SELECT count(*) FROM tasks WHERE list_id = " + gone));
        assertEquals(0, count("SELECT count(*) FROM changes WHERE list_id = " + gone));
        assertEquals(1, count("SELECT count(*) FROM tasks WHERE list_id = " + kept));
        assertEquals(1, count("SELECT count(*) FROM changes WHERE list_id = " + kept));
    }

    @Test
    void deletingAnAccountDeletesTheTasksAndChangesOfEveryListItOwned() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        for (int i = 0; i < 3; i++) {
            long list = insertList(alice);
            insertTask(list, "a0");
            insertDeletion(list, 1);
        }
        exec("DELETE FROM users WHERE id = " + alice);
        assertEquals(0, count("SELECT count(*) FROM tasks"));
        assertEquals(0, count("SELECT count(*) FROM changes"));
    }

    @Test
    void deletingAListOrAnAccountDeletesTheirTaskKeys() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        long bob = insertUser("bob");
        long alices = insertList(alice);
        long bobs = insertList(bob);
        insertKey(alices, alice, "a-in-alices");
        insertKey(bobs, alice, "a-in-bobs");
        insertKey(bobs, bob, "b-in-bobs");
        exec("DELETE FROM lists WHERE id = " + alices);
        assertEquals(0, count("SELECT count(*) FROM task_keys WHERE list_id = " + alices));
        exec("DELETE FROM users WHERE id = " + alice);
        assertEquals(0, count("SELECT count(*) FROM task_keys WHERE user_id = " + alice), "alice's key in bob's list");
        assertEquals(1, count("SELECT count(*) FROM task_keys WHERE user_id = " + bob));
    }

    @Test
    void aVersion7DatabaseStillDeletesTaskKeysWithTheirListOnceMigrated() throws SQLException {
        PgMigrations.migrateTo(conn, 7);
        long alice = insertUser("alice");
        long list = insertList(alice);
        insertKey(list, alice, "k");

        PgMigrations.migrate(conn);

        exec("DELETE FROM lists WHERE id = " + list);
        assertEquals(0, count("SELECT count(*) FROM task_keys"));
    }

    @Test
    void aVersion6DatabaseStillDeletesAListsTasksAndChangesWithTheListOnceMigrated() throws SQLException {
        PgMigrations.migrateTo(conn, 6);
        long list = insertList(insertUser("alice"));
        insertTask(list, "a0");
        insertDeletion(list, 1);

        PgMigrations.migrate(conn);

        exec("DELETE FROM lists WHERE id = " + list);
        assertEquals(0, count("SELECT count(*) FROM tasks"));
        assertEquals(0, count("SELECT count(*) FROM changes"));
    }

    @Test
    void migratingAVersion2DatabaseKeepsEveryListsOrderByIdInByteOrder() throws SQLException {
        PgMigrations.migrateTo(conn, 2);
        long alice = insertUser("alice");
        long one = insertList(alice);
        long two = insertList(alice);
        // 70 tasks per list, interleaved: ranks reach two-digit keys, and keys mix upper and lower case, which
        // only a byte-order collation sorts as they were made.
        for (int i = 0; i < 140; i++) {
            exec("INSERT INTO tasks (list_id, name, created, updated, created_by, updated_by, rev) VALUES ("
                    + (i % 2 == 0 ? one : two) + ", 't', 0, 0, 'alice', 'alice', " + (i / 2 + 1) + ")");
        }
        PgMigrations.migrate(conn);
        for (long list : List.of(one, two)) {
            String byId = "SELECT string_agg(id::text, ',' ORDER BY id) FROM tasks WHERE list_id = " + list;
            String byPosition = "SELECT string_agg(id::text, ',' ORDER BY position, id) FROM tasks WHERE list_id = "
                    + list;
            assertEquals(strings(byId), strings(byPosition), "list " + list);
            assertEquals(70, count("SELECT count(DISTINCT position) FROM tasks WHERE list_id = " + list));
        }
        assertEquals(PgMigrations.latest(), PgMigrations.version(conn));
    }

    @Test
    void aVersion2DatabaseGetsRolesItsOwnersOwnersAndItsOtherMembersEditors() throws SQLException {
        exec(PgSchema.CREATE_VERSION_TABLE);
        for (int v = 1; v <= 2; v++) {
            for (String sql : PgMigrations.steps().get(v - 1)) {
                exec(sql);
            }
            exec("INSERT INTO schema_version (version, applied) VALUES (" + v + ", 0)");
        }
        long alice = insertUser("alice");
        long bob = insertUser("bob");
        long groceries = insertList(alice);
        long chores = insertList(bob);
        exec("INSERT INTO members (list_id, user_id) VALUES (" + groceries + ", " + alice + "), (" + groceries
                + ", " + bob + "), (" + chores + ", " + bob + "), (" + chores + ", " + alice + ")");

        PgMigrations.migrate(conn);

        assertEquals(PgMigrations.latest(), PgMigrations.version(conn));
        assertEquals(Set.of(groceries + " alice owner", groceries + " bob editor", chores + " bob owner",
                chores + " alice editor"), strings("SELECT m.list_id || ' ' || u.username || ' ' || m.role"
                + " FROM members m JOIN users u ON u.id = m.user_id"));
    }

    @Test
    void aRoleIsOwnerEditorOrViewer() throws SQLException {
        PgMigrations.migrate(conn);
        long alice = insertUser("alice");
        long list = insertList(alice);
        SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO members (list_id, user_id, role)"
                + " VALUES (" + list + ", " + alice + ", 'admin')"));
        assertEquals(CHECK_VIOLATION, e.getSQLState());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    @Test
    void aVersion4DatabaseGetsEachListsTaskCountAndKeepsItAsTasksComeAndGo() throws SQLException {
        PgMigrations.migrateTo(conn, 4);
        long alice = insertUser("alice");
        long one = insertList(alice);
        long two = insertList(alice);
        for (int i = 0; i < 5; i++) {
            insertTask(one, "a" + i);
        }
        insertTask(two, "a0");

        PgMigrations.migrate(conn);

        assertEquals(5, count("SELECT task_count FROM lists WHERE id = " + one));
        assertEquals(1, count("SELECT task_count FROM lists WHERE id = " + two));
        insertTask(two, "a1");
        exec("DELETE FROM tasks WHERE list_id = " + one + " AND position IN ('a0', 'a1')");
        assertEquals(3, count("SELECT task_count FROM lists WHERE id = " + one));
        assertEquals(2, count("SELECT task_count FROM lists WHERE id = " + two));
    }

    private void insertTask(long list, String position) throws SQLException {
        exec("INSERT INTO tasks (list_id, name, created, updated, created_by, updated_by, rev, position) VALUES ("
                + list + ", 't', 0, 0, 'alice', 'alice', 1, '" + position + "')");
    }

    private long insertUser(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO users (username, salt, hash, iterations,"
                + " joined) VALUES (?, '\\x00', '\\x00', 1, 0) RETURNING id")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long insertList(long owner) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "INSERT INTO lists (title, owner_id, created) VALUES ('Groceries', " + owner + ", 0) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void insertKey(long list, long user, String key) throws SQLException {
        exec("INSERT INTO task_keys (list_id, user_id, key, task_id, created) VALUES (" + list + ", " + user + ", '"
                + key + "', 1, 0)");
    }

    private void insertDeletion(long list, long rev) throws SQLException {
        exec("INSERT INTO changes (list_id, rev, kind, task_id, by_name, at) VALUES (" + list + ", " + rev
                + ", 'deleted', 1, 'alice', 0)");
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<String> tables() throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    /** Every column of every table, with its type, nullability and default: the schema's shape. */
    private Set<String> columns() throws SQLException {
        return strings("SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '"
                + " || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'");
    }

    private Set<String> strings(String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
