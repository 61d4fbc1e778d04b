package todo.loop;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is online in each list (the distinct usernames of its signed-in subscribers whose subscribe has completed),
 * and which lists' online sets may have changed since they were last announced. Announcements are coalesced: a
 * burst of joins or leaves in one loop turn (a reconnect storm) costs one presence event per list instead of one
 * per session, which would be N events to up to N subscribers each. Holds state only; {@link FanOut} sends.
 * Loop thread only.
 */
final class Presence {
    /** Lists whose online set may have changed since the last flush. */
    private final Set<Long> changed = new LinkedHashSet<>();
    /** The online set last announced per list, so a presence event goes out only when it changes. */
    private final Map<Long, Set<String>> announced = new HashMap<>();
    /**
     * Per list, how many of this node's sessions of each user are online in it (signed in, subscribed, caught up).
     * Kept as sessions join and leave, so that reading a list's online set costs its distinct users, not its
     * sessions: a subscribe storm into a list of 1,000 subscribers was otherwise quadratic (10,000 connections
     * subscribing spent 96 % of the loop's time counting the others).
     */
    private final Map<Long, Map<String, Integer>> tally = new HashMap<>();
    private boolean flushQueued;

    /** Notes that the list's online set may have changed; true when the caller must queue a flush. */
    boolean markChanged(long listId) {
        changed.add(listId);
        if (flushQueued) {
            return false;
        }
        flushQueued = true;
        return true;
    }

    /** The lists marked since the last flush, in order; clears the marks. */
    List<Long> takeChanged() {
        flushQueued = false;
        List<Long> lists = List.copyOf(changed);
        changed.clear();
        return lists;
    }

    /** A session of {@code username} went online in the list (its catch-up ended). */
    void joined(long listId, String username) {
        tally.computeIfAbsent(listId, k -> new HashMap<>()).merge(username, 1, Integer::sum);
    }

    /** A session of {@code username} that was online in the list left it (unsubscribed, signed out, closed). */
    void left(long listId, String username) {
        Map<String, Integer> users = tally.get(listId);
        if (users == null) {
            return;
        }
        users.computeIfPresent(username, (u, n) -> n > 1 ? n - 1 : null);
        if (users.isEmpty()) {
            tally.remove(listId);
        }
    }

    /** Usernames online in the list on this node, sorted ignoring case, in a new mutable set. */
    Set<String> online(long listId) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(tally.getOrDefault(listId, Map.of()).keySet());
        return names;
    }

    /**
     * The same set counted from the subscribers themselves, in O(sessions): what {@link #online} must equal. For
     * assertions (the test suite runs with them on).
     */
    static Set<String> recount(Collection<Session> subscribers, long listId) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Session s : subscribers) {
            if (s.signedIn() && !s.catchingUp(listId)) {
                names.add(s.identity().username());
            }
        }
        return names;
    }

    /**
     * Records the list's current online set {@code now} (this node's and the other nodes'); returns it when it
     * differs from the last one announced (to be broadcast), else null. A list without subscribers here is forgotten.
     */
    Set<String> change(long listId, boolean noSubscribers, Set<String> now) {
        if (noSubscribers) {
            announced.remove(listId);
            return null;
        }
        Set<String> before = announced.put(listId, now);
        return now.equals(before) ? null : now;
    }

    /** The list is gone: forget what was announced for it. */
    void forget(long listId) {
        announced.remove(listId);
    }
}
