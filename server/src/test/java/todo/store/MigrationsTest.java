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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void theDatabaseIsLeftInWalMode() throws Exception {
        TestDb.open(dir).close();
        try (Connection c = raw(dir.resolve("todo.db")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }
}
