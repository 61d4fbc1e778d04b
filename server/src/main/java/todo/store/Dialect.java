package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs from one SQL database to another, and nothing else: opening a connection with its settings, how a
 * write transaction starts, the schema and where its version is kept, and the few statements whose text cannot
 * be portable (case-insensitive matching and ordering, scalar maximum, upsert). The JDBC machinery
 * ({@link Writer}, {@link ReadPool}, {@link Migrations}) and the repositories ({@link Accounts}, {@link Lists},
 * {@link Tasks}) run on any dialect; {@link Sql} holds the statements every dialect runs as written.
 * Implementations are immutable and safe from any thread. Public so that a dialect may live in its own package
 * ({@code todo.store.pg}); only this package calls it.
 */
public interface Dialect {

    // ---- connections and transactions ----------------------------------------------------------------------

    /** The read-write connection: the writer's, used first to migrate. */
    Connection openWriter() throws SQLException;

    /** A connection that refuses writes; opened after the writer. */
    Connection openReader() throws SQLException;

    /**
     * Starts a write transaction that takes the write lock at once, so it never fails half-way for a lock; null
     * when the writer's connection begins one by itself with its first statement (auto-commit off).
     */
    String beginWrite();

    /** Starts a read transaction: one consistent view for an op of several queries. */
    String beginRead();

    // ---- schema --------------------------------------------------------------------------------------------

    /** Element {@code i} takes the schema from version {@code i} to {@code i + 1}; only ever appended to. */
    List<String[]> schemaSteps();

    /** The schema version the database is at; 0 for a new one. */
    int schemaVersion(Connection conn) throws SQLException;

    /** Records the schema version, inside the migration step's transaction. */
    void setSchemaVersion(Connection conn, int version) throws SQLException;

    // ---- statements whose text differs -------------------------------------------------------------------

    /** The user (columns of {@link Sql#USER_COLUMNS}) whose name equals the parameter, ignoring case. */
    String userByName();

    /** Members of a list (list id, user id, username, role) ordered by username ignoring case, then id. */
    String membersOfList();

    /** The members of every list the user (the parameter) belongs to, ordered by list, then as above. */
    String membersOfUsersLists();

    /**
     * Before pruning: raise each affected list's floor to the highest rev about to be forgotten, so a
     * subscriber whose {@code since} is below it gets a full snapshot. Parameters: cutoff, cutoff.
     */
    String raiseFloorRevs();

    /**
     * The number of tasks a list holds (parameter: the list id), in one primary-key read: the schema keeps the count
     * beside the tasks (in SQLite, triggers), since counting the list on every create would be O(n).
     */
    String taskCount();

    /** Inserts or updates the one health row. Parameter: the time, in epoch milliseconds. */
    String touchHealth();

    // ---- several writers on one database (PostgreSQL); SQLite has one writer and keeps the defaults ------

    /**
     * Locks one list's row until the transaction ends, waiting for it, and answers its rev and task count as of
     * the lock. Parameter: the list id. Null when the write transaction already excludes every other writer.
     */
    default String lockList() {
        return null;
    }

    /**
     * Whether {@code e} (from {@link #createTasks}) is a held-back create's idempotency key that exists already:
     * the writer then redoes the batch looking every key up. False where nothing is held back.
     */
    default boolean isKeyConflict(SQLException e) {
        return false;
    }

    /** {@link #lockList()} that fails at once (instead of waiting) when another transaction holds the row. */
    default String lockListNoWait() {
        return null;
    }

    /**
     * One statement that does all a create writes, or null to run them one by one: bump the list's rev, insert the
     * task at that rev, record its {@code changes} row and, when {@code keyed}, its idempotency key. On a database
     * across the network each statement is a round trip. Parameters: list id; the task's name, note, due,
     * completed, created, updated, created_by, updated_by, position; the change's by and at; when keyed, the user
     * id and the key. Answers one row: the task's id and rev.
     */
    default String createTask(boolean keyed) {
        return null;
    }

    /**
     * One statement that writes a run of creates, or null to write each create as it comes ({@link #createTask}).
     * Where each statement is a round trip, the writer holds back creates into lists it has locked and sends them
     * together, before any other statement and before COMMIT. Parameters, arrays with one element per create: task
     * id (from {@link #taskIds}), list id, name, note, due, completed, created (also the updated time), by (who
     * created it), rev, position, the change's at, the user's id, the idempotency key (null for none). Inserts the
     * tasks, their change rows and keys, and sets each list's rev to the highest in the run; the task count follows.
     * A key that exists already must fail it so that {@link #isKeyConflict} answers true.
     */
    default String createTasks() {
        return null;
    }

    /** With {@link #createTasks}: draws task ids ahead of their inserts, one row each (parameter: how many). */
    default String taskIds() {
        return null;
    }

    // ---- text the database cannot hold as it is --------------------------------------------------------------

    /**
     * Whether {@link #encodeText}/{@link #decodeText} change anything: when false (SQLite, which stores any
     * string), statements bind and read strings as they are.
     */
    default boolean encodesText() {
        return false;
    }

    /** A string parameter as stored (PostgreSQL's {@code text} cannot contain U+0000). Null stays null. */
    default String encodeText(String s) {
        return s;
    }

    /** The inverse of {@link #encodeText}, for every string read back. Null stays null. */
    default String decodeText(String s) {
        return s;
    }
}
