package todo.loop;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.model.ListChange;
import todo.model.Role;
import todo.model.TaskEvent;
import todo.model.TodoList;
import todo.protocol.Wire;
import todo.verbs.Effect;
import todo.verbs.Feed;
import todo.verbs.Identity;

/**
 * Who receives what, and the one place where verbs' effects reach sessions: the open sessions, the signed-in ones
 * by user, the subscribers by list (with their presence and, through {@link Awareness}, editing marks). Every
 * event is serialised once and the same text goes to every recipient, each send isolated so that one failing
 * recipient never affects the others. Loop thread only.
 */
final class FanOut {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final Executor loop;
    private final Presence presence = new Presence();
    private final Awareness awareness;
    private final Set<Session> open = new LinkedHashSet<>();
    private final Map<Long, Set<Session>> byUser = new HashMap<>();
    private final Map<Long, Set<Session>> byList = new HashMap<>();

    /**
     * @param loop                 the event loop, to defer presence and editing announcements to the end of the
     *                             current turn, and to run editing marks' timeouts on
     * @param editingTimeoutMillis how long an editing mark lasts without a repeat
     */
    FanOut(Executor loop, long editingTimeoutMillis) {
        this.loop = loop;
        this.awareness = new Awareness(loop, editingTimeoutMillis, (list, json) -> toList(list, 0, json));
    }

    // ---- sessions coming and going -------------------------------------------------------------------------

    void opened(Session s) {
        open.add(s);
        s.attach(new SessionFeed(s), effects -> apply(s, effects));
    }

    void closed(Session s) {
        open.remove(s);
        List<Long> lists = unsubscribeAll(s);
        unindexUser(s);
        lists.forEach(this::presenceChanged);
    }

    int size() {
        return open.size();
    }

    // ---- effects -------------------------------------------------------------------------------------------

    /**
     * Applies a verb's effects, in order, after its reply was queued. {@code origin} is the session the verb
     * ran for ("this connection"), or null when it ran for a caller that is not a live connection.
     */
    void apply(Session origin, List<Effect> effects) {
        for (int i = 0; i < effects.size(); i++) { // indexed: no iterator per request on the hot path
            Effect e = effects.get(i);
            try {
                apply(origin, e);
            } catch (RuntimeException ex) {
                log.error("applying {} failed", e.getClass().getSimpleName(), ex);
            }
        }
    }

    private void apply(Session origin, Effect e) {
        if (e instanceof Effect.TaskChanged t) {
            TaskEvent event = t.event();
            toList(event.list(), event.rev(), Wire.taskEvent(event));
            if (event.kind() == TaskEvent.Kind.DELETED) {
                awareness.taskDeleted(event.list(), event.task().id());
            }
        } else if (e instanceof Effect.ListChanged c) {
            listChanged(c);
        } else if (e instanceof Effect.CloseSessions c) {
            closeSessions(c);
        } else if (origin == null) {
            log.debug("{} has no connection to apply to", e);
        } else if (e instanceof Effect.SignedIn in) {
            signIn(origin, new Identity(in.user().id(), in.user().username(), in.tokenHash()));
        } else if (e instanceof Effect.SignedOut) {
            signOut(origin);
        } else if (e instanceof Effect.Subscribed sub) {
            if (origin.subscribedTo(sub.listId()) && origin.catchingUp(sub.listId())) {
                origin.endCatchUp(sub.listId(), sub.rev());
                presenceChanged(sub.listId());
            }
        } else if (e instanceof Effect.Unsubscribed u) {
            unsubscribe(origin, u.listId());
            presenceChanged(u.listId());
        } else if (e instanceof Effect.EditingMarked m) {
            awareness.mark(origin, m.listId(), m.taskId(), m.editing());
        }
    }

    private void signIn(Session s, Identity who) {
        if (s.closed()) {
            return;
        }
        if (s.signedIn()) {
            signOut(s);
        }
        s.signIn(who);
        byUser.computeIfAbsent(who.userId(), k -> new LinkedHashSet<>()).add(s);
        log.info("signed in {}", s);
    }

    private void signOut(Session s) {
        List<Long> lists = unsubscribeAll(s);
        unindexUser(s);
        s.signOut();
        lists.forEach(this::presenceChanged);
    }

    /** Signs the chosen sessions out and closes them, each after its pending replies. */
    private void closeSessions(Effect.CloseSessions c) {
        for (Session s : ofUser(c.userId())) {
            boolean sameToken = Arrays.equals(s.identity().tokenHash(), c.tokenHash());
            boolean chosen = switch (c.which()) {
                case ALL -> true;
                case WITH_TOKEN -> sameToken;
                case EXCEPT_TOKEN -> !sameToken;
            };
            if (chosen) {
                signOut(s);
                s.close(CloseCodes.SIGNED_OUT, c.why().reason());
            }
        }
    }

