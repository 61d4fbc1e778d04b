package todo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * SQLite: one file in WAL mode (readers beside the one writer), {@code PRAGMA}s on every connection,
 * {@code BEGIN IMMEDIATE}, the version in {@code PRAGMA user_version}, {@code COLLATE NOCASE} (usernames are
 * ASCII, so NOCASE is exactly "ignoring case") and the scalar {@code max}.
 */
final class SqliteDialect implements Dialect {
    /** How long a connection waits for a lock held by another connection before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MS = 5000;

    static final String BEGIN = "BEGIN";
    static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
    static final String GET_USER_VERSION = "PRAGMA user_version";
    /** PRAGMA takes no parameters; the version is an int formatted here, never input. */
    static final String SET_USER_VERSION = "PRAGMA user_version = %d";
    static final String JOURNAL_MODE_WAL = "PRAGMA journal_mode = WAL";
    static final String FOREIGN_KEYS_ON = "PRAGMA foreign_keys = ON";
    static final String SYNCHRONOUS_FULL = "PRAGMA synchronous = FULL";
    static final String SYNCHRONOUS_NORMAL = "PRAGMA synchronous = NORMAL";
    static final String BUSY_TIMEOUT = "PRAGMA busy_timeout = %d";
    static final String QUERY_ONLY = "PRAGMA query_only = ON";

    static final String USER_BY_NAME =
        "SELECT " + Sql.USER_COLUMNS + " FROM users WHERE username = ? COLLATE NOCASE";
    static final String MEMBERS_OF_LIST =
        "SELECT m.list_id, u.id, u.username, m.role FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id = ? ORDER BY u.username COLLATE NOCASE, u.id";
    static final String MEMBERS_OF_USERS_LISTS =
        "SELECT m.list_id, u.id, u.username, m.role FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id IN (SELECT list_id FROM members WHERE user_id = ?)"
            + " ORDER BY m.list_id, u.username COLLATE NOCASE, u.id";
    static final String RAISE_FLOOR_REVS =
        "UPDATE lists SET floor_rev = max(floor_rev,"
            + " (SELECT max(t.rev) FROM tombstones t WHERE t.list_id = lists.id AND t.deleted < ?))"
            + " WHERE id IN (SELECT list_id FROM tombstones WHERE deleted < ?)";
    /** The count kept by schema v2's triggers. */
    static final String TASK_COUNT = "SELECT task_count FROM lists WHERE id = ?";
    static final String TOUCH_HEALTH =
        "INSERT INTO health (id, touched) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET touched = excluded.touched";

    private final Path file;
    private final boolean synchronousFull;

    /**
     * @param file            the database file (absolute)
     * @param synchronousFull {@code synchronous=FULL} (fsync at every commit) when true, else {@code NORMAL}
     */
    SqliteDialect(Path file, boolean synchronousFull) {
        this.file = file;
        this.synchronousFull = synchronousFull;
    }

    /** The single read-write connection; switches the database to WAL so readers run beside it. */
    @Override
    public Connection openWriter() throws SQLException {
        Connection conn = open(file);
        try {
            String mode = queryString(conn, JOURNAL_MODE_WAL);
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("could not switch " + file + " to WAL journal mode (got " + mode + ")");
            }
            common(conn);
            return conn;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(conn, e);
            throw e;
        }
    }

    /** A connection that refuses writes ({@code query_only}); open it after the writer, which set WAL mode. */
    @Override
    public Connection openReader() throws SQLException {
        Connection conn = open(file);
        try {
            common(conn);
            Statements.exec(conn, QUERY_ONLY);
            return conn;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(conn, e);
            throw e;
        }
    }

    @Override
    public String beginWrite() {
        return BEGIN_IMMEDIATE;
    }

    @Override
    public String beginRead() {
        return BEGIN;
    }

    @Override
    public List<String[]> schemaSteps() {
        return List.<String[]>of(
            SqliteSchema.SCHEMA_V1,
            SqliteSchema.SCHEMA_V2,
            SqliteSchema.SCHEMA_V3,
            SqliteSchema.SCHEMA_V4,
            SqliteSchema.SCHEMA_V5,
            SqliteSchema.SCHEMA_V6,
            SqliteSchema.SCHEMA_V7,
            SqliteSchema.SCHEMA_V8);
    }

    @Override
    public int schemaVersion(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(GET_USER_VERSION)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Override
    public void setSchemaVersion(Connection conn, int version) throws SQLException {
        Statements.exec(conn, String.format(SET_USER_VERSION, version));
    }

    @Override
    public String userByName() {
        return USER_BY_NAME;
    }

    @Override
    public String membersOfList() {
        return MEMBERS_OF_LIST;
    }

    @Override
    public String membersOfUsersLists() {
        return MEMBERS_OF_USERS_LISTS;
    }

    @Override
    public String raiseFloorRevs() {
        return RAISE_FLOOR_REVS;
    }

    @Override
    public String taskCount() {
        return TASK_COUNT;
    }

    @Override
    public String touchHealth() {
        return TOUCH_HEALTH;
    }

    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Ids come back through RETURNING. With this on (the driver's default), every executeUpdate of an INSERT
        // also matches the SQL against a pattern and prepares and runs "SELECT last_insert_rowid()": measured, a
        // four-column insert took 6.5 µs instead of 1.6, and a create's statements 22.0 µs instead of 18.3
        // (bench/sqlite-floor).
        config.setGetGeneratedKeys(false);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private void common(Connection conn) throws SQLException {
        Statements.exec(conn, FOREIGN_KEYS_ON);
        Statements.exec(conn, synchronousFull ? SYNCHRONOUS_FULL : SYNCHRONOUS_NORMAL);
        Statements.exec(conn, String.format(BUSY_TIMEOUT, BUSY_TIMEOUT_MS));
    }

    private static String queryString(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void closeAfterFailure(Connection conn, Exception failure) {
        try {
            conn.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
