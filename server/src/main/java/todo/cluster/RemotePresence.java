package todo.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is online, and who is editing which task, in each watched list on the other nodes: each node's last
 * announcement, kept until that node announces another or falls silent for {@link #TTL_NANOS} (a dead node's
 * entries expire). Loop thread only.
 */
final class RemotePresence {
    /** Nodes announce every {@link NatsBus#HEARTBEAT_MILLIS}; three missed heartbeats and their entries go. */
    static final long TTL_MILLIS = 3 * NatsBus.HEARTBEAT_MILLIS;
    static final long TTL_NANOS = TTL_MILLIS * 1_000_000L;

    /** What changed in a list's union: its online set, and the tasks whose editors changed. */
    record Changed(long list, boolean online, Set<Long> tasks) {
        boolean any() {
            return online || !tasks.isEmpty();
        }
    }

    private record Entry(Set<String> names, Map<Long, Set<String>> editing, long expires) {}

    private final Map<Long, Map<String, Entry>> byList = new HashMap<>();

    /** Records {@code node}'s announcement for the list; answers what changed in the union of the other nodes'. */
    Changed put(long list, String node, Set<String> names, Map<Long, Set<String>> editing, long now) {
        Map<String, Entry> nodes = byList.computeIfAbsent(list, k -> new HashMap<>());
        Map<String, Entry> before = new HashMap<>(nodes);
        if (names.isEmpty() && editing.isEmpty()) {
            nodes.remove(node);
            if (nodes.isEmpty()) {
                byList.remove(list);
            }
        } else {
            nodes.put(node, new Entry(Set.copyOf(names), Map.copyOf(editing), now + TTL_NANOS));
        }
        return diff(list, before, nodes);
    }

    /** Drops the entries not renewed in time; answers what changed, for each list whose union did. */
    List<Changed> expire(long now) {
        List<Changed> changed = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Map<String, Entry>>> it = byList.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Map<String, Entry>> list = it.next();
            Map<String, Entry> before = new HashMap<>(list.getValue());
            if (list.getValue().values().removeIf(e -> e.expires() - now < 0)) {
                Changed c = diff(list.getKey(), before, list.getValue());
                if (c.any()) {
                    changed.add(c);
                }
            }
            if (list.getValue().isEmpty()) {
                it.remove();
            }
        }
        return changed;
    }

    /** The list is no longer watched here: what other nodes said of it is not needed. */
    void forget(long list) {
        byList.remove(list);
    }

    /** The usernames online in the list on other nodes, in a new set ordered ignoring case. */
    Set<String> online(long list) {
        return names(byList.getOrDefault(list, Map.of()));
    }

    /** Who is editing each task of the list on other nodes, in a new map. */
    Map<Long, Set<String>> editing(long list) {
        return editing(byList.getOrDefault(list, Map.of()));
    }

    private static Changed diff(long list, Map<String, Entry> before, Map<String, Entry> after) {
        Map<Long, Set<String>> was = editing(before);
        Map<Long, Set<String>> is = editing(after);
        Set<Long> tasks = new HashSet<>(was.keySet());
        tasks.addAll(is.keySet());
        tasks.removeIf(task -> was.getOrDefault(task, Set.of()).equals(is.getOrDefault(task, Set.of())));
        return new Changed(list, !names(before).equals(names(after)), tasks);
    }

    private static Set<String> names(Map<String, Entry> nodes) {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        nodes.values().forEach(e -> all.addAll(e.names()));
        return all;
    }

    private static Map<Long, Set<String>> editing(Map<String, Entry> nodes) {
        Map<Long, Set<String>> all = new TreeMap<>();
        for (Entry e : nodes.values()) {
            e.editing().forEach((task, users) ->
                all.computeIfAbsent(task, t -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)).addAll(users));
        }
        return all;
    }
}
