package todo.store;

/**
 * The store's SQL statements that every supported database runs as written (standard SQL plus {@code RETURNING}),
 * as constants; what differs between databases is in the {@link Dialect}. Values always travel as {@code ?}
 * parameters of a {@link java.sql.PreparedStatement}; nothing here is ever concatenated with input.
 * Instants are stored as epoch milliseconds (INTEGER), booleans as 0/1.
 */
final class Sql {
    private Sql() {}

    // ---- users ---------------------------------------------------------------------------------------------

    static final String USER_COLUMNS = "id, username, email, joined, salt, hash, iterations";

    static final String USER_BY_ID =
        "SELECT " + USER_COLUMNS + " FROM users WHERE id = ?";
    static final String INSERT_USER =
        "INSERT INTO users (username, email, salt, hash, iterations, joined) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
    static final String UPDATE_EMAIL = "UPDATE users SET email = ? WHERE id = ?";
    static final String UPDATE_PASSWORD = "UPDATE users SET salt = ?, hash = ?, iterations = ? WHERE id = ?";
    static final String DELETE_USER = "DELETE FROM users WHERE id = ?";

    // ---- tokens --------------------------------------------------------------------------------------------

    static final String INSERT_TOKEN = "INSERT INTO tokens (hash, user_id, created, expires) VALUES (?, ?, ?, ?)";
    static final String USER_FOR_TOKEN =
        "SELECT u.id, u.username, u.email, u.joined, u.salt, u.hash, u.iterations"
            + " FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.expires > ?";
    static final String DELETE_TOKEN = "DELETE FROM tokens WHERE hash = ?";
    static final String DELETE_USER_TOKENS = "DELETE FROM tokens WHERE user_id = ?";
    static final String DELETE_USER_TOKENS_EXCEPT = "DELETE FROM tokens WHERE user_id = ? AND hash <> ?";
    static final String DELETE_EXPIRED_TOKENS = "DELETE FROM tokens WHERE expires <= ?";
    /** The earliest expiry (null when there are no tokens): a probe of PostgreSQL's {@code tokens_expires}; SQLite
     * has no such index and scans tokens, as the delete would. */
    static final String EARLIEST_TOKEN_EXPIRY = "SELECT min(expires) FROM tokens";

    // ---- lists and members ---------------------------------------------------------------------------------

    static final String LIST_BY_ID = "SELECT id, title, owner_id, rev, floor_rev, created FROM lists WHERE id = ?";
    static final String LISTS_OF_USER =
        "SELECT l.id, l.title, l.owner_id, l.rev, l.floor_rev, l.created"
            + " FROM lists l JOIN members m ON m.list_id = l.id WHERE m.user_id = ? ORDER BY l.id";
    static final String INSERT_LIST =
        "INSERT INTO lists (title, owner_id, created) VALUES (?, ?, ?) RETURNING id";
    static final String RENAME_LIST = "UPDATE lists SET title = ? WHERE id = ?";
    static final String DELETE_LIST = "DELETE FROM lists WHERE id = ?";
    static final String LISTS_OWNED_BY = "SELECT id FROM lists WHERE owner_id = ? ORDER BY id";
    /** Bumps a list's rev by one and answers the new rev. */
    static final String BUMP_REV = "UPDATE lists SET rev = rev + 1 WHERE id = ? RETURNING rev";

    static final String COUNT_LISTS_OF_USER = "SELECT count(*) FROM members WHERE user_id = ?";
    /** Parameters: list id, user id, role ({@link todo.model.Role#wire()}). */
    static final String INSERT_MEMBER = "INSERT INTO members (list_id, user_id, role) VALUES (?, ?, ?)";
    /** Parameters: role, list id, user id. */
    static final String SET_ROLE = "UPDATE members SET role = ? WHERE list_id = ? AND user_id = ?";
    /** The member's role in the list (parameters: list id, user id); no row for a non-member. */
    static final String ROLE_OF_MEMBER = "SELECT role FROM members WHERE list_id = ? AND user_id = ?";
    static final String DELETE_MEMBER = "DELETE FROM members WHERE list_id = ? AND user_id = ?";

    // ---- tasks ---------------------------------------------------------------------------------------------

