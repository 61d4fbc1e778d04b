package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static todo.store.TestDb.NOW;

import org.junit.jupiter.api.Test;
import todo.model.NewTask;
import todo.model.Task;
import todo.model.TaskPatch;
import todo.model.User;

/** Text must come back exactly as stored: astral emoji, right-to-left scripts, combining marks and NUL. */
class UnicodeTest extends AliceStoreTest {
    static final String EMOJI = "buy 🥛 and 👩‍👩‍👧‍👦 cake 🎂";
    static final String RTL = "שלום עולם – مرحبا بالعالم";
    static final String NUL = "before\u0000after\u0000";
    static final String MIXED = "e\u0301 ﬁ \uFEFF Z̤͔ͧ̑̓ä͖̭̈̇ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202Eevil\u202C " + NUL;


    private Task roundTrip(String name, String note) {
        Task created = db.write(repo -> repo.tasks().create(alice.id(), "alice", list,
            new NewTask(name, note, null, false, name), NOW).task());
        return db.read(repo -> repo.tasks().task(alice.id(), created.id()));
    }

    @Test
    void emojiRoundTripExactly() {
        Task t = roundTrip(EMOJI, EMOJI);
        assertEquals(EMOJI, t.name());
        assertEquals(EMOJI, t.note());
    }

    @Test
    void rightToLeftTextRoundTripsExactly() {
        Task t = roundTrip(RTL, RTL);
        assertEquals(RTL, t.name());
        assertEquals(RTL, t.note());
    }

    @Test
    void nulInsideStringsRoundTripsExactly() {
        Task t = roundTrip(NUL, "x" + NUL);
        assertEquals(NUL, t.name());
        assertEquals("x" + NUL, t.note());
        assertEquals(NUL.length(), t.name().length());
    }

    @Test
    void mixedTextRoundTripsThroughUpdatesTitlesEmailsAndKeys() {
        Task t = roundTrip("plain", "");
        Task updated = db.write(repo -> repo.tasks().update(alice.id(), "alice", t.id(),
            new TaskPatch(MIXED, MIXED, true, MIXED, null), null, NOW)).task();
        assertEquals(updated, db.read(repo -> repo.tasks().task(alice.id(), t.id())));
        assertEquals(MIXED, updated.note());
        assertEquals(MIXED, updated.due());

        String title = db.write(repo -> repo.lists().rename(alice.id(), list, MIXED)).after().title();
        assertEquals(MIXED, title);
        assertEquals(MIXED, db.read(repo -> repo.lists().listFor(alice.id(), list)).title());

        User withEmail = db.write(repo -> repo.accounts().updateProfile(alice.id(), true, MIXED, null, null, 0));
        assertEquals(MIXED, db.read(repo -> repo.accounts().findUser("alice")).email());
        assertEquals(withEmail, db.read(repo -> repo.accounts().findUser("alice")));

        // The idempotency key is text too: "x\0a" and "x\0b" must be different keys.
        long a = db.write(repo -> repo.tasks().create(alice.id(), "alice", list,
            new NewTask("a", "", null, false, "x\u0000a"), NOW)).task().id();
        long b = db.write(repo -> repo.tasks().create(alice.id(), "alice", list,
            new NewTask("b", "", null, false, "x\u0000b"), NOW)).task().id();
        assertNotEquals(a, b);
    }
}
