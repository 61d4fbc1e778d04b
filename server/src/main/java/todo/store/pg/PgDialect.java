package todo.store.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.postgresql.util.PSQLException;
import todo.store.Dialect;

/**
 * PostgreSQL: the writer's own connection (READ COMMITTED, {@code synchronous_commit=on}, auto-commit off so that
 * the driver begins each transaction with its first statement), readers from a
 * HikariCP pool in REPEATABLE READ READ ONLY transactions (one snapshot per op), the schema of {@link PgSchema},
 * {@code lower(username)} for names ignoring case, {@code greatest}, and list rows locked with
 * {@code FOR NO KEY UPDATE} (the lock an UPDATE of the rev takes anyway; unlike {@code FOR UPDATE} it does not
 * block other transactions inserting rows that reference the list), and text escaped by {@link PgText} (no
 * U+0000 in {@code text}). Immutable; any thread.
 */
final class PgDialect implements Dialect {
    /** Seconds to wait for a connection to PostgreSQL before failing (the writer's and the pool's). */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** Milliseconds a reader waits for a pooled connection: when PostgreSQL is down, reads fail this soon. */
    static final long POOL_TIMEOUT_MS = 3_000;

    /** The writer's transactions: set for its session, since the driver's own BEGIN names no level. */
    static final String READ_COMMITTED = "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED";
    static final String BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    static final String SYNCHRONOUS_COMMIT_ON = "SET synchronous_commit = on";

    static final String USER_COLUMNS = "id, username, email, joined, salt, hash, iterations";
    static final String USER_BY_NAME =
        "SELECT " + USER_COLUMNS + " FROM users WHERE lower(username) = lower(?)";
    static final String MEMBERS_OF_LIST =
        "SELECT m.list_id, u.id, u.username, m.role FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id = ? ORDER BY lower(u.username), u.id";
    static final String MEMBERS_OF_USERS_LISTS =
        "SELECT m.list_id, u.id, u.username, m.role FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id IN (SELECT list_id FROM members WHERE user_id = ?)"
            + " ORDER BY m.list_id, lower(u.username), u.id";
    static final String RAISE_FLOOR_REVS =
        "UPDATE lists SET floor_rev = greatest(floor_rev,"
            + " (SELECT max(t.rev) FROM tombstones t WHERE t.list_id = lists.id AND t.deleted < ?))"
            + " WHERE id IN (SELECT list_id FROM tombstones WHERE deleted < ?)";
    static final String TOUCH_HEALTH =
        "INSERT INTO health (id, touched) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET touched = excluded.touched";
    /** The count kept by schema v5's trigger (counting the rows cost O(tasks) per create). */
    static final String TASK_COUNT = "SELECT task_count FROM lists WHERE id = ?";
    /**
     * Answers the locked row's rev and task count, which a create needs next. Only columns of the locked row: under
     * READ COMMITTED a lock that waited re-reads that row as the other writer committed it, but anything else in
     * the statement (a subquery on tasks or members) is read as of before the wait.
     */
    static final String LOCK_LIST = "SELECT rev, task_count FROM lists WHERE id = ? FOR NO KEY UPDATE";
    static final String LOCK_LIST_NOWAIT = LOCK_LIST + " NOWAIT";
    /** {@link #createTask}: the rev bump, the task, its change row (and key) in one round trip. */
    static final String CREATE_TASK_PARTS =
        "WITH r AS (UPDATE lists SET rev = rev + 1 WHERE id = ? RETURNING id, rev),"
            + " t AS (INSERT INTO tasks (list_id, name, note, due, completed, created, updated, created_by,"
            + " updated_by, rev, position) SELECT r.id, ?, ?, ?, ?, ?, ?, ?, ?, r.rev, ? FROM r RETURNING *),"
            + " c AS (INSERT INTO changes (list_id, rev, kind, task_id, by_name, changed, name, note, due, completed,"
            + " created, updated, created_by, updated_by, position, at, has_before) SELECT t.list_id, t.rev,"
            + " 'created', t.id, ?, '', t.name, t.note, t.due, t.completed, t.created, t.updated, t.created_by,"
            + " t.updated_by, t.position, ?, true FROM t)";
    static final String CREATE_TASK = CREATE_TASK_PARTS + " SELECT id, rev FROM t";
    static final String CREATE_TASK_KEYED = CREATE_TASK_PARTS
        + ", k AS (INSERT INTO task_keys (user_id, list_id, key, task_id, created) SELECT ?, t.list_id, ?, t.id,"
        + " t.created FROM t) SELECT id, rev FROM t";