    static final String TASK_COLUMNS =
        "t.id, t.list_id, t.name, t.note, t.due, t.completed, t.created, t.updated, t.created_by, t.updated_by, t.rev,"
            + " t.position";
    /** A list's order: by position, then id, in byte order (the schema gives position a binary collation). */
    static final String IN_ORDER = " ORDER BY t.position, t.id";

    static final String TASK_BY_ID = "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.id = ?";
    /** A task, only if the user is a member of its list: a non-member sees the same nothing as for a bad id. */
    static final String TASK_FOR_MEMBER =
        "SELECT " + TASK_COLUMNS + " FROM tasks t JOIN members m ON m.list_id = t.list_id AND m.user_id = ?"
            + " WHERE t.id = ?";
    /** The list of a task and the user's role in it, only if the user (first parameter) is a member of it. */
    static final String LIST_AND_ROLE_OF_TASK =
        "SELECT t.list_id, m.role FROM tasks t JOIN members m ON m.list_id = t.list_id AND m.user_id = ?"
            + " WHERE t.id = ?";
    static final String TASKS_OF_LIST =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ?" + IN_ORDER;
    static final String TASKS_OF_LIST_BY_COMPLETED =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.completed = ?" + IN_ORDER;
    static final String TASKS_OF_LIST_SINCE =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.rev > ?" + IN_ORDER;
    /** One chunk of a bulk change: tasks in a state, after a cursor id, in id order. */
    static final String TASKS_OF_LIST_BY_COMPLETED_AFTER =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.completed = ? AND t.id > ?"
            + " ORDER BY t.id LIMIT ?";
    static final String INSERT_TASK =
        "INSERT INTO tasks (list_id, name, note, due, completed, created, updated, created_by, updated_by, rev,"
            + " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    /** A deleted task brought back by undo, with its own id (ids are never given out twice). */
    static final String RESTORE_TASK =
        "INSERT INTO tasks (id, list_id, name, note, due, completed, created, updated, created_by, updated_by, rev,"
            + " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE_TASK =
        "UPDATE tasks SET name = ?, note = ?, due = ?, completed = ?, updated = ?, updated_by = ?, rev = ?"
            + " WHERE id = ?";
    static final String MOVE_TASK =
        "UPDATE tasks SET position = ?, updated = ?, updated_by = ?, rev = ? WHERE id = ?";
    static final String DELETE_TASK = "DELETE FROM tasks WHERE id = ?";

    // ---- positions (a list's positions are unique: schema v3) ----------------------------------------------

    static final String LAST_POSITION = "SELECT max(position) FROM tasks WHERE list_id = ?";
    /** The first position above the parameter, skipping one task (the one being moved). */
    static final String POSITION_ABOVE =
        "SELECT min(position) FROM tasks WHERE list_id = ? AND position > ? AND id <> ?";
    /** The last position below the parameter, skipping one task. */
    static final String POSITION_BELOW =
        "SELECT max(position) FROM tasks WHERE list_id = ? AND position < ? AND id <> ?";
    static final String FIRST_POSITION_EXCEPT = "SELECT min(position) FROM tasks WHERE list_id = ? AND id <> ?";
    static final String LAST_POSITION_EXCEPT = "SELECT max(position) FROM tasks WHERE list_id = ? AND id <> ?";
    static final String POSITION_TAKEN = "SELECT 1 FROM tasks WHERE list_id = ? AND position = ?";

    static final String TASK_FOR_KEY = "SELECT task_id FROM task_keys WHERE user_id = ? AND list_id = ? AND key = ?";
    static final String INSERT_TASK_KEY =
        "INSERT INTO task_keys (user_id, list_id, key, task_id, created) VALUES (?, ?, ?, ?, ?)";
    static final String DELETE_OLD_TASK_KEYS = "DELETE FROM task_keys WHERE created < ?";
    /** The oldest key's time (null when there are none): one probe of {@code task_keys_created}. */
    static final String OLDEST_TASK_KEY = "SELECT min(created) FROM task_keys";

    // ---- tombstones ----------------------------------------------------------------------------------------

