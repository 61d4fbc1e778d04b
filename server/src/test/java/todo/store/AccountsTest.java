package todo.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.assertApiError;
import static todo.store.TestDb.bytes;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import todo.error.ErrorCode;
import todo.model.Credentials;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.Role;
import todo.model.TodoList;
import todo.model.User;

class AccountsTest extends StoreTest {
    private User tokenUser(String token) {
        return db.read(repo -> repo.accounts().userForToken(bytes(token), NOW));
    }

    @Test
    void aNewUserGetsAFirstListTheyOwnAndASessionToken() {
        User alice = db.user("Alice");
        assertEquals("Alice", alice.username());
        assertEquals(NOW, alice.joined());
        List<TodoList> lists = db.read(repo -> repo.lists().listsFor(alice.id()));
        assertEquals(1, lists.size());
        assertEquals("My tasks", lists.get(0).title());
        assertEquals(new Member(alice.id(), "Alice", Role.OWNER), lists.get(0).owner());
        assertEquals(List.of(new Member(alice.id(), "Alice", Role.OWNER)), lists.get(0).members());
        assertEquals(0, lists.get(0).rev());
        assertEquals(alice, tokenUser("token-Alice"));
    }

    @Test
    void aUsernameTakenIgnoringCaseIsAConflict() {
        db.user("alice");
        assertApiError(ErrorCode.CONFLICT, "username already taken", () -> db.user("ALICE"));
    }

    @Test
    void usersAreFoundIgnoringCaseWithTheirStoredSpelling() {
        User alice = db.user("Alice");
        assertEquals(alice, db.read(repo -> repo.accounts().findUser("aLiCe")));
        assertNull(db.read(repo -> repo.accounts().findUser("bob")));
        Credentials c = db.read(repo -> repo.accounts().credentials("ALICE"));
        assertEquals(alice, c.user());
        assertArrayEquals(bytes("salt"), c.salt());
        assertArrayEquals(bytes("hash"), c.hash());
        assertEquals(1000, c.iterations());
        assertEquals(alice, db.read(repo -> repo.accounts().credentials(alice.id())).user());
        assertNull(db.read(repo -> repo.accounts().credentials(alice.id() + 1)));
    }

    @Test
    void anExpiredOrRevokedTokenFindsNobody() {
        User alice = db.user("alice");
        db.write(repo -> {
            repo.accounts().insertToken(alice.id(), bytes("short"), NOW, NOW.plusSeconds(1));
            return null;
        });
        assertEquals(alice, tokenUser("short"));
        assertNull(db.read(repo -> repo.accounts().userForToken(bytes("short"), NOW.plusSeconds(1))));
        db.write(repo -> {
            repo.accounts().revokeToken(bytes("token-alice"));
            return null;
        });
        assertNull(tokenUser("token-alice"));
        assertNull(tokenUser("never-issued"));
    }

    @Test
    void revokingOtherTokensKeepsOnlyTheGivenOne() {
        User alice = db.user("alice");
        db.write(repo -> {
            repo.accounts().insertToken(alice.id(), bytes("second"), NOW, NOW.plus(Duration.ofDays(1)));
            repo.accounts().insertToken(alice.id(), bytes("third"), NOW, NOW.plus(Duration.ofDays(1)));
            repo.accounts().revokeOtherTokens(alice.id(), bytes("second"));
            return null;
        });
        assertEquals(alice, tokenUser("second"));
        assertNull(tokenUser("third"));
        assertNull(tokenUser("token-alice"));
        db.write(repo -> {
            repo.accounts().revokeOtherTokens(alice.id(), null);
            return null;
        });
        assertNull(tokenUser("second"));
    }

    @Test
    void updatingTheProfileChangesOnlyWhatIsSet() {
        User alice = db.user("alice");
        User withEmail = db.write(repo -> repo.accounts().updateProfile(alice.id(), true, "a@example.com", null, null, 0));
        assertEquals("a@example.com", withEmail.email());
        User newPassword = db.write(repo -> repo.accounts().updateProfile(alice.id(), false, null, bytes("s2"), bytes("h2"), 7));
        assertEquals("a@example.com", newPassword.email());
        Credentials c = db.read(repo -> repo.accounts().credentials(alice.id()));
        assertArrayEquals(bytes("h2"), c.hash());
        assertEquals(7, c.iterations());
        assertNull(db.write(repo -> repo.accounts().updateProfile(alice.id(), true, null, null, null, 0)).email());
    }

    @Test
    void deletingAUserDeletesOwnedListsAndLeavesSharedOnes() {
        User alice = db.user("alice");
        User bob = db.user("bob");
        long aliceList = db.firstList(alice).id();
        long bobList = db.firstList(bob).id();
        db.write(repo -> repo.lists().share(alice.id(), aliceList, "bob"));
        db.write(repo -> repo.lists().share(bob.id(), bobList, "alice"));

        List<ListChange> changes = db.write(repo -> repo.accounts().deleteUser(alice.id()));
        assertEquals(2, changes.size());
        ListChange owned = changes.get(0);
        assertEquals(aliceList, owned.before().id());
        assertNull(owned.after());
        assertTrue(owned.before().hasMember(bob.id()));
        ListChange shared = changes.get(1);
        assertEquals(bobList, shared.before().id());
        assertTrue(shared.before().hasMember(alice.id()));
        assertEquals(List.of(new Member(bob.id(), "bob", Role.OWNER)), shared.after().members());

        assertNull(db.read(repo -> repo.accounts().findUser("alice")));
        assertNull(tokenUser("token-alice"));
        assertEquals(List.of(bobList), db.read(repo -> repo.lists().listsFor(bob.id())).stream().map(TodoList::id).toList());
        assertNotNull(db.user("alice"), "the name is free again");
    }
}
