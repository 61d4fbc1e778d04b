package todo.loop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import todo.verbs.Effect;

/**
 * Where {@link FanOut} hands the effects that concern sessions on any node, and tells which lists and users have
 * sessions here. {@link #LOCAL} (one node, no bus) applies them at once, as if there were no bus; a cluster bus
 * ({@code todo.cluster.NatsBus}) publishes them after commit and applies them here through the same path as the
 * effects it receives from other nodes. Every method is called on the loop thread; a bus calls its
 * {@link Sink} on the loop thread only.
 */
public interface Bus {

    /** How a bus reaches this node's sessions. Implemented by {@link FanOut}; loop thread. */
    interface Sink {
        /** Applies an effect, from this node or another, to the sessions here. */
        void deliver(Effect e);

        /** The online set of the list on other nodes changed: announce the union again. */
        void remoteOnlineChanged(long listId);

        /** Who is editing these tasks of the list on other nodes changed: announce their editors again. */
        void remoteEditingChanged(long listId, Set<Long> taskIds);

        /** This node cannot deliver the list's events without a gap: its subscribers must resync. */
        void resync(long listId);

        /** The users subscribed here, by list (new maps and sets: the caller may keep them). */
        Map<Long, Set<Long>> subscribedUsers();

        /** The token hashes of the signed-in sessions here, by user (new collections). */
        Map<Long, List<byte[]>> signedInTokens();

        /**
         * The user is no longer a member of the list (or it is gone), and the effect that said so never arrived:
         * {@code list.removed} to the user's sessions here, and their subscriptions to it end.
         */
        void revoke(long listId, long userId);
    }

    /** Called once, before any other method, with where to deliver. */
    void attach(Sink sink);

    /** Whether {@code e} goes through {@link #publish} (it concerns sessions on any node) or is applied here only. */
    boolean shares(Effect e);

    /** A committed effect that {@link #shares} is true for: deliver it here and on every node concerned. */
    void publish(Effect e);

    /** The list has its first subscriber here ({@link #unwatchList}: its last one left). */
    void watchList(long listId);

    void unwatchList(long listId);

    /** The user has a first signed-in session here ({@link #unwatchUser}: the last one is gone). */
    void watchUser(long userId);

    void unwatchUser(long userId);

    /**
     * A subscriber's snapshot of the list is at {@code rev}. {@code resume} gets, on the loop, now or later, the
     * task events (as effects, in rev order) that the subscriber may have missed and that are not in its held
     * events, or null when they could not be read (the subscriber must then resync).
     */
    void caughtUp(long listId, long rev, Consumer<List<Effect>> resume);

    /** The list's online set here, after a change of it (or an empty set when no one here subscribes). */
    void localOnline(long listId, Set<String> online);

    /** Usernames online in the list on other nodes (a new set, possibly empty). */
    Set<String> remoteOnline(long listId);

    /** The list's editing marks here, by task id, after a change of them (an empty map when none is left). */
    void localEditing(long listId, Map<Long, Set<String>> editors);

    /** Who is editing each task of the list on other nodes (a new map, possibly empty; tasks with nobody left out). */
    Map<Long, Set<String>> remoteEditing(long listId);

    /** One node, no bus: every effect is applied here, now. */
    Bus LOCAL = new Bus() {
        @Override
        public void attach(Sink sink) {}

        @Override
        public boolean shares(Effect e) {
            return false;
        }

        @Override
        public void publish(Effect e) {
            throw new IllegalStateException("a local bus shares no effect");
        }

        @Override
        public void watchList(long listId) {}

        @Override
        public void unwatchList(long listId) {}

        @Override
        public void watchUser(long userId) {}

        @Override
        public void unwatchUser(long userId) {}

        @Override
        public void caughtUp(long listId, long rev, Consumer<List<Effect>> resume) {
            resume.accept(List.of());
        }

        @Override
        public void localOnline(long listId, Set<String> online) {}

        @Override
        public void localEditing(long listId, Map<Long, Set<String>> editors) {}

        @Override
        public Map<Long, Set<String>> remoteEditing(long listId) {
            return new HashMap<>();
        }

        @Override
        public Set<String> remoteOnline(long listId) {
            return Set.of();
        }
    };
}
