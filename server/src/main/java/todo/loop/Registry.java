package todo.loop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Open sessions, and the signed-in ones by user id. Loop thread only. */
final class Registry {
    private final Set<Session> open = new LinkedHashSet<>();
    private final Map<Long, Set<Session>> byUser = new HashMap<>();

    void opened(Session s) {
        open.add(s);
    }

    void closed(Session s) {
        open.remove(s);
        signedOut(s);
    }

    int size() {
        return open.size();
    }

    List<Session> all() {
        return new ArrayList<>(open);
    }

    void signedIn(Session s) {
        byUser.computeIfAbsent(s.userId, k -> new LinkedHashSet<>()).add(s);
    }

    void signedOut(Session s) {
        if (s.username == null) {
            return;
        }
        Set<Session> set = byUser.get(s.userId);
        if (set != null && set.remove(s) && set.isEmpty()) {
            byUser.remove(s.userId);
        }
    }

    /** A snapshot copy of the user's open signed-in sessions (safe to close them while iterating). */
    List<Session> ofUser(long userId) {
        Set<Session> set = byUser.get(userId);
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** The user's sessions signed in with the token whose hash is {@code tokenHash}. */
    List<Session> withToken(long userId, byte[] tokenHash) {
        return ofUser(userId).stream().filter(s -> Arrays.equals(s.tokenHash, tokenHash)).toList();
    }
}
