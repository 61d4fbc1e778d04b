package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.assertApiError;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.error.ErrorCode;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.NewTask;
import todo.model.Role;
import todo.model.Task;
import todo.model.TaskPatch;
import todo.model.TodoList;
import todo.model.User;

class MembershipTest extends AliceStoreTest {
    private User bob;
    private Task task;

    @BeforeEach
    void bobAndATask() {
        bob = db.user("Bob");
        task = db.task(alice, list, "milk");
    }

    private ListChange share(User by, String username) {
        return db.write(repo -> repo.lists().share(by.id(), list, username));
    }

    private ListChange unshare(User by, String username) {
        return db.write(repo -> repo.lists().unshare(by.id(), list, username));
    }

    @Test
    void aNonMemberGetsListNotFoundForEveryListOperation() {
        String msg = "list not found";
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.read(repo -> repo.lists().listFor(bob.id(), list)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.read(repo -> repo.tasks().snapshot(bob.id(), list, null)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.read(repo -> repo.tasks().tasks(bob.id(), list, null)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.tasks().create(bob.id(), "Bob", list,
            new NewTask("x", "", null, false, null), NOW)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.lists().rename(bob.id(), list, "x")));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.lists().delete(bob.id(), list)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> share(bob, "Bob"));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.tasks().completeAll(bob.id(), "Bob", list,
            true, NOW)));
        assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.tasks().clearCompleted(bob.id(), "Bob", list)));
        assertEquals(List.of(db.firstList(bob).id()),
            db.read(repo -> repo.lists().listsFor(bob.id())).stream().map(TodoList::id).toList());
    }

    @Test
    void aNonMemberGetsTheSameTaskNotFoundAsForAMissingTask() {
        String msg = "task not found";
        long missing = task.id() + 1000;
        for (long id : new long[] {task.id(), missing}) {
            assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.read(repo -> repo.tasks().task(bob.id(), id)));
            assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.tasks().update(bob.id(), "Bob", id,
                new TaskPatch("x", null, false, null, null), null, NOW)));
            assertApiError(ErrorCode.NOT_FOUND, msg, () -> db.write(repo -> repo.tasks().delete(bob.id(), "Bob", id,
                null)));
        }
        assertEquals("milk", db.read(repo -> repo.tasks().task(alice.id(), task.id())).name());
    }

    @Test
    void aMissingListIsNotFound() {
        assertApiError(ErrorCode.NOT_FOUND, "list not found", () -> db.read(repo -> repo.lists().listFor(alice.id(), 999)));
    }

    @Test
    void sharingAddsTheMemberAndTheListBecomesVisibleToThem() {
        ListChange change = share(alice, "bob");
        assertEquals(List.of("alice"), change.before().members().stream().map(Member::username).toList());
        assertEquals(List.of("alice", "Bob"), change.after().members().stream().map(Member::username).toList());
        assertEquals(new Member(alice.id(), "alice", Role.OWNER), change.after().owner());
        assertEquals(task, db.read(repo -> repo.tasks().task(bob.id(), task.id())));
        assertTrue(db.read(repo -> repo.lists().listsFor(bob.id())).stream().anyMatch(l -> l.id() == list));
    }

    @Test
    void membersAreOrderedByUsernameIgnoringCase() {
        db.user("carol");
        db.user("Dave");
        share(alice, "Dave");
        share(alice, "carol");
        share(alice, "bob");
        assertEquals(List.of("alice", "Bob", "carol", "Dave"),
            db.read(repo -> repo.lists().listFor(alice.id(), list)).members().stream().map(Member::username).toList());
    }

    @Test
    void sharingWithAnExistingMemberChangesNothing() {
        share(alice, "Bob");
        ListChange again = share(alice, "BOB");
        assertEquals(again.before(), again.after());
    }

    @Test
    void sharingWithAnUnknownUserIsNotFound() {
        assertApiError(ErrorCode.NOT_FOUND, "user not found", () -> share(alice, "nobody"));
    }

    @Test
    void onlyTheOwnerMayShare() {
        share(alice, "Bob");
        db.user("carol");
        assertApiError(ErrorCode.FORBIDDEN, null, () -> share(bob, "carol"));
    }

    @Test
    void aMemberWhoIsNotTheOwnerCannotDeleteTheList() {
        share(alice, "Bob");
        assertApiError(ErrorCode.FORBIDDEN, "only the owner can delete a list",
            () -> db.write(repo -> repo.lists().delete(bob.id(), list)));
        assertEquals(list, db.read(repo -> repo.lists().listFor(alice.id(), list)).id());
    }

    @Test
    void anyMemberMayRename() {
        share(alice, "Bob");
        ListChange change = db.write(repo -> repo.lists().rename(bob.id(), list, "Groceries"));
        assertEquals("My tasks", change.before().title());
        assertEquals("Groceries", change.after().title());
    }

    @Test
    void theOwnerDeletingAListRemovesItsTasksAndReportsTheMembersItHad() {
        share(alice, "Bob");
        ListChange change = db.write(repo -> repo.lists().delete(alice.id(), list));
        assertNull(change.after());
        assertEquals(2, change.before().members().size());
        assertApiError(ErrorCode.NOT_FOUND, "list not found", () -> db.read(repo -> repo.lists().listFor(alice.id(), list)));
        assertApiError(ErrorCode.NOT_FOUND, "task not found",
            () -> db.read(repo -> repo.tasks().task(alice.id(), task.id())));
    }

    @Test
    void theOwnerMayRemoveAMember() {
        share(alice, "Bob");
        ListChange change = unshare(alice, "bob");
        assertTrue(change.before().hasMember(bob.id()));
        assertEquals(List.of(alice.id()), change.after().members().stream().map(Member::id).toList());
        assertApiError(ErrorCode.NOT_FOUND, "task not found", () -> db.read(repo -> repo.tasks().task(bob.id(), task.id())));
    }

    @Test
    void aMemberMayLeaveButNotRemoveOthers() {
        share(alice, "Bob");
        db.user("carol");
        share(alice, "carol");
        assertApiError(ErrorCode.FORBIDDEN, null, () -> unshare(bob, "carol"));
        assertApiError(ErrorCode.FORBIDDEN, null, () -> unshare(bob, "alice"));
        ListChange left = unshare(bob, "Bob");
        assertEquals(List.of("alice", "carol"), left.after().members().stream().map(Member::username).toList());
    }

    @Test
    void theOwnerCannotLeaveTheirOwnList() {
        assertApiError(ErrorCode.BAD_REQUEST, null, () -> unshare(alice, "alice"));
    }

    @Test
    void removingANonMemberIsNotFound() {
        assertApiError(ErrorCode.NOT_FOUND, null, () -> unshare(alice, "Bob"));
        assertApiError(ErrorCode.NOT_FOUND, null, () -> unshare(alice, "nobody"));
    }

    @Test
    void listIdsAreNeverReused() {
        long created = db.write(repo -> repo.lists().create(alice.id(), "Temp", NOW)).after().id();
        db.write(repo -> repo.lists().delete(alice.id(), created));
        long next = db.write(repo -> repo.lists().create(alice.id(), "Next", NOW)).after().id();
        assertTrue(next > created);
        assertEquals(List.of(list, next),
            db.read(repo -> repo.lists().listsFor(alice.id())).stream().map(TodoList::id).toList());
    }
}
