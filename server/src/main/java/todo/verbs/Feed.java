package todo.verbs;

import java.util.Map;
import java.util.Set;

/**
 * A live connection's own stream of list events, as {@code subscribe} needs it before its snapshot is read: the
 * events must be held from the moment the read is issued, so they cannot wait for the reply's effects.
 * It reaches no other connection. Loop thread only.
 */
public interface Feed {
    /** Subscribes this connection to the list and holds its events until {@link Effect.Subscribed} releases them. */
    void hold(long listId);

    /** The snapshot could not be read: the subscription started by {@link #hold} ends. */
    void cancel(long listId);

    /** Usernames online in the list now, in a new mutable set ordered ignoring case. */
    Set<String> online(long listId);

    /** Whether this connection is subscribed to the list (its snapshot may still be on its way). */
    boolean subscribed(long listId);

    /**
     * The editing marks in force in the list: per task id, in id order, the usernames editing it, ordered ignoring
     * case. A new map; never null.
     */
    Map<Long, Set<String>> editing(long listId);
}
