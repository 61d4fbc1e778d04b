package todo.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which sessions receive which list's events, and who is online in each list: the distinct usernames of the
 * signed-in sessions subscribed to it. Loop thread only.
 */
final class Subscriptions {
    private final Map<Long, Set<Session>> byList = new HashMap<>();
    /** The online set last announced per list, so a presence event goes out only when it changes. */
    private final Map<Long, Set<String>> announced = new HashMap<>();

    void add(Session s, long listId) {
        byList.computeIfAbsent(listId, k -> new LinkedHashSet<>()).add(s);
        s.subscriptions.add(listId);
    }

    void remove(Session s, long listId) {
        s.subscriptions.remove(listId);
        s.forget(listId);
        Set<Session> set = byList.get(listId);
        if (set != null && set.remove(s) && set.isEmpty()) {
            byList.remove(listId);
        }
    }

    /** Drops every subscription of {@code s}; returns the lists it had. */
    List<Long> removeAll(Session s) {
        List<Long> lists = new ArrayList<>(s.subscriptions);
        lists.forEach(id -> remove(s, id));
        return lists;
    }

    /** Drops every subscription to the list; returns the sessions that had one. */
    List<Session> dropList(long listId) {
        List<Session> sessions = subscribers(listId);
        sessions.forEach(s -> remove(s, listId));
        announced.remove(listId);
        return sessions;
    }

    private List<Session> subscribers(long listId) {
        Set<Session> set = byList.get(listId);
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** The live set, for broadcasting without a copy per event: the caller must not subscribe or unsubscribe. */
    Set<Session> subscribersView(long listId) {
        return byList.getOrDefault(listId, Set.of());
    }

    /**
     * Usernames online in the list now, sorted: signed-in subscribers whose subscribe has completed (a session
     * still waiting for its snapshot may turn out not to be a member, and must not show up).
     */
    Set<String> online(long listId) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Session s : byList.getOrDefault(listId, Set.of())) {
            if (s.signedIn() && !s.catchingUp(listId)) {
                names.add(s.username);
            }
        }
        return names;
    }

    /**
     * Records the list's current online set; returns it when it differs from the last one announced
     * (the caller broadcasts it), else null.
     */
    Set<String> presenceChange(long listId) {
        Set<String> now = online(listId);
        if (!byList.containsKey(listId)) {
            announced.remove(listId);
            return null;
        }
        Set<String> before = announced.put(listId, now);
        return now.equals(before) ? null : now;
    }
}
