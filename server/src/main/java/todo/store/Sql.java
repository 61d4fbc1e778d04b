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
    static final String IS_MEMBER = "SELECT 1 FROM members WHERE list_id = ? AND user_id = ?";
    /** Parameters: list id, user id, role ({@link todo.model.Role#wire()}). */
    static final String INSERT_MEMBER = "INSERT INTO members (list_id, user_id, role) VALUES (?, ?, ?)";
    /** Parameters: role, list id, user id. */
    static final String SET_ROLE = "UPDATE members SET role = ? WHERE list_id = ? AND user_id = ?";
    /** The member's role in the list (parameters: list id, user id); no row for a non-member. */
    static final String ROLE_OF_MEMBER = "SELECT role FROM members WHERE list_id = ? AND user_id = ?";
    static final String DELETE_MEMBER = "DELETE FROM members WHERE list_id = ? AND user_id = ?";

    // ---- tasks ---------------------------------------------------------------------------------------------

    static final String TASK_COLUMNS =
        "t.id, t.list_id, t.name, t.note, t.due, t.completed, t.created, t.updated, t.created_by, t.updated_by, t.rev";

    static final String TASK_BY_ID = "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.id = ?";
    /** A task, only if the user is a member of its list: a non-member sees the same nothing as for a bad id. */
    static final String TASK_FOR_MEMBER =
        "SELECT " + TASK_COLUMNS + " FROM tasks t JOIN members m ON m.list_id = t.list_id AND m.user_id = ?"
            + " WHERE t.id = ?";
    /** The list of a task, only if the user (first parameter) is a member of it. */
    static final String LIST_OF_TASK_FOR_MEMBER =
        "SELECT t.list_id FROM tasks t JOIN members m ON m.list_id = t.list_id AND m.user_id = ? WHERE t.id = ?";
    static final String TASKS_OF_LIST =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? ORDER BY t.id";
    static final String TASKS_OF_LIST_BY_COMPLETED =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.completed = ? ORDER BY t.id";
    static final String TASKS_OF_LIST_SINCE =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.rev > ? ORDER BY t.id";
    /** One chunk of a bulk change: tasks in a state, after a cursor id, in id order. */
    static final String TASKS_OF_LIST_BY_COMPLETED_AFTER =
        "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.list_id = ? AND t.completed = ? AND t.id > ?"
            + " ORDER BY t.id LIMIT ?";
    static final String INSERT_TASK =
        "INSERT INTO tasks (list_id, name, note, due, completed, created, updated, created_by, updated_by, rev)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    static final String UPDATE_TASK =
        "UPDATE tasks SET name = ?, note = ?, due = ?, completed = ?, updated = ?, updated_by = ?, rev = ?"
            + " WHERE id = ?";
    static final String DELETE_TASK = "DELETE FROM tasks WHERE id = ?";

    static final String TASK_FOR_KEY = "SELECT task_id FROM task_keys WHERE user_id = ? AND list_id = ? AND key = ?";
    static final String INSERT_TASK_KEY =
        "INSERT INTO task_keys (user_id, list_id, key, task_id, created) VALUES (?, ?, ?, ?, ?)";
    static final String DELETE_OLD_TASK_KEYS = "DELETE FROM task_keys WHERE created < ?";

    // ---- tombstones ----------------------------------------------------------------------------------------

    static final String INSERT_TOMBSTONE =
        "INSERT INTO tombstones (list_id, rev, task_id, deleted) VALUES (?, ?, ?, ?)";
    static final String DELETED_SINCE =
        "SELECT task_id FROM tombstones WHERE list_id = ? AND rev > ? ORDER BY rev";
    static final String DELETE_OLD_TOMBSTONES = "DELETE FROM tombstones WHERE deleted < ?";

    // ---- transactions (no parameters) ----------------------------------------------------------------------

    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";
    static final String SAVEPOINT = "SAVEPOINT op";
    static final String RELEASE = "RELEASE op";
    static final String ROLLBACK_TO = "ROLLBACK TO op";
}
