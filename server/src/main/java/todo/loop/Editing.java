package todo.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is editing which task (awareness): the marks that {@code task.editing} sets, one per connection and task,
 * never stored and never given a rev. A user is editing a task while at least one of their connections holds a
 * mark on it. Marks exist only on subscribed connections, so whatever ends a subscription (unsubscribe, sign-out,
 * close, removal from the list) ends its marks; {@link Awareness} also drops them when the task is deleted or the
 * user becomes a viewer, and after the timeout without a repeat. Every method that changes marks answers whether
 * the set of users editing the task changed, which is when an {@code editing} event goes out. Holds state only;
 * {@link Awareness} times and announces. Loop thread only.
 */
final class Editing {
    /** A task of a list, whose editors may have changed. */
    record TaskRef(long list, long task) {}

    /** One connection's mark on one task: who, and until when (nanoTime) it holds without a repeat. */
    static final class Mark {
        final long userId;
        final String username;
        long expiresNanos;

        Mark(long userId, String username, long expiresNanos) {
            this.userId = userId;
            this.username = username;
            this.expiresNanos = expiresNanos;
        }
    }

    /** list id, then task id, then the sessions holding a mark on it. */
    private final Map<Long, Map<Long, Map<Session, Mark>>> byList = new HashMap<>();

    /**
     * Sets or renews the session's mark on the task until {@code expiresNanos}. Answers the mark when it is new
     * (the caller times it), null when an existing one was renewed.
     */
    Mark set(Session s, long list, long task, long expiresNanos) {
        Map<Session, Mark> marks = byList.computeIfAbsent(list, k -> new HashMap<>())
                .computeIfAbsent(task, k -> new LinkedHashMap<>());
        Mark m = marks.get(s);
        if (m != null) {
            m.expiresNanos = expiresNanos;
            return null;
        }
        m = new Mark(s.userId(), s.identity().username(), expiresNanos);
        marks.put(s, m);
        return m;
    }

    /** The session's mark on the task, or null. */
    Mark get(Session s, long list, long task) {
        Map<Session, Mark> marks = marks(list, task);
        return marks == null ? null : marks.get(s);
    }

    /** Clears the session's mark on the task; answers whether the task's editors changed. */
    boolean clear(Session s, long list, long task) {
        Map<Session, Mark> marks = marks(list, task);
        if (marks == null || !marks.containsKey(s)) {
            return false;
        }
        Set<String> before = users(marks);
        marks.remove(s);
        boolean changed = !before.equals(users(marks));
        prune(list, task);
        return changed;
    }

    /** Clears the session's marks in the list; answers the tasks whose editors changed. */
    List<Long> clearSession(Session s, long list) {
        return clearWhere(list, (session, mark) -> session == s);
    }

    /** Clears the user's marks in the list, on every session; answers the tasks whose editors changed. */
    List<Long> clearUser(long list, long userId) {
        return clearWhere(list, (session, mark) -> mark.userId == userId);
    }

    /** Clears every mark on the task; answers whether anyone was editing it. */
    boolean clearTask(long list, long task) {
        Map<Session, Mark> marks = marks(list, task);
        if (marks == null) {
            return false;
        }
        byList.get(list).remove(task);
        prune(list, task);
        return !marks.isEmpty();
    }

    /** Forgets the list's marks without telling anyone (the list is gone). */
    void forget(long list) {
        byList.remove(list);
    }

    /** The usernames editing the task now, ordered ignoring case; empty when nobody is. */
    Set<String> users(long list, long task) {
        Map<Session, Mark> marks = marks(list, task);
        return marks == null ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : users(marks);
    }

    /** Every task of the list with marks, in id order, with the usernames editing it. */
    Map<Long, Set<String>> inList(long list) {
        Map<Long, Set<String>> out = new TreeMap<>();
        byList.getOrDefault(list, Map.of()).forEach((task, marks) -> out.put(task, users(marks)));
        return out;
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private interface Which {
        boolean test(Session s, Mark m);
    }

    private List<Long> clearWhere(long list, Which which) {
        Map<Long, Map<Session, Mark>> tasks = byList.get(list);
        if (tasks == null) {
            return List.of();
        }
        List<Long> changed = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Map<Session, Mark>>> it = tasks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Map<Session, Mark>> e = it.next();
            Set<String> before = users(e.getValue());
            if (e.getValue().entrySet().removeIf(m -> which.test(m.getKey(), m.getValue()))) {
                if (!before.equals(users(e.getValue()))) {
                    changed.add(e.getKey());
                }
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        if (tasks.isEmpty()) {
            byList.remove(list);
        }
        return changed;
    }

    private Map<Session, Mark> marks(long list, long task) {
        Map<Long, Map<Session, Mark>> tasks = byList.get(list);
        return tasks == null ? null : tasks.get(task);
    }

    /** Drops empty maps, so that a list nobody edits costs nothing. */
    private void prune(long list, long task) {
        Map<Long, Map<Session, Mark>> tasks = byList.get(list);
        if (tasks == null) {
            return;
        }
        Map<Session, Mark> marks = tasks.get(task);
        if (marks != null && marks.isEmpty()) {
            tasks.remove(task);
        }
        if (tasks.isEmpty()) {
            byList.remove(list);
        }
    }

    private static Set<String> users(Map<Session, Mark> marks) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        marks.values().forEach(m -> names.add(m.username));
        return names;
    }
}
