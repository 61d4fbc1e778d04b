package todo.loop;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import todo.protocol.JsonText;
import todo.protocol.Wire;
import todo.verbs.Effect;
import todo.verbs.Feed;
import todo.verbs.Identity;

/**
 * Who receives what, and the one place where verbs' effects reach sessions: the open sessions, the signed-in ones
 * by user, the subscribers by list (with their presence and, through {@link Awareness}, editing marks). Every
 * event is serialised once and the same text goes to every recipient, each send isolated so that one failing
 * recipient never affects the others. Effects that concern sessions on any node go through the {@link Bus}, which
 * delivers them back here ({@link Bus.Sink}) on this node and on the others. Loop thread only.
 */
final class FanOut implements Bus.Sink {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final Executor loop;
    private final Bus bus;
    private final Presence presence = new Presence();
    private final Awareness awareness;
    private final Set<Session> open = new LinkedHashSet<>();
    private final Map<Long, Set<Session>> byUser = new HashMap<>();
    private final Map<Long, Set<Session>> byList = new HashMap<>();

    /**
     * @param loop                 the event loop, to defer presence and editing announcements to the end of the
     *                             current turn, and to run editing marks' timeouts on
     * @param bus                  where shared effects go ({@link Bus#LOCAL} on a single node)
     * @param editingTimeoutMillis how long an editing mark lasts without a repeat
     */
    FanOut(Executor loop, Bus bus, long editingTimeoutMillis) {
        this.loop = loop;
        this.bus = bus;
        this.awareness = new Awareness(loop, editingTimeoutMillis, (list, json) -> toList(list, 0, json), bus);
        bus.attach(this);
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
        if (bus.shares(e)) {
            bus.publish(e);
        } else if (deliverShared(e)) {
            return;
        } else if (origin == null) {
            log.debug("{} has no connection to apply to", e);
        } else if (e instanceof Effect.SignedIn in) {
            signIn(origin, new Identity(in.user().id(), in.user().username(), in.tokenHash()));
        } else if (e instanceof Effect.SignedOut) {
            signOut(origin);
        } else if (e instanceof Effect.Subscribed sub) {
            if (origin.subscribedTo(sub.listId()) && origin.catchingUp(sub.listId())) {
                Object catchUp = origin.catchUpToken(sub.listId());
                bus.caughtUp(sub.listId(), sub.rev(), missed -> goLive(origin, sub.listId(), sub.rev(), catchUp, missed));
            }
        } else if (e instanceof Effect.Unsubscribed u) {
            unsubscribe(origin, u.listId());
            presenceChanged(u.listId());
        } else if (e instanceof Effect.EditingMarked m) {
            awareness.mark(origin, m.listId(), m.taskId(), m.editing());
        }
    }

