package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.assertApiError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;
import todo.model.Snapshot;
import todo.model.Task;
import todo.model.TaskCreated;
import todo.model.TaskEvent;
import todo.model.TaskPatch;

class TasksTest extends AliceStoreTest {
    /** Marks the task completed. */
    private void complete(Task t) {
        update(t.id(), new TaskPatch(null, null, false, null, true), null);
    }

    private TaskEvent update(long taskId, TaskPatch patch, Long ifRev) {
        return db.write(repo -> repo.tasks().update(alice.id(), "alice", taskId, patch, ifRev, NOW.plusSeconds(60)));
    }

    private TaskEvent delete(long taskId) {
        return db.write(repo -> repo.tasks().delete(alice.id(), "alice", taskId, null));
    }

    private TaskCreated createWithKey(String name, String key) {
        return db.write(repo -> repo.tasks().create(alice.id(), "alice", list, new NewTask(name, "", null, false, key),
            NOW));
    }

    private static TaskPatch rename(String name) {
        return new TaskPatch(name, null, false, null, null);
    }

    @Test
    void createUpdateAndDeleteEachBumpTheListRevByExactlyOne() {
        assertEquals(0, db.rev(list, alice));
        TaskCreated created = createWithKey("milk", null);
        assertEquals(1, created.event().rev());
        assertEquals(1, created.task().rev());
        assertEquals(1, db.rev(list, alice));

        TaskEvent updated = update(created.task().id(), rename("oat milk"), null);
        assertEquals(2, updated.rev());
        assertEquals(2, updated.task().rev());
        assertEquals(2, db.rev(list, alice));

        TaskEvent deleted = delete(created.task().id());
        assertEquals(3, deleted.rev());
        assertEquals(TaskEvent.Kind.DELETED, deleted.kind());
        assertEquals(3, db.rev(list, alice));
    }

    @Test
    void eventsCarryTheUsernameAndTheChangedFields() {
        Task t = db.task(alice, list, "milk");
        TaskEvent e = update(t.id(), new TaskPatch("milk", "2 litres", true, "2025-02-01", true), null);
        assertEquals("alice", e.by());
        assertEquals(List.of("note", "due", "completed"), e.changed());
        assertEquals("alice", e.task().updatedBy());
        assertEquals(NOW.plusSeconds(60), e.task().updated());
        assertEquals(t.created(), e.task().created());
        assertEquals(e.task(), db.read(repo -> repo.tasks().task(alice.id(), t.id())));
    }

    @Test
    void anUpdateThatChangesNothingReturnsNullAndWritesNothing() {
        Task t = db.task(alice, list, "milk");
        long rev = db.rev(list, alice);
        assertNull(update(t.id(), new TaskPatch("milk", "", true, null, false), null));
        assertNull(update(t.id(), new TaskPatch(null, null, false, null, null), null));
        assertEquals(rev, db.rev(list, alice));
        assertEquals(t, db.read(repo -> repo.tasks().task(alice.id(), t.id())), "updated and updatedBy unchanged");
    }

    @Test
    void aStaleIfRevIsAConflictCarryingTheCurrentTask() {
        Task t = db.task(alice, list, "milk");
        Task current = update(t.id(), rename("bread"), t.rev()).task();
        ApiException e = assertApiError(ErrorCode.CONFLICT, "task has changed (rev " + current.rev() + ")",
            () -> update(t.id(), rename("cheese"), t.rev()));
        assertEquals(current, e.current());
        assertApiError(ErrorCode.CONFLICT, null,
            () -> db.write(repo -> repo.tasks().delete(alice.id(), "alice", t.id(), t.rev())));
        assertEquals("bread", db.read(repo -> repo.tasks().task(alice.id(), t.id())).name());
    }

    @Test
    void aRepeatedCreateWithTheSameKeyReturnsTheOriginalTaskWithoutAnEvent() {
        TaskCreated first = createWithKey("milk", "k1");
        long rev = db.rev(list, alice);
        TaskCreated again = createWithKey("milk", "k1");
        assertNotNull(first.event());
        assertNull(again.event());
        assertFalse(again.deletedSince());
        assertEquals(first.task(), again.task());
        assertEquals(rev, db.rev(list, alice));
        assertEquals(1, db.read(repo -> repo.tasks().tasks(alice.id(), list, null)).size());
        assertNotEquals(first.task().id(), createWithKey("milk", "k2").task().id());
    }

    @Test
    void aRepeatedCreateOfADeletedTaskReportsItDeleted() {
        TaskCreated first = createWithKey("milk", "k1");
        delete(first.task().id());
        TaskCreated again = createWithKey("milk", "k1");
        assertTrue(again.deletedSince());
        assertNull(again.event());
        assertEquals(first.task().id(), again.task().id());
        assertEquals(list, again.task().list());
        assertNull(again.task().name());
    }

    @Test
    void tasksAreOrderedByIdAndFilterableByCompleted() {
        Task a = db.task(alice, list, "a");
        Task b = db.task(alice, list, "b");
        Task c = db.task(alice, list, "c");
        complete(b);
        assertEquals(List.of(a.id(), b.id(), c.id()),
            db.read(repo -> repo.tasks().tasks(alice.id(), list, null)).stream().map(Task::id).toList());
        assertEquals(List.of(b.id()),
            db.read(repo -> repo.tasks().tasks(alice.id(), list, true)).stream().map(Task::id).toList());
        assertEquals(List.of(a.id(), c.id()),
            db.read(repo -> repo.tasks().tasks(alice.id(), list, false)).stream().map(Task::id).toList());
    }

