package todo.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is online in each watched list on the other nodes: each node's last announced set, kept until that node
 * announces another or falls silent for {@link #TTL_NANOS} (a dead node's entries expire). Loop thread only.
 */
final class RemotePresence {
    /** Nodes announce every {@link NatsBus#HEARTBEAT_MILLIS}; three missed heartbeats and their entries go. */
    static final long TTL_MILLIS = 3 * NatsBus.HEARTBEAT_MILLIS;
    static final long TTL_NANOS = TTL_MILLIS * 1_000_000L;

    private record Entry(Set<String> names, long expires) {}

    private final Map<Long, Map<String, Entry>> byList = new HashMap<>();

    /** Records {@code node}'s set for the list; true when the union of the other nodes' sets changed. */
    boolean put(long list, String node, Set<String> names, long now) {
        Set<String> before = online(list);
        Map<String, Entry> nodes = byList.computeIfAbsent(list, k -> new HashMap<>());
        if (names.isEmpty()) {
            nodes.remove(node);
            if (nodes.isEmpty()) {
                byList.remove(list);
            }
        } else {
            nodes.put(node, new Entry(Set.copyOf(names), now + TTL_NANOS));
        }
        return !before.equals(online(list));
    }

    /** Drops the entries not renewed in time; returns the lists whose union changed. */
    List<Long> expire(long now) {
        List<Long> changed = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Map<String, Entry>>> it = byList.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Map<String, Entry>> list = it.next();
            Set<String> before = union(list.getValue());
            if (list.getValue().values().removeIf(e -> e.expires() - now < 0)) {
                if (!before.equals(union(list.getValue()))) {
                    changed.add(list.getKey());
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
        Map<String, Entry> nodes = byList.get(list);
        return nodes == null ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : union(nodes);
    }

    private static Set<String> union(Map<String, Entry> nodes) {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        nodes.values().forEach(e -> all.addAll(e.names()));
        return all;
    }
}
