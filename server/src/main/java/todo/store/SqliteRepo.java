package todo.store;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import todo.model.Credentials;
import todo.model.ListChange;
import todo.model.NewTask;
import todo.model.Snapshot;
import todo.model.Task;
import todo.model.TaskCreated;
import todo.model.TaskEvent;
import todo.model.TaskPatch;
import todo.model.TodoList;
import todo.model.User;

/**
 * {@link Repo} over one SQLite connection. Not thread-safe: it belongs to the one storage thread that owns the
 * connection, which also runs the transaction around each call. Expected outcomes are thrown as
 * {@link todo.protocol.ApiException}; database failures as {@link StorageException}.
 */
public final class SqliteRepo implements Repo, AutoCloseable {
    private final Statements st;
    private final Accounts accounts;
    private final Lists lists;
    private final Tasks tasks;
    private final Pruner pruner;

    /** @param clock stamps task deletions, whose age decides when they are forgotten */
    public SqliteRepo(Connection conn, Clock clock) {
        this.st = new Statements(conn);
        this.lists = new Lists(st);
        this.accounts = new Accounts(st, lists);
        this.pruner = new Pruner(st);
        this.tasks = new Tasks(st, lists, pruner, clock);
    }

    // ---- accounts and tokens -------------------------------------------------------------------------------

    @Override
    public User createUser(String username, String email, byte[] salt, byte[] hash, int iterations,
                           byte[] tokenHash, Instant now, Instant tokenExpires) {
        return accounts.createUser(username, email, salt, hash, iterations, tokenHash, now, tokenExpires);
    }

    @Override
    public Credentials credentials(String username) {
        return accounts.credentials(username);
    }

    @Override
    public Credentials credentials(long userId) {
        return accounts.credentials(userId);
    }

    @Override
    public User findUser(String username) {
        return accounts.findUser(username);
    }

    @Override
    public void insertToken(long userId, byte[] tokenHash, Instant now, Instant expires) {
        accounts.insertToken(userId, tokenHash, now, expires);
    }

    @Override
    public User userForToken(byte[] tokenHash, Instant now) {
        return accounts.userForToken(tokenHash, now);
    }

    @Override
    public void revokeToken(byte[] tokenHash) {
        accounts.revokeToken(tokenHash);
    }

    @Override
    public void revokeOtherTokens(long userId, byte[] keepHash) {
        accounts.revokeOtherTokens(userId, keepHash);
    }

    @Override
    public User updateProfile(long userId, boolean emailSet, String email, byte[] salt, byte[] hash,
                              int iterations) {
        return accounts.updateProfile(userId, emailSet, email, salt, hash, iterations);
    }

    @Override
    public List<ListChange> deleteUser(long userId) {
        return accounts.deleteUser(userId);
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    @Override
    public List<TodoList> listsFor(long userId) {
        return lists.listsFor(userId);
    }

    @Override
    public TodoList listFor(long userId, long listId) {
        return lists.listFor(userId, listId);
    }

    @Override
    public ListChange createList(long ownerId, String title, Instant now) {
        return lists.create(ownerId, title, now);
    }

    @Override
    public ListChange renameList(long userId, long listId, String title) {
        return lists.rename(userId, listId, title);
    }

    @Override
    public ListChange deleteList(long userId, long listId) {
        return lists.delete(userId, listId);
    }

    @Override
    public ListChange shareList(long userId, long listId, String username) {
        return lists.share(userId, listId, username);
    }

    @Override
    public ListChange unshareList(long userId, long listId, String username) {
        return lists.unshare(userId, listId, username);
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    @Override
    public Snapshot snapshot(long userId, long listId, Long since) {
        return tasks.snapshot(userId, listId, since);
    }

    @Override
    public List<Task> tasks(long userId, long listId, Boolean completed) {
        return tasks.tasks(userId, listId, completed);
    }

    @Override
    public Task task(long userId, long taskId) {
        return tasks.task(userId, taskId);
    }

    @Override
    public TaskCreated createTask(long userId, String username, long listId, NewTask t, Instant now) {
        return tasks.create(userId, username, listId, t, now);
    }

    @Override
    public TaskEvent updateTask(long userId, String username, long taskId, TaskPatch patch, Long ifRev,
                                Instant now) {
        return tasks.update(userId, username, taskId, patch, ifRev, now);
    }

    @Override
    public TaskEvent deleteTask(long userId, String username, long taskId, Long ifRev) {
        return tasks.delete(userId, username, taskId, ifRev);
    }

    @Override
    public List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now) {
        return tasks.completeAll(userId, username, listId, completed, now);
    }

    @Override
    public List<TaskEvent> clearCompleted(long userId, String username, long listId) {
        return tasks.clearCompleted(userId, username, listId);
    }

    @Override
    public List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now,
                                       long afterId, int limit) {
        return tasks.completeAll(userId, username, listId, completed, now, afterId, limit);
    }

    @Override
    public List<TaskEvent> clearCompleted(long userId, String username, long listId, long afterId, int limit) {
        return tasks.clearCompleted(userId, username, listId, afterId, limit);
    }

    @Override
    public int taskCount(long listId) {
        return (int) st.returningLong(Sql.COUNT_TASKS_OF_LIST, listId);
    }

    @Override
    public int listCount(long userId) {
        return (int) st.returningLong(Sql.COUNT_LISTS_OF_USER, userId);
    }

    // ---- health --------------------------------------------------------------------------------------------

    /** Also prunes old deletions, task keys and expired tokens: health checks come regularly and cost little. */
    @Override
    public void touchHealth(Instant now) {
        st.update(Sql.TOUCH_HEALTH, Rows.millis(now));
        pruner.prune(now);
    }

    /** Closes the cached statements; the connection stays open (its owner closes it). */
    @Override
    public void close() {
        st.close();
    }
}
