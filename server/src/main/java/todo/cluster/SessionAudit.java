package todo.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Bus;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.Role;
import todo.model.TodoList;
import todo.store.ChangeReads;
import todo.store.ChangeReads.Membership;
import todo.store.Store;
import todo.verbs.Effect;

/**
 * Closes the gap that membership and sign-out effects leave when their publish is lost (a node that died between
 * commit and publish, a bus that was down): they carry no rev, so the rev check cannot find them. With the rev
 * check, this compares what the sessions here rely on with the database: a subscriber who is no longer a member
 * of the list (or whose list is gone) gets {@code list.removed} and loses the subscription; a session whose token
 * no longer exists (logout, password change, account deletion) is signed out and closed. So a lost effect of
 * that kind holds for at most the rev check's period plus one read, as a lost task change does.
 *
 * <p>It also keeps, for each user signed in here, the lists the sessions here were told of, with the role in each,
 * its title and its members with their roles ({@link #told}: read when the user signs in here, after the node
 * subscribed to the user's subject and before the client can ask for its lists, then kept by every list effect
 * applied here). A list the database has and they were not told of gets {@code list.added}; a role, title or member
 * that differs gets {@code list.updated}; a list they were told of and no longer have gets {@code list.removed}.
 * Such a difference is acted on only when two consecutive audits find it the same: an effect committed and still on
 * its way over the bus is then not repeated (it arrives within milliseconds, and updates what was told), so a lost
 * one is repaired within two periods plus two reads.
 *
 * <p>Only what was here when the check began is judged: a subscription or a token that is newer than the read
 * might not be in it. Loop thread; the reads run on the store's read pool and complete on the loop.
 */
final class SessionAudit {
    private static final Logger log = LoggerFactory.getLogger(SessionAudit.class);

    private final Store store;
    private boolean auditing;
    /** By user signed in here: list id to the role, title and members the sessions here were told of. Loop. */
    private final Map<Long, Map<Long, Membership>> told = new HashMap<>();
    /**
     * Users who signed in here and whose lists as told are still being read: the list effects applied here
     * meanwhile, to replay on what the read returns (it may have begun before they committed). Loop thread.
     */
    private final Map<Long, List<Effect.ListChanged>> reading = new HashMap<>();
    /** Differences found by the last audit, by user then list: what the database had (null: not a member). */
    private Map<Long, Map<Long, Membership>> differences = new HashMap<>();
    /** How many users {@link #told} has an entry for, and audits completed; for tests, written on the loop. */
    private volatile int known;
    private volatile long completed;

    SessionAudit(Store store) {
        this.store = store;
    }

