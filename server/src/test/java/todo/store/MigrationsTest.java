package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.model.Role;
import todo.model.Task;
import todo.model.TodoList;
import todo.model.User;

class MigrationsTest {
    @TempDir
    Path dir;

    private Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private int userVersion(Path file) throws SQLException {
        try (Connection c = raw(file)) {
            return new SqliteDialect(file, true).schemaVersion(c);
        }
    }

    private int latest() {
        return Migrations.latest(new SqliteDialect(dir.resolve("todo.db"), true));
    }

    @Test
    void openingANewFileMigratesItToTheLatestVersion() throws Exception {
        TestDb.open(dir).close();
        assertEquals(latest(), userVersion(dir.resolve("todo.db")));
        assertTrue(latest() >= 1);
    }

    @Test
    void reopeningAnExistingDatabaseKeepsItsData() throws Exception {
        User alice;
        try (TestDb db = TestDb.open(dir)) {
            alice = db.user("alice");
        }
        try (TestDb db = TestDb.open(dir)) {
            assertEquals(alice, db.read(repo -> repo.accounts().findUser("alice")));
        }
        assertEquals(latest(), userVersion(dir.resolve("todo.db")));
    }

    @Test
    void aDatabaseFromANewerVersionIsRefused() throws Exception {
        TestDb.open(dir).close();
        Path file = dir.resolve("todo.db");
        try (Connection c = raw(file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (latest() + 1));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestDb.open(dir));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertEquals(latest() + 1, userVersion(file), "the refused database is left untouched");
    }

    @Test
    void aVersion2DatabaseGetsRolesItsOwnersOwnersAndItsOtherMembersEditors() throws Exception {
        Path file = dir.resolve("todo.db");
        try (Connection c = raw(file); Statement st = c.createStatement()) {
            for (String[] step : new String[][] {SqliteSchema.SCHEMA_V1, SqliteSchema.SCHEMA_V2}) {
                for (String sql : step) {
                    st.execute(sql);
                }
            }
            st.execute("PRAGMA user_version = 2");
            for (String name : new String[] {"alice", "bob", "carol"}) {
                st.execute("INSERT INTO users (username, salt, hash, iterations, joined) VALUES ('" + name
                        + "', x'00', x'00', 1, 0)");
            }
            st.execute("INSERT INTO lists (id, title, owner_id, created) VALUES (1, 'Groceries', 1, 0)");
            st.execute("INSERT INTO lists (id, title, owner_id, created) VALUES (2, 'Chores', 2, 0)");
            st.execute("INSERT INTO members (list_id, user_id) VALUES (1, 1), (1, 2), (1, 3), (2, 2), (2, 1)");
        }

        try (TestDb db = TestDb.open(dir)) {
            assertEquals(latest(), userVersion(file));
            assertEquals(Map.of("alice", Role.OWNER, "bob", Role.EDITOR, "carol", Role.EDITOR),
                    roles(db.read(repo -> repo.lists().listFor(1, 1))));
            assertEquals(Map.of("bob", Role.OWNER, "alice", Role.EDITOR),
                    roles(db.read(repo -> repo.lists().listFor(2, 2))));
        }
    }

    private static Map<String, Role> roles(TodoList list) {
        Map<String, Role> out = new HashMap<>();
        list.members().forEach(m -> out.put(m.username(), m.role()));
        return out;
    }

    @Test
    void theDatabaseIsLeftInWalMode() throws Exception {
        TestDb.open(dir).close();
        try (Connection c = raw(dir.resolve("todo.db")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void migratingAVersion2DatabaseKeepsEveryListsOrderById() throws Exception {
        Path file = dir.resolve("todo.db");
        try (Connection c = raw(file); Statement st = c.createStatement()) {
            for (String[] step : List.of(SqliteSchema.SCHEMA_V1, SqliteSchema.SCHEMA_V2)) {
                for (String sql : step) st.execute(sql);
            }
            st.execute("PRAGMA user_version = 2");
            st.execute("INSERT INTO users (id, username, salt, hash, iterations, joined) VALUES (1, 'alice', x'00',"
                + " x'00', 1, 0)");
            st.execute("INSERT INTO lists (id, title, owner_id, created) VALUES (1, 'one', 1, 0), (2, 'two', 1, 0)");
            st.execute("INSERT INTO members (list_id, user_id) VALUES (1, 1), (2, 1)");
            // 70 tasks, alternating between the lists, so ranks pass 62 (two-digit keys) in list 1.
            for (int id = 1; id <= 140; id++) {
                st.execute("INSERT INTO tasks (id, list_id, name, created, updated, created_by, updated_by, rev)"
                    + " VALUES (" + id + ", " + (1 + id % 2) + ", 't" + id + "', 0, 0, 'alice', 'alice', " + id + ")");
            }
        }
        try (TestDb db = TestDb.open(dir)) {
            for (long listId : List.of(1L, 2L)) {
                List<Task> tasks = db.read(repo -> repo.tasks().tasks(1, listId, null));
                assertEquals(70, tasks.size());
                for (int i = 1; i < tasks.size(); i++) {
                    assertTrue(tasks.get(i - 1).id() < tasks.get(i).id(), "order by id kept: " + tasks);
                    assertTrue(tasks.get(i - 1).position().compareTo(tasks.get(i).position()) < 0);
                }
                assertEquals(Positions.first(), tasks.get(0).position());
                // A new task still goes to the bottom.
                Task added = db.task(new User(1, "alice", null, TestDb.NOW), listId, "new");
                assertTrue(tasks.get(69).position().compareTo(added.position()) < 0);
            }
        }
        assertEquals(latest(), userVersion(file));
    }
}