    /** Tells every member what happened to a list, and ends the subscriptions of those who lost it. */
    private void listChanged(Effect.ListChanged c) {
        ListChange change = c.change();
        TodoList before = change.before();
        TodoList after = change.after();
        long id = after != null ? after.id() : before.id();
        if (after != null) {
            JsonObject list = Wire.list(after);
            toUsers(c.gained(), Wire.listEvent("list.added", list));
            // Members compare with their roles: a role change is a change every member hears of at once.
            boolean changed = before != null
                    && (!after.title().equals(before.title()) || !after.members().equals(before.members()));
            if (before != null && changed) {
                toUsers(c.kept(), Wire.listEvent("list.updated", list));
            }
        }
        toUsers(c.lost(), Wire.listEvent("list.removed", Wire.listRef(id)));
        if (after == null) {
            awareness.listDeleted(id);
            for (Session s : subscribers(id)) {
                unsubscribe(s, id);
            }
            presence.forget(id);
            return;
        }
        boolean presenceMayChange = false;
        for (long user : c.lost()) {
            for (Session s : ofUser(user)) {
                if (s.subscribedTo(id)) {
                    unsubscribe(s, id);
                    presenceMayChange = true;
                }
            }
        }
        if (presenceMayChange) {
            presenceChanged(id);
        }
        for (long user : c.kept()) {
            Role role = after.roleOf(user);
            if (role != null && !role.canChange() && before.roleOf(user) != role) {
                awareness.demoted(id, user);
            }
        }
    }

    // ---- sending -------------------------------------------------------------------------------------------

    /** To every session subscribed to the list; {@code rev} is the task event's rev, 0 for presence. */
    private void toList(long listId, long rev, JsonObject event) {
        toList(listId, rev, event.toString());
    }

    private void toList(long listId, long rev, String text) {
        for (Session s : byList.getOrDefault(listId, Set.of())) {
            try {
                s.pushListEvent(listId, rev, text);
            } catch (RuntimeException e) {
                log.warn("event to {} failed", s, e);
            }
        }
    }

    /** To every open session of each user, subscribed or not. */
    private void toUsers(Collection<Long> userIds, JsonObject event) {
        String text = event.toString();
        for (long id : userIds) {
            for (Session s : byUser.getOrDefault(id, Set.of())) {
                try {
                    s.push(text);
                } catch (RuntimeException e) {
                    log.warn("event to {} failed", s, e);
                }
            }
        }
    }

    /**
     * Notes that the list's online set may have changed. The announcement goes out from a task queued behind what
     * the loop already has to do, so that a burst of changes costs one announcement (see {@link Presence}).
     */
    private void presenceChanged(long listId) {
        if (presence.markChanged(listId)) {
            loop.execute(this::announcePresence);
        }
    }

    private void announcePresence() {
        for (long listId : presence.takeChanged()) {
            Set<String> online = presence.change(listId, byList.getOrDefault(listId, Set.of()));
            if (online != null) {
                toList(listId, 0, Wire.presence(listId, online));
            }
        }
    }

    // ---- the indexes ---------------------------------------------------------------------------------------

    private void subscribe(Session s, long listId) {
        byList.computeIfAbsent(listId, k -> new LinkedHashSet<>()).add(s);
        s.subscribed(listId);
    }

    /** Ends the subscription, and with it the session's editing marks in the list. */
    private void unsubscribe(Session s, long listId) {
        s.unsubscribed(listId);
        Set<Session> set = byList.get(listId);
        if (set != null && set.remove(s) && set.isEmpty()) {
            byList.remove(listId);
        }
        awareness.left(s, listId);
    }

    /** Drops every subscription of {@code s}; returns the lists it had. */
    private List<Long> unsubscribeAll(Session s) {
        List<Long> lists = s.subscribedLists();
        lists.forEach(id -> unsubscribe(s, id));
        return lists;
    }

    private void unindexUser(Session s) {
        if (!s.signedIn()) {
            return;
        }
        Set<Session> set = byUser.get(s.userId());
        if (set != null && set.remove(s) && set.isEmpty()) {
            byUser.remove(s.userId());
        }
    }

    /** A copy of the user's signed-in sessions (safe to close them while iterating). */
    private List<Session> ofUser(long userId) {
        Set<Session> set = byUser.get(userId);
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** A copy of the list's subscribers (safe to unsubscribe them while iterating). */
    private List<Session> subscribers(long listId) {
        Set<Session> set = byList.get(listId);
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** A session's own view, for {@code subscribe}: it reaches no other session. */
    private final class SessionFeed implements Feed {
        private final Session s;

        SessionFeed(Session s) {
            this.s = s;
        }

        @Override
        public void hold(long listId) {
            subscribe(s, listId);
            s.beginCatchUp(listId);
        }

        @Override
        public void cancel(long listId) {
            if (s.catchingUp(listId)) {
                unsubscribe(s, listId);
                presenceChanged(listId);
            }
        }

        @Override
        public Set<String> online(long listId) {
            return Presence.online(byList.getOrDefault(listId, Set.of()), listId);
        }

        @Override
        public boolean subscribed(long listId) {
            return s.subscribedTo(listId);
        }

        @Override
        public Map<Long, Set<String>> editing(long listId) {
            return awareness.inList(listId);
        }
    }
}