    /**
     * {@link #createTasks}: a run of creates in one statement, one array element per create; the tasks, their change
     * rows, the keys of those that have one, and each list's rev set to the highest of the run (the count follows by
     * V6's statement trigger). A key that exists already fails the statement on {@code task_keys_pkey}.
     */
    static final String CREATE_TASKS =
        "WITH v AS (SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::boolean[],"
            + " ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[])"
            + " AS v(id, list_id, name, note, due, completed, created, by_name, rev, position, at, user_id, key)),"
            + " t AS (INSERT INTO tasks (id, list_id, name, note, due, completed, created, updated, created_by,"
            + " updated_by, rev, position) SELECT id, list_id, name, note, due, completed, created, created, by_name,"
            + " by_name, rev, position FROM v),"
            + " c AS (INSERT INTO changes (list_id, rev, kind, task_id, by_name, changed, name, note, due, completed,"
            + " created, updated, created_by, updated_by, position, at, has_before) SELECT list_id, rev, 'created', id,"
            + " by_name, '', name, note, due, completed, created, created, by_name, by_name, position, at, true FROM v),"
            + " k AS (INSERT INTO task_keys (user_id, list_id, key, task_id, created) SELECT user_id, list_id, key, id,"
            + " created FROM v WHERE key IS NOT NULL)"
            + " UPDATE lists SET rev = r.rev FROM (SELECT list_id, max(rev) AS rev FROM v GROUP BY list_id) r"
            + " WHERE lists.id = r.list_id";
    /** The constraint a second (list, user, key) breaks: {@link #isKeyConflict}. */
    static final String TASK_KEYS_PRIMARY_KEY = "task_keys_pkey";
    static final String UNIQUE_VIOLATION = "23505";

    /** The name of the sequence behind the tasks' identity column, as {@code regclass} text. */
    static final String TASK_ID_SEQUENCE = "SELECT pg_get_serial_sequence('tasks', 'id')";

    /**
     * {@link #taskIds}: ids drawn from the tasks' identity sequence (never reused, even when rolled back), named
     * by a constant: {@code nextval(pg_get_serial_sequence(...))} looked the sequence up for every row, 2.2 ms per
     * 512 ids against about 1.1 ms.
     */
    static String taskIds(String sequence) {
        return "SELECT nextval('" + sequence.replace("'", "''") + "'::regclass) FROM generate_series(1, ?)";
    }

    private final PgUrl url;
    private final HikariDataSource readers;
    private final String taskIds;

    /**
     * @param readers        the pool {@link #openReader()} borrows from; its owner closes it
     * @param taskIdSequence the tasks' id sequence as {@link #taskIdSequence} answers it
     */
    PgDialect(PgUrl url, HikariDataSource readers, String taskIdSequence) {
        this.url = url;
        this.readers = readers;
        this.taskIds = taskIds(taskIdSequence);
    }

    /** The tasks' id sequence, read on {@code writer} (migrated) in a transaction of its own. */
    static String taskIdSequence(Connection writer) throws SQLException {
        try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery(TASK_ID_SEQUENCE)) {
            if (!rs.next() || rs.getString(1) == null) {
                throw new SQLException("tasks.id has no sequence");
            }
            return rs.getString(1);
        } finally {
            writer.commit();
        }
    }

    /**
     * A new connection for the writer, with durable commits, READ COMMITTED, and auto-commit off: the driver then
     * sends BEGIN in the same message as a transaction's first statement. An explicit BEGIN was a round trip of
     * its own, 1.4 ms per transaction on this 2-core machine under load (bench/results-cluster.md, run 9).
     */
    static Connection connectWriter(PgUrl url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "todo-writer");
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("tcpKeepAlive", "true");
        Connection conn = DriverManager.getConnection(url.jdbcUrl(), props);
        try (Statement st = conn.createStatement()) {
            st.execute(SYNCHRONOUS_COMMIT_ON);
            st.execute(READ_COMMITTED);
            conn.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
        return conn;
    }

    /** The readers' pool: {@code size} connections, failing a borrow after {@link #POOL_TIMEOUT_MS}. */
    static HikariDataSource readPool(PgUrl url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setPoolName("todo-read-pool");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(POOL_TIMEOUT_MS);
        config.setReadOnly(true);
        config.addDataSourceProperty("ApplicationName", "todo-reader");
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    @Override
    public Connection openWriter() throws SQLException {
        return connectWriter(url);
    }

    /** A pooled connection; closing it hands it back (HikariCP drops one that failed with a connection error). */
    @Override
    public Connection openReader() throws SQLException {
        return readers.getConnection();
    }

    /** None: the writer's connection has auto-commit off ({@link #connectWriter}), so it begins by itself. */
    @Override
    public String beginWrite() {
        return null;
    }

    @Override
    public String beginRead() {
        return BEGIN_READ;
    }

    @Override
    public List<String[]> schemaSteps() {
        return PgMigrations.steps();
    }

    @Override
    public int schemaVersion(Connection conn) throws SQLException {
        return PgMigrations.version(conn);
    }

    @Override
    public void setSchemaVersion(Connection conn, int version) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(PgSchema.RECORD_VERSION)) {
            ps.setInt(1, version);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        }
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

    @Override
    public String lockList() {
        return LOCK_LIST;
    }

    @Override
    public String createTask(boolean keyed) {
        return keyed ? CREATE_TASK_KEYED : CREATE_TASK;
    }

    @Override
    public String createTasks() {
        return CREATE_TASKS;
    }

    @Override
    public String taskIds() {
        return taskIds;
    }

    /** A unique violation on {@code task_keys}' primary key, as the server names the constraint. */
    @Override
    public boolean isKeyConflict(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PSQLException p && UNIQUE_VIOLATION.equals(p.getSQLState())
                    && p.getServerErrorMessage() != null
                    && TASK_KEYS_PRIMARY_KEY.equals(p.getServerErrorMessage().getConstraint())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String lockListNoWait() {
        return LOCK_LIST_NOWAIT;
    }

    @Override
    public boolean encodesText() {
        return true;
    }

    @Override
    public String encodeText(String s) {
        return PgText.encode(s);
    }

    @Override
    public String decodeText(String s) {
        return PgText.decode(s);
    }
}
