package todo.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;
import todo.model.Placement;
import todo.model.Snapshot;
import todo.model.Task;
import todo.model.TaskCreated;
import todo.model.TaskEvent;
import todo.model.TaskPatch;
import todo.model.TodoList;

/**
 * The tasks repository. Used on one storage thread, inside the transaction that thread runs around each op.
 * Every create, update or delete bumps the list's rev by exactly one and
 * stamps the task (or its tombstone) with the new rev, which is also the event's rev.
 */
public final class Tasks {
    /** Changes between two prunes of old tombstones and changes, so that pruning needs no scheduler. */
    static final int PRUNE_EVERY_CHANGES = 1000;

    private final Statements st;
    private final Lists lists;
    private final ListLocks locks;
    private final TxCache cache;
    private final Pruner pruner;
    private final Clock clock;
    private final String taskCount;
    private final String createTask;
    private final String createKeyedTask;
    private final ChangeLog changes;
    private final PendingCreates heldBack;
    private int changesSincePrune;

    /** @param heldBack where creates wait to be sent together (see {@link PendingCreates}); null: never */
    Tasks(Statements st, Dialect dialect, Lists lists, ListLocks locks, TxCache cache, Pruner pruner, Clock clock,
            ChangeLog changes, PendingCreates heldBack) {
        this.st = st;
        this.heldBack = heldBack;
        this.locks = locks;
        this.cache = cache;
        this.taskCount = dialect.taskCount();
        this.createTask = dialect.createTask(false);
        this.createKeyedTask = dialect.createTask(true);
        this.changes = changes;
        this.lists = lists;
        this.pruner = pruner;
        this.clock = clock;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /**
     * The list's state for a subscriber: full when {@code since} is null, negative, greater than the list's rev,
     * or older than the oldest deletion still remembered; else the tasks with rev &gt; since and ids deleted after it.
     */
    public Snapshot snapshot(long userId, long listId, Long since) {
        TodoList list = lists.listFor(userId, listId);
        boolean full = since == null || since < 0 || since > list.rev() || since < lists.floorRev(listId);
        if (full) {
            return new Snapshot(list, list.rev(), true, st.list(Sql.TASKS_OF_LIST, Rows::task, listId), List.of());
        }
        List<Task> changed = st.list(Sql.TASKS_OF_LIST_SINCE, Rows::task, listId, since);
        List<Long> deleted = st.list(Sql.DELETED_SINCE, rs -> rs.getLong(1), listId, since);
        return new Snapshot(list, list.rev(), false, changed, deleted);
    }

    /** Tasks of a list in its order (position, then id), optionally only those with this completed state. */
    public List<Task> tasks(long userId, long listId, Boolean completed) {
        lists.requireMember(userId, listId);
        return completed == null
            ? st.list(Sql.TASKS_OF_LIST, Rows::task, listId)
            : st.list(Sql.TASKS_OF_LIST_BY_COMPLETED, Rows::task, listId, completed);
    }

    /** The task if its list has {@code userId} as a member; otherwise the same {@code not_found} as a bad id. */
    public Task task(long userId, long taskId) {
        Task task = st.one(Sql.TASK_FOR_MEMBER, Rows::task, userId, taskId);
        if (task == null) {
            throw ApiException.notFound("task");
        }
        return task;
    }

    /**
     * The role gate's check for a change to a task ({@link Lists#requireEditor}): {@code not_found} unless the task
     * is in a list {@code userId} is a member of, {@code forbidden} for a viewer. Answers the task's list.
     */
    public long requireEditor(long userId, long taskId, boolean lock) {
        Rows.Membership m = st.one(Sql.LIST_AND_ROLE_OF_TASK, Rows::membership, userId, taskId);
        if (m == null) {
            throw ApiException.notFound("task");
        }
        if (lock && lists.lock(m.listId())) {
            // Locked just now: a role change may have committed since the read (several writers, PostgreSQL).
            lists.requireEditor(userId, m.listId(), false);
        } else {
            Lists.requireCanChange(m.role());
        }
        return m.listId();
    }

    // ---- writing -------------------------------------------------------------------------------------------

    /**
     * Creates a task at the bottom of the list (a position after the last one). With a non-null {@code t.key()},
     * a second create by the same user for the same list with the same key returns the original task and a null
     * event.
     */
    public TaskCreated create(long userId, String username, long listId, NewTask t, Instant now) {
        // Under the list's lock, so that a replay through another writer finds the key the first one wrote.
        lists.lock(listId);
        lists.requireMember(userId, listId);
        // Held back, a keyed create is not looked up: its key row goes with the batch's statement, and a key that
        // exists already makes that statement fail, the writer redo the batch checking keys, and this create then
        // look its key up below. Replays are rare; a lookup per create was a round trip each.
        boolean holdBack = heldBack != null && heldBack.enabled() && locks.holds(listId)
            && (t.key() == null || !heldBack.checksKeys());
        if (t.key() != null && !holdBack) {
            Long knownId = st.one(Sql.TASK_FOR_KEY, rs -> rs.getLong(1), userId, listId, t.key());
            if (knownId != null) {
                Task known = st.one(Sql.TASK_BY_ID, Rows::task, knownId);
                return known != null
                    ? new TaskCreated(known, null, false)
                    : new TaskCreated(new Task(knownId, listId, null, null, null, false, null, null, null, null, 0,
                        null), null, true);
            }
        }
        long at = Rows.millis(now);
        String note = t.note() == null ? "" : t.note();
        String last = cache.lastPosition(listId, locks.holds(listId),
            () -> st.oneOfList(listId, Sql.LAST_POSITION, rs -> rs.getString(1), listId));
        String position = Positions.between(last, null);
        long id;
        long rev;
        String together = t.key() == null ? createTask : createKeyedTask;
        if (holdBack) {
            Long known = cache.rev(listId);
            rev = (known != null ? known : st.oneOfList(listId, Sql.LIST_BY_ID, Rows::list, listId).rev()) + 1;
            id = heldBack.nextId(st);
            heldBack.add(new PendingCreates.Row(id, listId, t.name(), note, t.due(), t.completed(), at, username, rev,
                position, Rows.millis(clock.instant()), userId, t.key()));
            st.heldBack();
            cache.revIs(listId, rev);
            together = createTask; // its change row (and key) go with it, as with the one-statement create
        } else if (together != null) {
            Object[] params = {listId, t.name(), note, t.due(), t.completed(), at, at, username, username, position,
                username, Rows.millis(clock.instant())};
            if (t.key() != null) {
                params = Arrays.copyOf(params, params.length + 2);
                params[params.length - 2] = userId;
                params[params.length - 1] = t.key();
            }
            long[] idRev = st.one(together, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, params);
            if (idRev == null) {
                throw new StorageException("creating a task in list " + listId + " wrote nothing", null);
            }
            id = idRev[0];
            rev = idRev[1];
        } else {
            rev = lists.bumpRev(listId);
            id = st.returningLong(Sql.INSERT_TASK, listId, t.name(), note, t.due(), t.completed(), at, at,
                username, username, rev, position);
            if (t.key() != null) {
                st.update(Sql.INSERT_TASK_KEY, userId, listId, t.key(), id, at);
            }
        }
        cache.created(listId, position);
        Task task = new Task(id, listId, t.name(), note, t.due(), t.completed(), Rows.instant(at), Rows.instant(at),
            username, username, rev, position);
        TaskEvent event = new TaskEvent(TaskEvent.Kind.CREATED, listId, rev, username, task, List.of());
        if (together != null) {
            counted();
        } else {
            recorded(event, null, null);
        }
        return new TaskCreated(task, event, false);
    }

    /**
     * Applies {@code patch}. With {@code ifRev} non-null and different from the task's rev: {@code conflict}
     * carrying the current task. Returns null when nothing would change (nothing is written).
     */
    public TaskEvent update(long userId, String username, long taskId, TaskPatch patch, Long ifRev, Instant now) {
        Task cur = lockedTask(userId, taskId);
        checkRev(cur, ifRev);
        List<String> changed = new ArrayList<>(4);
        String name = cur.name();
        if (patch.name() != null && !patch.name().equals(name)) {
            name = patch.name();
            changed.add("name");
        }
        String note = cur.note();
        if (patch.note() != null && !patch.note().equals(note)) {
            note = patch.note();
            changed.add("note");
        }
        String due = cur.due();
        if (patch.dueSet() && !Objects.equals(patch.due(), due)) {
            due = patch.due();
            changed.add("due");
        }
        boolean completed = cur.completed();
        if (patch.completed() != null && patch.completed() != completed) {
            completed = patch.completed();
            changed.add("completed");
        }
        if (changed.isEmpty()) {
            return null;
        }
        return write(cur, username, name, note, due, completed, now, changed, null);
    }

    /**
     * Moves the task right after task {@code after} or right before task {@code before}, as {@code task.move}:
     * exactly one of the two is given (null meaning the top or the bottom). The neighbour must be visible
     * ({@code not_found}) and in the same list ({@code bad_request}). Same {@code ifRev} rule as update.
     * Returns null when the task already is at that place (nothing is written).
     */
    public TaskEvent move(long userId, String username, long taskId, Placement where, Long ifRev, Instant now) {
        Task cur = lockedTask(userId, taskId);
        checkRev(cur, ifRev);
        String lower;
        String upper;
        Task n = where.taskId() == null ? null : task(userId, where.taskId());
        if (n != null && n.list() != cur.list()) {
            throw ApiException.badRequest((where.after() ? "after" : "before") + " must be a task of the same list");
        }
        if (n != null && n.id() == cur.id()) {
            return null; // right after or before itself: where it is
        }
        if (where.after()) {
            lower = n == null ? null : n.position();
            upper = n == null
                ? st.one(Sql.FIRST_POSITION_EXCEPT, rs -> rs.getString(1), cur.list(), cur.id())
                : st.one(Sql.POSITION_ABOVE, rs -> rs.getString(1), cur.list(), n.position(), cur.id());
        } else {
            upper = n == null ? null : n.position();
            lower = n == null
                ? st.one(Sql.LAST_POSITION_EXCEPT, rs -> rs.getString(1), cur.list(), cur.id())
                : st.one(Sql.POSITION_BELOW, rs -> rs.getString(1), cur.list(), n.position(), cur.id());
        }
        boolean there = (lower == null || lower.compareTo(cur.position()) < 0)
            && (upper == null || cur.position().compareTo(upper) < 0);
        if (there) {
            return null;
        }
        return reposition(cur, username, Positions.between(lower, upper), now, null);
    }

    /** Deletes the task (same {@code ifRev} rule as update) and remembers the deletion for {@link #snapshot}. */
    public TaskEvent delete(long userId, String username, long taskId, Long ifRev) {
        Task cur = lockedTask(userId, taskId);
        checkRev(cur, ifRev);
        return remove(cur, username, null);
    }

    /** Sets completed on every task of the list not already in that state; one event (and rev) per task. */
    public List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now) {
        return completeAll(userId, username, listId, completed, now, 0, Integer.MAX_VALUE);
    }