    @Test
    void snapshotSinceReturnsChangedTasksAndDeletedIds() {
        Task a = db.task(alice, list, "a");
        Task b = db.task(alice, list, "b");
        Task c = db.task(alice, list, "c");
        long since = db.rev(list, alice);
        update(b.id(), rename("B"), null);
        delete(c.id());

        Snapshot s = db.read(repo -> repo.tasks().snapshot(alice.id(), list, since));
        assertFalse(s.full());
        assertEquals(since + 2, s.rev());
        assertEquals(s.rev(), s.list().rev());
        assertEquals(List.of("B"), s.tasks().stream().map(Task::name).toList());
        assertEquals(List.of(c.id()), s.deleted());

        Snapshot upToDate = db.read(repo -> repo.tasks().snapshot(alice.id(), list, s.rev()));
        assertFalse(upToDate.full());
        assertTrue(upToDate.tasks().isEmpty() && upToDate.deleted().isEmpty());

        Snapshot full = db.read(repo -> repo.tasks().snapshot(alice.id(), list, null));
        assertTrue(full.full());
        assertEquals(List.of(a.id(), b.id()), full.tasks().stream().map(Task::id).toList());
        assertTrue(full.deleted().isEmpty());
    }

    @Test
    void snapshotIsFullWhenSinceIsNegativeOrAheadOfTheList() {
        db.task(alice, list, "a");
        long rev = db.rev(list, alice);
        assertTrue(db.read(repo -> repo.tasks().snapshot(alice.id(), list, -1L)).full());
        assertTrue(db.read(repo -> repo.tasks().snapshot(alice.id(), list, rev + 1)).full());
    }

    @Test
    void snapshotIsFullWhenSinceIsOlderThanTheOldestRememberedDeletion() {
        Task a = db.task(alice, list, "a");
        db.task(alice, list, "b");
        long beforeDelete = db.rev(list, alice);
        delete(a.id());
        long afterDelete = db.rev(list, alice);
        db.write(repo -> {
            repo.touchHealth(Instant.now().plus(Pruner.RETENTION).plus(Duration.ofDays(1)));
            return null;
        });

        Snapshot tooOld = db.read(repo -> repo.tasks().snapshot(alice.id(), list, beforeDelete));
        assertTrue(tooOld.full(), "the deletion after since was forgotten");
        assertEquals(1, tooOld.tasks().size());
        Snapshot recent = db.read(repo -> repo.tasks().snapshot(alice.id(), list, afterDelete));
        assertFalse(recent.full());
    }

    @Test
    void completeAllChangesOnlyTasksInTheOtherStateWithOneRevEach() {
        Task a = db.task(alice, list, "a");
        Task b = db.task(alice, list, "b");
        Task c = db.task(alice, list, "c");
        complete(b);
        long rev = db.rev(list, alice);

        List<TaskEvent> events = db.write(repo -> repo.tasks().completeAll(alice.id(), "alice", list, true, NOW));
        assertEquals(List.of(a.id(), c.id()), events.stream().map(e -> e.task().id()).toList());
        assertEquals(List.of(rev + 1, rev + 2), events.stream().map(TaskEvent::rev).toList());
        assertTrue(events.stream().allMatch(e -> e.changed().equals(List.of("completed")) && e.task().completed()));
        assertEquals(rev + 2, db.rev(list, alice));
    }

    @Test
    void clearCompletedDeletesCompletedTasksWithOneRevEach() {
        Task a = db.task(alice, list, "a");
        Task b = db.task(alice, list, "b");
        Task c = db.task(alice, list, "c");
        complete(a);
        complete(c);
        long rev = db.rev(list, alice);

        List<TaskEvent> events = db.write(repo -> repo.tasks().clearCompleted(alice.id(), "alice", list));
        assertEquals(List.of(a.id(), c.id()), events.stream().map(e -> e.task().id()).toList());
        assertTrue(events.stream().allMatch(e -> e.kind() == TaskEvent.Kind.DELETED));
        assertEquals(List.of(rev + 1, rev + 2), events.stream().map(TaskEvent::rev).toList());
        assertEquals(List.of(b.id()), db.read(repo -> repo.tasks().tasks(alice.id(), list, null)).stream()
            .map(Task::id).toList());
        assertEquals(List.of(a.id(), c.id()), db.read(repo -> repo.tasks().snapshot(alice.id(), list, rev)).deleted());
    }

    @Test
    void taskIdsAreNeverReused() {
        Task a = db.task(alice, list, "a");
        delete(a.id());
        assertTrue(db.task(alice, list, "b").id() > a.id());
    }

    @Test
    void returnedInstantsAreTruncatedToMilliseconds() {
        Instant precise = Instant.parse("2025-01-02T03:04:05.678912345Z");
        Task t = db.write(repo -> repo.tasks().create(alice.id(), "alice", list,
            new NewTask("x", "", null, false, null), precise).task());
        Instant millis = Instant.parse("2025-01-02T03:04:05.678Z");
        assertEquals(millis, t.created());
        assertEquals(millis, db.read(repo -> repo.tasks().task(alice.id(), t.id())).updated());
    }
}
