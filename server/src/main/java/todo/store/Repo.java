package todo.store;

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
 * Synchronous data access bound to one connection, used only inside a {@link StoreOp} on a storage thread.
 * Inputs are already validated for shape and length; these methods enforce what needs the database:
 * existence, membership (a non-member gets {@code not_found}, never a hint), ownership ({@code forbidden}),
 * uniqueness and revisions ({@code conflict}). Errors are thrown as {@link todo.protocol.ApiException}.
 * Every task change bumps the list's rev by exactly one and stamps the task with the new rev.
 */
public interface Repo {

    // ---- accounts and tokens -------------------------------------------------------------------------------

    /**
     * Creates a user (username unique ignoring case, else {@code conflict}) with a first list titled
     * "My tasks", and stores {@code tokenHash} as a session token for it.
     */
    User createUser(String username, String email, byte[] salt, byte[] hash, int iterations,
                    byte[] tokenHash, Instant now, Instant tokenExpires);

    /** The user and stored password parameters, matched ignoring case; null when there is no such user. */
    Credentials credentials(String username);

    /** Same as {@link #credentials(String)} by id; null when the user no longer exists. */
    Credentials credentials(long userId);

    /** The user with this name, ignoring case; null when none. */
    User findUser(String username);

    void insertToken(long userId, byte[] tokenHash, Instant now, Instant expires);

    /** The user owning an unexpired token with this hash; null when unknown, revoked or expired. */
    User userForToken(byte[] tokenHash, Instant now);

    void revokeToken(byte[] tokenHash);

    /** Revokes every token of the user except {@code keepHash} (which may be null: revoke all). */
    void revokeOtherTokens(long userId, byte[] keepHash);

    /**
     * Updates email (when {@code emailSet}; null clears it) and/or password parameters (when {@code hash} is
     * non-null). Returns the updated user.
     */
    User updateProfile(long userId, boolean emailSet, String email, byte[] salt, byte[] hash, int iterations);

    /**
     * Deletes the user, their tokens, the lists they own (with tasks) and their memberships in other lists.
     * Returns one change per affected list: owned lists as deletions, other lists with the user removed.
     */
    List<ListChange> deleteUser(long userId);

    // ---- lists ---------------------------------------------------------------------------------------------

    /** The lists the user is a member of (owned included), ordered by id. */
    List<TodoList> listsFor(long userId);

    /** The list if the user is a member, else {@code not_found}. */
    TodoList listFor(long userId, long listId);

    ListChange createList(long ownerId, String title, Instant now);

    /** Any member may rename. */
    ListChange renameList(long userId, long listId, String title);

    /** Owner only ({@code forbidden} for other members). Deletes the list's tasks too. */
    ListChange deleteList(long userId, long listId);

    /** Owner only; unknown username gives {@code not_found}; sharing with an existing member changes nothing. */
    ListChange shareList(long userId, long listId, String username);

    /**
     * The owner removes anyone but themself; a member may remove only themself ({@code forbidden} otherwise).
     * Removing a non-member username gives {@code not_found}. The owner cannot leave their own list
     * ({@code bad_request}: delete it instead).
     */
    ListChange unshareList(long userId, long listId, String username);

    // ---- tasks ---------------------------------------------------------------------------------------------

    /**
     * The list's state for a subscriber: full when {@code since} is null, negative, greater than the list's rev,
     * or older than the oldest deletion still remembered; else the tasks with rev &gt; since and ids deleted after it.
     */
    Snapshot snapshot(long userId, long listId, Long since);

    /** Tasks of a list, ordered by id, optionally only those with this completed state. */
    List<Task> tasks(long userId, long listId, Boolean completed);

    /** A task of a list the user is a member of, else {@code not_found}. */
    Task task(long userId, long taskId);

    /**
     * Creates a task at the bottom of the list. With a non-null {@code t.key()}, a second create by the same
     * user for the same list with the same key returns the original task and a null event.
     */
    TaskCreated createTask(long userId, String username, long listId, NewTask t, Instant now);

    /**
     * Applies {@code patch}. With {@code ifRev} non-null and different from the task's rev: {@code conflict}
     * carrying the current task. Returns null when nothing would change (nothing is written).
     */
    TaskEvent updateTask(long userId, String username, long taskId, TaskPatch patch, Long ifRev, Instant now);

    /** Deletes the task (same {@code ifRev} rule as update) and remembers the deletion for {@link #snapshot}. */
    TaskEvent deleteTask(long userId, String username, long taskId, Long ifRev);

    /** Sets completed on every task of the list not already in that state; one event (and rev) per task. */
    List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now);

    /** Deletes every completed task of the list; one event (and rev) per task. */
    List<TaskEvent> clearCompleted(long userId, String username, long listId);

    /**
     * One chunk of {@link #completeAll(long, String, long, boolean, Instant)}: at most {@code limit} tasks with an id
     * above {@code afterId}, in id order. Fewer than {@code limit} events means the list is done.
     */
    List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now,
                                long afterId, int limit);

    /** One chunk of {@link #clearCompleted(long, String, long)}, as for {@code completeAll}. */
    List<TaskEvent> clearCompleted(long userId, String username, long listId, long afterId, int limit);

    /** Tasks the list holds, from a count kept with the tasks (no membership check: call after one). */
    int taskCount(long listId);

    /** Lists the user is a member of, owned or shared. */
    int listCount(long userId);

    // ---- health --------------------------------------------------------------------------------------------

    /** A real write, so that a read-only or full disk shows in {@code /healthz}. */
    void touchHealth(Instant now);
}