    /**
     * One chunk of {@link #completeAll(long, String, long, boolean, Instant)}: at most {@code limit} tasks with an
     * id above {@code afterId}, in id order. Fewer than {@code limit} events means the list is done.
     */
    public List<TaskEvent> completeAll(long userId, String username, long listId, boolean completed, Instant now,
                                       long afterId, int limit) {
        lists.lock(listId);
        lists.requireMember(userId, listId);
        List<TaskEvent> events = new ArrayList<>();
        for (Task cur : st.list(Sql.TASKS_OF_LIST_BY_COMPLETED_AFTER, Rows::task, listId, !completed, afterId, limit)) {
            events.add(write(cur, username, cur.name(), cur.note(), cur.due(), completed, now, List.of("completed"),
                null));
        }
        return events;
    }

    /** Deletes every completed task of the list; one event (and rev) per task. */
    public List<TaskEvent> clearCompleted(long userId, String username, long listId) {
        return clearCompleted(userId, username, listId, 0, Integer.MAX_VALUE);
    }

    /** One chunk of {@link #clearCompleted(long, String, long)}, as for {@code completeAll}. */
    public List<TaskEvent> clearCompleted(long userId, String username, long listId, long afterId, int limit) {
        lists.lock(listId);
        lists.requireMember(userId, listId);
        List<TaskEvent> events = new ArrayList<>();
        for (Task cur : st.list(Sql.TASKS_OF_LIST_BY_COMPLETED_AFTER, Rows::task, listId, true, afterId, limit)) {
            events.add(remove(cur, username, null));
        }
        return events;
    }

