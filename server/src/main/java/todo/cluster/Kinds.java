package todo.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import todo.verbs.Effect;

/**
 * Every effect that travels between nodes: its name on the wire, its record, and where it goes. An effect of a
 * list's rev sequence goes on the list's subject and is delivered in rev order ({@link ListFeeds}); one for users
 * goes on each user's subject, and a node applies it once however many of those subjects it hears it on. To share
 * a new {@link Effect} record, add one line to {@link #ALL}; an effect not listed is applied only on the node that
 * made it. Immutable; any thread.
 */
final class Kinds {
    private Kinds() {}

    /** One kind of shared effect. Exactly one of {@code list} (with {@code rev}) or {@code users} is non-null. */
    record Kind<E extends Effect>(String name, Class<E> type, ToLongFunction<E> list, ToLongFunction<E> rev,
                                  Function<E, Set<Long>> users) {

        /** Part of a list's rev sequence: on {@code todo.list.<id>}, in rev order, gaps filled from {@code changes}. */
        static <E extends Effect> Kind<E> ofList(String name, Class<E> type, ToLongFunction<E> list,
                                                 ToLongFunction<E> rev) {
            return new Kind<>(name, type, list, rev, null);
        }

        /** For users: on {@code todo.user.<id>} of each user named. */
        static <E extends Effect> Kind<E> ofUsers(String name, Class<E> type, Function<E, Set<Long>> users) {
            return new Kind<>(name, type, null, null, users);
        }

        long listOf(Effect e) {
            return list.applyAsLong(type.cast(e));
        }

        long revOf(Effect e) {
            return rev.applyAsLong(type.cast(e));
        }

        Set<Long> usersOf(Effect e) {
            return users.apply(type.cast(e));
        }
    }

    static final List<Kind<?>> ALL = List.of(
        Kind.ofList("task", Effect.TaskChanged.class, e -> e.event().list(), e -> e.event().rev()),
        Kind.ofUsers("list", Effect.ListChanged.class, e -> union(e.gained(), e.lost(), e.kept())),
        Kind.ofUsers("close", Effect.CloseSessions.class, e -> Set.of(e.userId())));

    /** The kind of {@code e}, or null when it is not shared. */
    static Kind<?> of(Effect e) {
        for (Kind<?> k : ALL) {
            if (k.type().isInstance(e)) {
                return k;
            }
        }
        return null;
    }

    static Kind<?> named(String name) {
        for (Kind<?> k : ALL) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    @SafeVarargs
    private static Set<Long> union(Set<Long>... sets) {
        Set<Long> all = new HashSet<>();
        for (Set<Long> s : sets) {
            all.addAll(s);
        }
        return all;
    }
}
