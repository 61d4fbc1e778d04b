package todo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Other nodes' online sets and editing marks: the union clients see, what changed in it, and expiry. */
class RemotePresenceTest {
    final RemotePresence remote = new RemotePresence();

    @Test
    void editorsOfATaskAreTheUnionOfTheNodesAndOnlyTheirChangeIsReported() {
        RemotePresence.Changed first = remote.put(1, "a", Set.of("alice"), Map.of(7L, Set.of("alice")), 0);
        assertTrue(first.online());
        assertEquals(Set.of(7L), first.tasks());
        RemotePresence.Changed second = remote.put(1, "b", Set.of("bob"), Map.of(7L, Set.of("bob"), 8L, Set.of("bob")), 0);
        assertEquals(Set.of(7L, 8L), second.tasks());
        assertEquals(Map.of(7L, Set.of("alice", "bob"), 8L, Set.of("bob")), remote.editing(1));
        RemotePresence.Changed same = remote.put(1, "b", Set.of("bob"), Map.of(7L, Set.of("bob"), 8L, Set.of("bob")), 0);
        assertFalse(same.any(), "a heartbeat that changes nothing reports nothing");
    }

    @Test
    void aSilentNodesMarksExpireWithItsPresence() {
        remote.put(1, "a", Set.of("alice"), Map.of(7L, Set.of("alice")), 0);
        assertEquals(List.of(), remote.expire(RemotePresence.TTL_NANOS - 1));
        List<RemotePresence.Changed> expired = remote.expire(RemotePresence.TTL_NANOS + 1);
        assertEquals(1, expired.size());
        assertTrue(expired.get(0).online());
        assertEquals(Set.of(7L), expired.get(0).tasks());
        assertEquals(Map.of(), remote.editing(1));
    }

    @Test
    void anAnnouncementWithNobodyLeftDropsTheNode() {
        remote.put(1, "a", Set.of("alice"), Map.of(7L, Set.of("alice")), 0);
        RemotePresence.Changed gone = remote.put(1, "a", Set.of(), Map.of(), 0);
        assertTrue(gone.online());
        assertEquals(Set.of(7L), gone.tasks());
        assertEquals(Set.of(), remote.online(1));
    }
}