    /** Tasks the list holds, from the count the schema keeps beside them (no membership check: call after one). */
    public int count(long listId) {
        return cache.count(listId, locks.holds(listId), () -> (int) st.returningLong(taskCount, listId));
    }

    /**
     * {@link #task} read again under its list's lock: another writer may have changed it between the first read
     * and the lock (with a single writer the second read finds the same row).
     */
    private Task lockedTask(long userId, long taskId) {
        Task first = task(userId, taskId);
        return lists.lock(first.list()) ? task(userId, taskId) : first;
    }

    /** The task by id if it is in the list, whoever asks; null when it is not (deleted, or never there). */
    Task inList(long listId, long taskId) {
        Task t = st.one(Sql.TASK_BY_ID, Rows::task, taskId);
        return t != null && t.list() == listId ? t : null;
    }

    private static void checkRev(Task cur, Long ifRev) {
        if (ifRev != null && ifRev != cur.rev()) {
            throw new ApiException(ErrorCode.CONFLICT, "task has changed (rev " + cur.rev() + ")", cur);
        }
    }

    /** Stores new field values; {@code undoes}: the rev this change undoes, or null. Package-private for undo. */
    TaskEvent write(Task cur, String username, String name, String note, String due, boolean completed,
                    Instant now, List<String> changed, Long undoes) {
        long rev = lists.bumpRev(cur.list());
        long at = Rows.millis(now);
        st.update(Sql.UPDATE_TASK, name, note, due, completed, at, username, rev, cur.id());
        Task task = new Task(cur.id(), cur.list(), name, note, due, completed, cur.created(), Rows.instant(at),
            cur.createdBy(), username, rev, cur.position());
        TaskEvent event = new TaskEvent(TaskEvent.Kind.UPDATED, cur.list(), rev, username, task, List.copyOf(changed));
        recorded(event, cur, undoes);
        return event;
    }

