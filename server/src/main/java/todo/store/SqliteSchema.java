package todo.store;

/**
 * The SQLite schema as migration steps ({@link Dialect#schemaSteps}): {@code AUTOINCREMENT}, {@code WITHOUT ROWID},
 * triggers.
 */
final class SqliteSchema {
    private SqliteSchema() {}

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

    /** The rank of each task in its list by id (0 first): the order lists had before positions. */
    static final String RANKS =
        "(SELECT id, row_number() OVER (PARTITION BY list_id ORDER BY id) - 1 AS r FROM tasks) AS k";

    /**
     * Issue 10: task order and history. Every task gets a position, a fractional key ({@link Positions}), unique
     * in its list; existing tasks get the keys of their rank by id, so every list keeps its order. {@code changes}
     * remembers each task change with its rev, as PostgreSQL's does (same columns, so one statement writes both),
     * with the old values of the changed fields so that it can be shown and undone.
     */
    static final String[] SCHEMA_V3 = {
        "ALTER TABLE tasks ADD COLUMN position TEXT NOT NULL DEFAULT ''",
        "UPDATE tasks SET position = " + Positions.rankKeySql("k.r") + " FROM " + RANKS + " WHERE k.id = tasks.id",
        // Also the order of a list: (list_id, position) is unique, so id never has to break a tie.
        "CREATE UNIQUE INDEX tasks_list_position ON tasks (list_id, position)",
        """
        CREATE TABLE changes (
            list_id       INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            rev           INTEGER NOT NULL,
            kind          TEXT    NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
            task_id       INTEGER NOT NULL,
            by_name       TEXT    NOT NULL,
            changed       TEXT    NOT NULL DEFAULT '',
            name          TEXT,
            note          TEXT,
            due           TEXT,
            completed     INTEGER,
            created       INTEGER,
            updated       INTEGER,
            created_by    TEXT,
            updated_by    TEXT,
            at            INTEGER NOT NULL,
            position      TEXT,
            old_name      TEXT,
            old_note      TEXT,
            old_due       TEXT,
            old_completed INTEGER,
            old_position  TEXT,
            undoes        INTEGER,
            has_before    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (list_id, rev)
        ) WITHOUT ROWID""",
        "CREATE INDEX changes_at ON changes (at)",
        "CREATE INDEX changes_task ON changes (task_id, rev)",
    };

    /**
     * Roles (issue 10): every member is {@code owner}, {@code editor} or {@code viewer}. Members that exist become
     * editors, and each list's owner its owner, so nobody loses a right they had. Touches only {@code members},
     * so it applies after version 3 whatever that step does to tasks.
     */
    static final String[] SCHEMA_V4 = {
        "ALTER TABLE members ADD COLUMN role TEXT NOT NULL DEFAULT 'editor'"
            + " CHECK (role IN ('owner', 'editor', 'viewer'))",
        "UPDATE members SET role = 'owner'"
            + " WHERE user_id = (SELECT l.owner_id FROM lists l WHERE l.id = members.list_id)",
    };

    /**
     * Nothing: PostgreSQL's version 5 adds the kept task count that this schema has had since version 2. Both
     * dialects are numbered the same way, so the step exists here too.
     */
    static final String[] SCHEMA_V5 = {};

    /** Nothing: PostgreSQL's version 6 changes how its task count is kept (statement triggers). */
    static final String[] SCHEMA_V6 = {};

    /**
     * Nothing: PostgreSQL's version 7 replaces two foreign keys, checked per row, by a trigger. SQLite's checks
     * are in-process index probes, and its writer is the only one, so its keys stay.
     */
    static final String[] SCHEMA_V7 = {};

    /** Nothing: PostgreSQL's version 8 does to {@code task_keys}' foreign keys what its version 7 did to others. */
    static final String[] SCHEMA_V8 = {};
}
