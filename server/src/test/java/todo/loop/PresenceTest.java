package todo.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-list tally behind presence: a user is online while at least one of their sessions is. */
class PresenceTest {
    private final Presence presence = new Presence();

    @Test
    void aUserWithTwoSessionsLeavesOnlyWithTheSecond() {
        presence.joined(1, "bob");
        presence.joined(1, "bob");
        presence.left(1, "bob");
        assertEquals(Set.of("bob"), presence.online(1));
        presence.left(1, "bob");
        assertTrue(presence.online(1).isEmpty());
    }

    @Test
    void listsAreCountedApartAndNamesSortIgnoringCase() {
        presence.joined(1, "bob");
        presence.joined(1, "Alice");
        presence.joined(2, "carol");
        assertEquals(List.of("Alice", "bob"), List.copyOf(presence.online(1)));
        assertEquals(Set.of("carol"), presence.online(2));
    }

    @Test
    void leavingAListNobodyJoinedChangesNothing() {
        presence.joined(1, "bob");
        presence.left(1, "dave");
        presence.left(3, "bob");
        assertEquals(Set.of("bob"), presence.online(1));
        assertTrue(presence.online(3).isEmpty());
    }

    @Test
    void theSetReturnedIsTheCallersToChange() {
        presence.joined(1, "bob");
        presence.online(1).add("mallory");
        assertEquals(Set.of("bob"), presence.online(1));
    }
}