    /** Starts one audit unless one is running; its findings go to {@code sink}. */
    void run(Bus.Sink sink) {
        if (auditing) {
            return;
        }
        Map<Long, Set<Long>> subscribed = sink.subscribedUsers();
        Map<Long, List<byte[]>> tokens = sink.signedInTokens();
        if (subscribed.isEmpty() && tokens.isEmpty()) {
            return;
        }
        auditing = true;
        long[] lists = subscribed.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] users = tokens.keySet().stream().mapToLong(Long::longValue).toArray();
        store.read(repo -> repo.changes().audit(lists, users)).whenComplete((found, err) -> {
            auditing = false;
            if (err != null) {
                log.warn("session audit failed: {}", err.toString());
            } else {
                apply(sink, subscribed, tokens, found);
            }
        });
    }

    /** How many users' lists as told here are known (an audit ran since they signed in here). Any thread. */
    int knownUsers() {
        return known;
    }

    /** Audits completed (read and applied). Any thread. */
    long completed() {
        return completed;
    }

    /**
     * The user has a first session here: reads their lists as of now, which is what the client is told when it loads
     * them (it asks after this sign-in's reply, so its read starts no earlier than this one on the read pool). From
     * then on a list effect lost on its way here is repaired by the audits, even one committed in the first period
     * after sign-in. Should the read fail, the next audit's read stands in for it. Loop.
     */
    void signedIn(long userId) {
        if (told.containsKey(userId) || reading.containsKey(userId)) {
            return;
        }
        List<Effect.ListChanged> meanwhile = new ArrayList<>();
        reading.put(userId, meanwhile);
        store.read(repo -> repo.changes().memberships(new long[] {userId})).whenComplete((found, err) -> {
            if (reading.get(userId) != meanwhile) {
                return; // signed out meanwhile (and perhaps in again: a newer read stands for that sign-in)
            }
            reading.remove(userId);
            if (err != null) {
                log.warn("reading the lists of user {} at sign-in failed: {}", userId, err.toString());
                return;
            }
            Map<Long, Membership> lists = new HashMap<>(found.getOrDefault(userId, Map.of()));
            meanwhile.forEach(c -> apply(c, userId, lists));
            told.put(userId, lists);
            known = told.size();
        });
    }

    /** The user's last session here is gone: what it was told is forgotten. Loop. */
    void forget(long userId) {
        told.remove(userId);
        reading.remove(userId);
    }

    /** A list effect was applied here (from this node or another): what the sessions here were told. Loop. */
    void applied(Effect e) {
        if (!(e instanceof Effect.ListChanged c)) {
            return;
        }
        Set<Long> concerned = new HashSet<>(c.lost());
        if (c.change().after() != null) {
            c.change().after().members().forEach(m -> concerned.add(m.id()));
        }
        for (long user : concerned) {
            Map<Long, Membership> lists = told.get(user);
            if (lists != null) {
                apply(c, user, lists);
            }
            List<Effect.ListChanged> meanwhile = reading.get(user);
            if (meanwhile != null) {
                meanwhile.add(c);
            }
        }
    }

    /** What {@code c} told {@code user}, applied to the lists as told to them. */
    private static void apply(Effect.ListChanged c, long user, Map<Long, Membership> lists) {
        TodoList after = c.change().after();
        long id = after != null ? after.id() : c.change().before().id();
        if (c.lost().contains(user)) {
            lists.remove(id);
        }
        Membership now = after == null ? null : Membership.of(after, user);
        if (now != null) {
            lists.put(id, now);
        }
    }

    private void apply(Bus.Sink sink, Map<Long, Set<Long>> subscribed, Map<Long, List<byte[]>> tokens,
                       ChangeReads.Audit found) {
        subscribed.forEach((list, users) -> {
            Set<Long> members = found.members().getOrDefault(list, Set.of());
            for (long user : users) {
                if (!members.contains(user)) {
                    sink.revoke(list, user);
                    Map<Long, Membership> lists = told.get(user);
                    if (lists != null) {
                        lists.remove(list); // list.removed was just sent
                    }
                }
            }
        });
        compareLists(sink, tokens.keySet(), found.memberships());
        tokens.forEach((user, hashes) -> {
            List<byte[]> live = found.tokens().getOrDefault(user, List.of());
            for (byte[] hash : hashes) {
                if (hash != null && live.stream().noneMatch(h -> Arrays.equals(h, hash))) {
                    log.warn("a session of user {} has a token that no longer exists: closing it", user);
                    sink.deliver(new Effect.CloseSessions(user, Effect.Which.WITH_TOKEN, hash,
                        Effect.Why.SIGNED_OUT));
                }
            }
        });
    }

    /**
     * Compares each user's lists as told here with the database's; repairs a difference found the same twice in a
     * row. {@code users}: those signed in here when the audit began (the others' entries are dropped).
     */
    private void compareLists(Bus.Sink sink, Set<Long> users, Map<Long, Map<Long, Membership>> roles) {
        told.keySet().retainAll(users);
        Map<Long, Map<Long, Membership>> found = new HashMap<>();
        Map<Long, Map<Long, Membership>> repair = new HashMap<>();
        for (long user : users) {
            Map<Long, Membership> db = roles.getOrDefault(user, Map.of());
            Map<Long, Membership> lists = told.get(user);
            if (lists == null) {
                if (!reading.containsKey(user)) {
                    told.put(user, new HashMap<>(db)); // its read at sign-in failed: what it would load now
                }
                continue;
            }
            Set<Long> ids = new HashSet<>(db.keySet());
            ids.addAll(lists.keySet());
            for (long list : ids) {
                Membership is = db.get(list);
                if (Objects.equals(is, lists.get(list))) {
                    continue;
                }
                Map<Long, Membership> last = differences.getOrDefault(user, Map.of());
                boolean again = last.containsKey(list) && Objects.equals(last.get(list), is);
                (again ? repair : found).computeIfAbsent(user, u -> new HashMap<>()).put(list, is);
            }
        }
        differences = found;
        known = told.size();
        completed++; // loop thread only writes it
        repair.forEach((user, lists) -> lists.forEach((list, is) -> {
            if (is == null) {
                sink.revoke(list, user); // logs it
                told.get(user).remove(list);
            }
        }));
        repairWithLists(sink, repair);
    }

    /** Sends {@code list.added} or {@code list.updated} for the differences that need the list itself. */
    private void repairWithLists(Bus.Sink sink, Map<Long, Map<Long, Membership>> repair) {
        Map<Long, Set<Long>> wanted = new HashMap<>();
        repair.forEach((user, lists) -> lists.forEach((list, is) -> {
            if (is != null) {
                wanted.computeIfAbsent(user, u -> new HashSet<>()).add(list);
            }
        }));
        if (wanted.isEmpty()) {
            return;
        }
        store.read(repo -> {
            Map<Long, TodoList> out = new HashMap<>();
            wanted.forEach((user, ids) -> repo.lists().listsFor(user).stream()
                .filter(l -> ids.contains(l.id())).forEach(l -> out.put(l.id(), l)));
            return out;
        }).whenComplete((lists, err) -> {
            if (err != null) {
                log.warn("reading lists to repair failed: {}", err.toString());
                return;
            }
            wanted.forEach((user, ids) -> {
                Map<Long, Membership> was = told.get(user);
                if (was == null) {
                    return; // signed out meanwhile
                }
                for (long id : ids) {
                    TodoList now = lists.get(id);
                    Membership is = now == null ? null : Membership.of(now, user);
                    Membership before = was.get(id);
                    if (is == null || is.equals(before)) {
                        continue; // gone meanwhile, or an effect arrived: nothing to repair
                    }
                    log.warn("user {} was not told of list {} as it is ({}, \"{}\", members {}): list.{}", user, id,
                        is.role().wire(), now.title(), is.members(), before == null ? "added" : "updated");
                    sink.deliver(before == null
                        ? new Effect.ListChanged(new ListChange(null, now), Set.of(user), Set.of(), Set.of())
                        : new Effect.ListChanged(new ListChange(as(now, user, before), now), Set.of(),
                            Set.of(), Set.of(user)));
                    was.put(id, is);
                }
            });
        });
    }

    /**
     * The list as {@code user} was told of it: its title and its members with their roles then. Only ids are
     * kept of those members, so one no longer in the list has an empty username here; what this is for (telling
     * whether the list as told differs from {@code l}, and the {@code list.updated} it then sends) needs no more.
     */
    private static TodoList as(TodoList l, long user, Membership told) {
        Map<Long, String> names = new HashMap<>();
        l.members().forEach(m -> names.put(m.id(), m.username()));
        List<Member> members = new ArrayList<>();
        for (String m : told.members().split(",")) {
            int colon = m.indexOf(':');
            long id = Long.parseLong(m.substring(0, colon));
            members.add(new Member(id, names.getOrDefault(id, ""), Role.fromWire(m.substring(colon + 1))));
        }
        members.sort(java.util.Comparator.comparing(Member::username)); // TodoList's order
        return new TodoList(l.id(), told.title(), l.owner(), members, l.rev(), l.created());
    }
}