    static final String INSERT_TOMBSTONE =
        "INSERT INTO tombstones (list_id, rev, task_id, deleted) VALUES (?, ?, ?, ?)";
    static final String DELETED_SINCE =
        "SELECT task_id FROM tombstones WHERE list_id = ? AND rev > ? ORDER BY rev";
    static final String DELETE_OLD_TOMBSTONES = "DELETE FROM tombstones WHERE deleted < ?";
    /** The oldest deletion's time (null when there are none): one probe of {@code tombstones_deleted}. */
    static final String OLDEST_TOMBSTONE = "SELECT min(deleted) FROM tombstones";
    /** A deleted task is back (undo): it is no longer a deletion for {@code subscribe {since}}. */
    static final String DELETE_TOMBSTONE = "DELETE FROM tombstones WHERE list_id = ? AND task_id = ?";

    // ---- the change log (schema v3 in SQLite, v2 + v3 in PostgreSQL) ---------------------------------------

    /**
     * One committed task change. Parameters: list id, rev, kind, task id, by, changed (comma-separated); the
     * task after the change (for a deletion: as it was) name, note, due, completed, created, updated, created_by,
     * updated_by, position; at; the old values of the changed fields old_name, old_note, old_due, old_completed,
     * old_position; undoes (the rev this change undid, or null).
     */
    static final String INSERT_CHANGE =
        "INSERT INTO changes (list_id, rev, kind, task_id, by_name, changed, name, note, due, completed, created,"
            + " updated, created_by, updated_by, position, at, old_name, old_note, old_due, old_completed,"
            + " old_position, undoes, has_before)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String CHANGE_COLUMNS =
        "c.rev, c.kind, c.task_id, c.by_name, c.changed, c.name, c.note, c.due, c.completed, c.created,"
            + " c.updated, c.created_by, c.updated_by, c.position, c.at, c.old_name, c.old_note, c.old_due,"
            + " c.old_completed, c.old_position, c.undoes";
    /** Rows written before old values were kept (PostgreSQL's v2) are neither history nor undoable. */
    static final String CHANGE_AT =
        "SELECT " + CHANGE_COLUMNS + " FROM changes c WHERE c.list_id = ? AND c.rev = ? AND c.has_before";
    static final String HISTORY =
        "SELECT " + CHANGE_COLUMNS + " FROM changes c WHERE c.list_id = ? AND c.rev < ? AND c.has_before"
            + " ORDER BY c.rev DESC LIMIT ?";
    /** The changes of one task after a rev: what an undo of that rev would conflict with. */
    static final String LATER_CHANGES_OF_TASK =
        "SELECT " + CHANGE_COLUMNS + " FROM changes c WHERE c.list_id = ? AND c.task_id = ? AND c.rev > ?"
            + " ORDER BY c.rev";
    /**
     * Before pruning changes: raise each affected list's floor to the highest rev about to be forgotten (as for
     * tombstones), so a {@code since} the log no longer covers gets a full snapshot. Portable (no scalar max).
     * Parameters: cutoff, kept per list, cutoff, kept per list.
     */
    static final String RAISE_FLOOR_FOR_CHANGES =
        "UPDATE lists SET floor_rev = (SELECT CASE WHEN max(c.rev) > lists.floor_rev THEN max(c.rev)"
            + " ELSE lists.floor_rev END FROM changes c WHERE c.list_id = lists.id AND c.at < ?"
            + " AND c.rev <= lists.rev - ?)"
            + " WHERE id IN (SELECT c.list_id FROM changes c JOIN lists l ON l.id = c.list_id"
            + " WHERE c.at < ? AND c.rev <= l.rev - ?)";
    /** The oldest change's time (null when there are none): one probe of {@code changes_at}. */
    static final String OLDEST_CHANGE = "SELECT min(at) FROM changes";
    /** Changes older than the cutoff and more than the kept number behind their list's rev. */
    static final String DELETE_OLD_CHANGES =
        "DELETE FROM changes WHERE at < ? AND rev <= (SELECT l.rev FROM lists l WHERE l.id = changes.list_id) - ?";

    // ---- transactions (no parameters) ----------------------------------------------------------------------

    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";
    static final String SAVEPOINT = "SAVEPOINT op";
    static final String RELEASE = "RELEASE op";
    static final String ROLLBACK_TO = "ROLLBACK TO op";
}