    /** The effects that concern other sessions, whichever node they come from; false for any other effect. */
    private boolean deliverShared(Effect e) {
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
        } else {
            return false;
        }
        return true;
    }

    /** Ends a subscriber's catch-up at its snapshot's rev, after the events it missed ({@link Bus#caughtUp}). */
    private void goLive(Session s, long listId, long rev, Object catchUp, List<Effect> missed) {
        if (!s.subscribedTo(listId) || s.catchUpToken(listId) != catchUp) {
            // Unsubscribed meanwhile, or subscribed again: that subscribe has its own catch-up.
            return;
        }
        if (missed == null) {
            mustResync(s, listId);
            return;
        }
        List<Session.Held> before = new ArrayList<>(missed.size());
        for (Effect e : missed) {
            if (e instanceof Effect.TaskChanged t) {
                before.add(new Session.Held(t.event().rev(), JsonText.of(Wire.taskEvent(t.event()))));
            }
        }
        s.endCatchUp(listId, rev, before);
        if (s.signedIn()) {
            presence.joined(listId, s.identity().username());
        }
        presenceChanged(listId);
    }

    private void mustResync(Session s, long listId) {
        unsubscribe(s, listId);
        presenceChanged(listId);
        s.close(CloseCodes.TRY_AGAIN_LATER, "missed changes: reconnect and resync");
    }

    // ---- from the bus (Bus.Sink) ---------------------------------------------------------------------------

    @Override
    public void deliver(Effect e) {
        try {
            if (!deliverShared(e)) {
                log.warn("{} from the bus has no shared meaning; ignored", e.getClass().getSimpleName());
            }
        } catch (RuntimeException ex) {
            log.error("applying {} from the bus failed", e.getClass().getSimpleName(), ex);
        }
    }

    @Override
    public void remoteOnlineChanged(long listId) {
        if (byList.containsKey(listId)) {
            presenceChanged(listId);
        }
    }

    @Override
    public void remoteEditingChanged(long listId, Set<Long> taskIds) {
        if (byList.containsKey(listId)) {
            awareness.remoteChanged(listId, taskIds);
        }
    }

    @Override
    public void resync(long listId) {
        for (Session s : subscribers(listId)) {
            mustResync(s, listId);
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
        byUser.computeIfAbsent(who.userId(), k -> {
            bus.watchUser(k);
            return new LinkedHashSet<>();
        }).add(s);
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

    @Override
    public Map<Long, Set<Long>> subscribedUsers() {
        Map<Long, Set<Long>> out = new HashMap<>();
        byList.forEach((list, sessions) -> {
            Set<Long> users = new HashSet<>();
            sessions.forEach(s -> users.add(s.userId()));
            out.put(list, users);
        });
        return out;
    }

    @Override
    public Map<Long, List<byte[]>> signedInTokens() {
        Map<Long, List<byte[]>> out = new HashMap<>();
        byUser.forEach((user, sessions) -> {
            List<byte[]> tokens = new ArrayList<>();
            sessions.forEach(s -> tokens.add(s.identity().tokenHash()));
            out.put(user, tokens);
        });
        return out;
    }

    @Override
    public void revoke(long listId, long userId) {
        List<Session> lost = ofUser(userId).stream().filter(s -> s.subscribedTo(listId)).toList();
        log.warn("user {} is no longer a member of list {}, and the news never arrived here: list.removed",
            userId, listId);
        toUsers(List.of(userId), Wire.listEvent("list.removed", Wire.listRef(listId)));
        if (!lost.isEmpty()) {
            lost.forEach(s -> unsubscribe(s, listId));
            presenceChanged(listId);
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
        toList(listId, rev, JsonText.of(event));
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
        String text = JsonText.of(event);
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

    /** Who is online in the list on this node (see {@link Presence#online}). */
    private Set<String> onlineHere(long listId) {
        Set<String> names = presence.online(listId);
        assert names.equals(Presence.recount(byList.getOrDefault(listId, Set.of()), listId))
                : "presence tally of list " + listId + " drifted: " + names + " against "
                + Presence.recount(byList.getOrDefault(listId, Set.of()), listId);
        return names;
    }

    private void announcePresence() {
        for (long listId : presence.takeChanged()) {
            Set<Session> subscribers = byList.getOrDefault(listId, Set.of());
            Set<String> here = onlineHere(listId);
            bus.localOnline(listId, here);
            here.addAll(bus.remoteOnline(listId));
            Set<String> online = presence.change(listId, subscribers.isEmpty(), here);
            if (online != null) {
                toList(listId, 0, Wire.presence(listId, online));
            }
        }
    }

    // ---- the indexes ---------------------------------------------------------------------------------------

    private void subscribe(Session s, long listId) {
        byList.computeIfAbsent(listId, k -> {
            bus.watchList(k);
            return new LinkedHashSet<>();
        }).add(s);
        s.subscribed(listId);
    }

    /** Ends the subscription, and with it the session's editing marks in the list. */
    private void unsubscribe(Session s, long listId) {
        leavePresence(s, listId);
        s.unsubscribed(listId);
        Set<Session> set = byList.get(listId);
        if (set != null && set.remove(s) && set.isEmpty()) {
            byList.remove(listId);
            bus.unwatchList(listId);
        }
        awareness.left(s, listId);
    }

    /** Takes {@code s} out of the list's online tally if it is in it: subscribed, signed in and caught up. */
    private void leavePresence(Session s, long listId) {
        if (s.signedIn() && s.subscribedTo(listId) && !s.catchingUp(listId)) {
            presence.left(listId, s.identity().username());
        }
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
            bus.unwatchUser(s.userId());
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
            leavePresence(s, listId); // a subscribe again: the session catches up again, offline until it ends
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
            Set<String> names = onlineHere(listId);
            names.addAll(bus.remoteOnline(listId));
            return names;
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
