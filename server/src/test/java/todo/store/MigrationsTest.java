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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.model.Role;
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
}
