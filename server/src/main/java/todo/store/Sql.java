package todo.store;

/**
 * Every SQL statement the store runs, as constants. Values always travel as {@code ?} parameters of a
 * {@link java.sql.PreparedStatement}; nothing here is ever concatenated with input.
 * Instants are stored as epoch milliseconds (INTEGER), booleans as 0/1.
 */
final class Sql {
    private Sql() {}

    // ---- schema v1 -----------------------------------------------------------------------------------------

    /** The initial schema, one statement per element, run in order inside the migration's transaction. */
    static final String[] SCHEMA_V1 = {
        """
        CREATE TABLE users (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            username   TEXT    NOT NULL,
            email      TEXT,
            salt       BLOB    NOT NULL,
            hash       BLOB    NOT NULL,
            iterations INTEGER NOT NULL,
            joined     INTEGER NOT NULL
        )""",
        // Usernames are ASCII, so NOCASE is exactly "ignoring case".
        "CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE)",
        """
        CREATE TABLE tokens (
            hash    BLOB    PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created INTEGER NOT NULL,
            expires INTEGER NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX tokens_user ON tokens (user_id)",
        """
        CREATE TABLE lists (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            title     TEXT    NOT NULL,
            owner_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            rev       INTEGER NOT NULL DEFAULT 0,
            floor_rev INTEGER NOT NULL DEFAULT 0,
            created   INTEGER NOT NULL
        )""",
        "CREATE INDEX lists_owner ON lists (owner_id)",
        """
        CREATE TABLE members (
            list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (list_id, user_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX members_user ON members (user_id, list_id)",
        """
        CREATE TABLE tasks (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            list_id    INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            note       TEXT    NOT NULL DEFAULT '',
            due        TEXT,
            completed  INTEGER NOT NULL DEFAULT 0,
            created    INTEGER NOT NULL,
            updated    INTEGER NOT NULL,
            created_by TEXT    NOT NULL,
            updated_by TEXT    NOT NULL,
            rev        INTEGER NOT NULL
        )""",
        "CREATE INDEX tasks_list_rev ON tasks (list_id, rev)",
        // (list_id) alone is ordered by (list_id, id): serves "tasks of a list ordered by id".
        "CREATE INDEX tasks_list ON tasks (list_id)",
        // No FK to tasks: a key must outlive its task so that a replay can report "deleted since".
        """
        CREATE TABLE task_keys (
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            key     TEXT    NOT NULL,
            task_id INTEGER NOT NULL,
            created INTEGER NOT NULL,
            PRIMARY KEY (user_id, list_id, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX task_keys_list ON task_keys (list_id)",
        "CREATE INDEX task_keys_created ON task_keys (created)",
        """
        CREATE TABLE tombstones (
            list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            rev     INTEGER NOT NULL,
            task_id INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            PRIMARY KEY (list_id, rev)
        ) WITHOUT ROWID""",
        "CREATE INDEX tombstones_deleted ON tombstones (deleted)",
        """
        CREATE TABLE health (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            touched INTEGER NOT NULL
        )""",
    };

    // ---- schema v2 -----------------------------------------------------------------------------------------

    /**
     * Each list's task count, kept by triggers so that the tasks-per-list cap costs one row read per create
     * instead of counting the list. Triggers run inside the statement that fires them, so savepoint and batch
     * rollbacks undo the count together with the task.
     */
    static final String[] SCHEMA_V2 = {
        "ALTER TABLE lists ADD COLUMN task_count INTEGER NOT NULL DEFAULT 0",
        "UPDATE lists SET task_count = (SELECT count(*) FROM tasks t WHERE t.list_id = lists.id)",
        "CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks BEGIN"
            + " UPDATE lists SET task_count = task_count + 1 WHERE id = NEW.list_id; END",
        "CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks BEGIN"
            + " UPDATE lists SET task_count = task_count - 1 WHERE id = OLD.list_id; END",
    };

    // ---- users ---------------------------------------------------------------------------------------------

    static final String USER_COLUMNS = "id, username, email, joined, salt, hash, iterations";

    static final String USER_BY_NAME =
        "SELECT " + USER_COLUMNS + " FROM users WHERE username = ? COLLATE NOCASE";
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
    static final String INSERT_MEMBER = "INSERT INTO members (list_id, user_id) VALUES (?, ?)";
    static final String DELETE_MEMBER = "DELETE FROM members WHERE list_id = ? AND user_id = ?";
    static final String MEMBERS_OF_LIST =
        "SELECT m.list_id, u.id, u.username FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id = ? ORDER BY u.username COLLATE NOCASE, u.id";
    /** The members of every list the user belongs to, grouped by list. */
    static final String MEMBERS_OF_USERS_LISTS =
        "SELECT m.list_id, u.id, u.username FROM members m JOIN users u ON u.id = m.user_id"
            + " WHERE m.list_id IN (SELECT list_id FROM members WHERE user_id = ?)"
            + " ORDER BY m.list_id, u.username COLLATE NOCASE, u.id";

    // ---- tasks ---------------------------------------------------------------------------------------------

    static final String TASK_COLUMNS =
        "t.id, t.list_id, t.name, t.note, t.due, t.completed, t.created, t.updated, t.created_by, t.updated_by, t.rev";

    static final String TASK_BY_ID = "SELECT " + TASK_COLUMNS + " FROM tasks t WHERE t.id = ?";
    /** A task, only if the user is a member of its list: a non-member sees the same nothing as for a bad id. */
    static final String TASK_FOR_MEMBER =
        "SELECT " + TASK_COLUMNS + " FROM tasks t JOIN members m ON m.list_id = t.list_id AND m.user_id = ?"
            + " WHERE t.id = ?";
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
    static final String COUNT_TASKS_OF_LIST = "SELECT task_count FROM lists WHERE id = ?";
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
    /**
     * Before pruning: raise each affected list's floor to the highest rev about to be forgotten, so a
     * subscriber whose {@code since} is below it gets a full snapshot. Parameters: cutoff, cutoff.
     */
    static final String RAISE_FLOOR_REVS =
        "UPDATE lists SET floor_rev = max(floor_rev,"
            + " (SELECT max(t.rev) FROM tombstones t WHERE t.list_id = lists.id AND t.deleted < ?))"
            + " WHERE id IN (SELECT list_id FROM tombstones WHERE deleted < ?)";
    static final String DELETE_OLD_TOMBSTONES = "DELETE FROM tombstones WHERE deleted < ?";

    // ---- health --------------------------------------------------------------------------------------------

    static final String TOUCH_HEALTH =
        "INSERT INTO health (id, touched) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET touched = excluded.touched";

    // ---- transactions and pragmas (no parameters) ----------------------------------------------------------

    static final String BEGIN = "BEGIN";
    static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";
    static final String SAVEPOINT = "SAVEPOINT op";
    static final String RELEASE = "RELEASE op";
    static final String ROLLBACK_TO = "ROLLBACK TO op";

    static final String GET_USER_VERSION = "PRAGMA user_version";
    /** PRAGMA takes no parameters; the version is an int formatted by {@link Migrations}, never input. */
    static final String SET_USER_VERSION = "PRAGMA user_version = %d";
    static final String JOURNAL_MODE_WAL = "PRAGMA journal_mode = WAL";
    static final String FOREIGN_KEYS_ON = "PRAGMA foreign_keys = ON";
    static final String SYNCHRONOUS_FULL = "PRAGMA synchronous = FULL";
    static final String SYNCHRONOUS_NORMAL = "PRAGMA synchronous = NORMAL";
    static final String BUSY_TIMEOUT = "PRAGMA busy_timeout = %d";
    static final String QUERY_ONLY = "PRAGMA query_only = ON";
}
