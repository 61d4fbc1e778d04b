package todo.loop;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import todo.protocol.JsonText;
import todo.protocol.Wire;

/**
 * The life of editing marks ({@code task.editing}): what sets, renews and ends them, their timeout, timed on the
 * loop, and the {@code editing} events, coalesced to one per task at the end of the loop's turn. The marks
 * themselves are {@link Editing}'s; {@link FanOut} tells this class what happened and sends what it announces.
 * Loop thread only (timers hand their work back to the loop).
 */
final class Awareness {
    /** Sends a list event, without a rev, to the list's subscribers as they are when it is sent. */
    interface ToList {
        void send(long listId, String json);
    }

    private final Executor loop;
    private final long timeoutNanos;
    private final ToList toList;
    private final Bus bus;
    private final Editing editing = new Editing();
    /** Tasks whose editors changed this turn. */
    private final Set<Editing.TaskRef> changed = new LinkedHashSet<>();

    /**
     * @param timeoutMillis how long a mark lasts without a repeat
     * @param bus where this node's marks are announced to the other nodes, and theirs are read
     */
    Awareness(Executor loop, long timeoutMillis, ToList toList, Bus bus) {
        this.loop = loop;
        this.bus = bus;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.toList = toList;
    }

    /**
     * Sets, renews or clears the session's mark. A mark needs the subscription it was asked on: if that ended
     * between the verb's check and now, nothing is set. A new mark is timed from here.
     */
    void mark(Session s, long list, long task, boolean on) {
        if (!on) {
            if (editing.clear(s, list, task)) {
                changed(list, task);
            }
            return;
        }
        if (!s.signedIn() || !s.subscribedTo(list)) {
            return;
        }
        Set<String> before = editing.users(list, task);
        Editing.Mark mark = editing.set(s, list, task, System.nanoTime() + timeoutNanos);
        if (mark != null) {
            expireLater(s, list, task, mark, timeoutNanos);
            if (!before.equals(editing.users(list, task))) {
                changed(list, task);
            }
        }
    }

    /** The session's subscription to the list ended (unsubscribe, sign-out, close, removal): so do its marks. */
    void left(Session s, long list) {
        editing.clearSession(s, list).forEach(task -> changed(list, task));
    }

    /** The user may no longer change the list (a viewer now): their marks end, on every session. */
    void demoted(long list, long userId) {
        editing.clearUser(list, userId).forEach(task -> changed(list, task));
    }

    void taskDeleted(long list, long task) {
        if (editing.clearTask(list, task)) {
            changed(list, task);
        }
    }

    /** The list is gone: its marks are forgotten without an event (its members heard {@code list.removed}). */
    void listDeleted(long list) {
        editing.forget(list);
    }

    /** The editors on other nodes of these tasks of the list changed. */
    void remoteChanged(long list, Set<Long> tasks) {
        tasks.forEach(task -> changed(list, task));
    }

    /** The marks in force in the list, here and on other nodes, for a subscribe reply. */
    Map<Long, Set<String>> inList(long list) {
        Map<Long, Set<String>> all = editing.inList(list);
        bus.remoteEditing(list).forEach((task, users) -> all.merge(task, users, Awareness::union));
        return all;
    }

    /** Who is editing the task, here or on another node (a new set, ordered ignoring case). */
    private Set<String> users(long list, long task) {
        return union(editing.users(list, task), bus.remoteEditing(list).getOrDefault(task, Set.of()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    /** After {@code delayNanos}, on the loop: ends the mark if it is still there and was not renewed meanwhile. */
    private void expireLater(Session s, long list, long task, Editing.Mark mark, long delayNanos) {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, loop).execute(() -> {
            if (editing.get(s, list, task) != mark) {
                return; // ended already (and maybe set anew, with its own timer)
            }
            long left = mark.expiresNanos - System.nanoTime();
            if (left > 0) {
                expireLater(s, list, task, mark, left);
            } else if (editing.clear(s, list, task)) {
                changed(list, task);
            }
        });
    }

    /**
     * Notes that the task's editors changed. The event goes out at the end of the turn, once whatever changed
     * them has finished: a member removed from the list has left every subscription by then.
     */
    private void changed(long list, long task) {
        if (changed.isEmpty()) {
            loop.execute(this::announce);
        }
        changed.add(new Editing.TaskRef(list, task));
    }

    /**
     * Tells the other nodes this node's marks in each list that changed, then sends each changed task's editors,
     * here and elsewhere, to the list's subscribers here. With marks on several nodes, an event may repeat the
     * set it last sent (the same user's marks changed on one node and hold on another).
     */
    private void announce() {
        List<Editing.TaskRef> tasks = List.copyOf(changed);
        changed.clear();
        Set<Long> lists = new LinkedHashSet<>();
        tasks.forEach(t -> lists.add(t.list()));
        lists.forEach(list -> bus.localEditing(list, editing.inList(list)));
        for (Editing.TaskRef t : tasks) {
            toList.send(t.list(), JsonText.of(Wire.editing(t.list(), t.task(), users(t.list(), t.task()))));
        }
    }
}