    /** Gives the task a new position: a {@code task.updated} with {@code changed: ["position"]}. */
    TaskEvent reposition(Task cur, String username, String position, Instant now, Long undoes) {
        long rev = lists.bumpRev(cur.list());
        long at = Rows.millis(now);
        st.update(Sql.MOVE_TASK, position, at, username, rev, cur.id());
        Task task = new Task(cur.id(), cur.list(), cur.name(), cur.note(), cur.due(), cur.completed(), cur.created(),
            Rows.instant(at), cur.createdBy(), username, rev, position);
        TaskEvent event = new TaskEvent(TaskEvent.Kind.UPDATED, cur.list(), rev, username, task, List.of("position"));
        recorded(event, cur, undoes);
        return event;
    }

    /**
     * Position {@code wanted} if no task of the list holds it, else one right after the task that does (undo puts
     * a task back where it was; another may have taken that exact key since).
     */
    String free(long listId, String wanted) {
        if (!st.exists(Sql.POSITION_TAKEN, listId, wanted)) {
            return wanted;
        }
        return Positions.between(wanted, st.one(Sql.POSITION_ABOVE, rs -> rs.getString(1), listId, wanted, 0L));
    }

    /**
     * Brings back a deleted task (undo of its deletion) with its id, fields and creation, at {@code position}
     * (see {@link #free}); it is no longer a deletion for {@code subscribe {since}}.
     */
    TaskEvent restore(Task was, String username, String position, Instant now, long undoes) {
        long rev = lists.bumpRev(was.list());
        long at = Rows.millis(now);
        st.update(Sql.RESTORE_TASK, was.id(), was.list(), was.name(), was.note(), was.due(), was.completed(),
            Rows.millis(was.created()), at, was.createdBy(), username, rev, position);
        st.update(Sql.DELETE_TOMBSTONE, was.list(), was.id());
        Task task = new Task(was.id(), was.list(), was.name(), was.note(), was.due(), was.completed(), was.created(),
            Rows.instant(at), was.createdBy(), username, rev, position);
        TaskEvent event = new TaskEvent(TaskEvent.Kind.CREATED, was.list(), rev, username, task, List.of());
        recorded(event, null, undoes);
        return event;
    }

    /** Deletes the task; {@code undoes}: the rev this change undoes, or null. */
    TaskEvent remove(Task cur, String username, Long undoes) {
        long rev = lists.bumpRev(cur.list());
        st.update(Sql.DELETE_TASK, cur.id());
        st.update(Sql.INSERT_TOMBSTONE, cur.list(), rev, cur.id(), Rows.millis(clock.instant()));
        TaskEvent event = new TaskEvent(TaskEvent.Kind.DELETED, cur.list(), rev, username, cur, List.of());
        recorded(event, null, undoes);
        return event;
    }

    /** Remembers the change; every {@link #PRUNE_EVERY_CHANGES} changes, forgets what is old. */
    private void recorded(TaskEvent event, Task before, Long undoes) {
        changes.record(event, before, undoes);
        counted();
    }

    /** One more change row written: every {@link #PRUNE_EVERY_CHANGES}, old ones are pruned. */
    private void counted() {
        if (++changesSincePrune >= PRUNE_EVERY_CHANGES) {
            changesSincePrune = 0;
            pruner.prune(clock.instant());
        }
    }
}
