package todo.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Bus;
import todo.model.TaskEvent;
import todo.store.Store;
import todo.verbs.Effect;

/**
 * Per list with subscribers on this node: the last rev delivered to them, the events that arrived beyond a gap,
 * and the filling of that gap from the {@code changes} table. An event at or below the last rev is a repeat and
 * dropped; one beyond the next waits until the gap is filled; so subscribers get every event once, in rev order,
 * whichever node wrote it and whether the bus carried it or not. Reads run on the store's read pool; their
 * results come back on the loop. Loop thread only.
 *
 * <p>Until a list's first subscriber here has its snapshot, the last rev is unknown and events wait; the
 * snapshot's rev becomes the baseline. A subscriber that began its snapshot before the baseline was known, and
 * got an older one, is given the events between the two from {@code changes} ({@link #caughtUp}).
 */
final class ListFeeds {
    /** Changes read per fill; a longer gap takes several reads. */
    static final int FILL_LIMIT = 500;
    /** Events held behind a gap, per list; past this, the older ones are dropped (the fill reads them anyway). */
    static final int MAX_PENDING = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ListFeeds.class);

    /** Where the gaps are read from: the {@code changes} table, on the store's read pool. */
    interface Changes {
        /** The list's task events with {@code after < rev <= upTo}, in rev order, at most {@code limit}; completes on the loop. */
        CompletableFuture<List<TaskEvent>> between(long list, long after, long upTo, int limit);

        static Changes of(Store store) {
            return (list, after, upTo, limit) -> store.read(repo -> repo.changes().between(list, after, upTo, limit));
        }
    }

    private final Changes changes;
    private Bus.Sink sink;
    private final Map<Long, Feed> feeds = new HashMap<>();

    private static final class Feed {
        final long list;
        /** The last rev delivered here, -1 until the baseline is known. */
        long delivered = -1;
        /** The rev of the first snapshot, which set {@link #delivered}. */
        long baseline = -1;
        /** The highest rev known to be committed (from the rev check), to be delivered. */
        long wanted = -1;
        final TreeMap<Long, Effect> pending = new TreeMap<>();
        boolean filling;

        Feed(long list) {
            this.list = list;
        }
    }

    ListFeeds(Changes changes) {
        this.changes = changes;
    }

    void attach(Bus.Sink s) {
        this.sink = s;
    }

    void watch(long list) {
        feeds.putIfAbsent(list, new Feed(list));
    }

    void unwatch(long list) {
        feeds.remove(list);
    }

    boolean watching(long list) {
        return feeds.containsKey(list);
    }

    /** An event of the list at {@code rev}, from this node or another; ignored when no one here subscribes. */
    void offer(long list, long rev, Effect e) {
        Feed f = feeds.get(list);
        if (f == null || (f.delivered >= 0 && rev <= f.delivered)) {
            return;
        }
        f.pending.put(rev, e);
        if (f.pending.size() > MAX_PENDING) {
            f.pending.pollFirstEntry();
        }
        if (f.delivered >= 0) {
            drain(f);
        }
    }

    /** See {@link Bus#caughtUp}. */
    void caughtUp(long list, long rev, Consumer<List<Effect>> resume) {
        Feed f = feeds.get(list);
        if (f == null) {
            resume.accept(List.of());
            return;
        }
        if (f.delivered < 0) {
            f.delivered = rev;
            f.baseline = rev;
            f.pending.headMap(rev, true).clear();
            resume.accept(List.of());
            drain(f);
            return;
        }
        if (rev >= f.baseline) {
            resume.accept(List.of());
            return;
        }
        long upTo = f.baseline;
        int limit = (int) Math.min(upTo - rev, ListFeeds.MAX_PENDING);
        changes.between(list, rev, upTo, limit).whenComplete((events, err) -> {
            if (err != null || events.size() != upTo - rev) {
                log.warn("list {}: could not read changes {}..{} for a subscriber: {}", list, rev + 1, upTo,
                        err != null ? err.toString() : "pruned");
                resume.accept(null);
            } else {
                resume.accept(asEffects(events));
            }
        });
    }

    /** The lists whose last delivered rev is known, for the rev check. */
    long[] known() {
        return feeds.values().stream().filter(f -> f.delivered >= 0).mapToLong(f -> f.list).toArray();
    }

    /** The database's current revs of (some of) the known lists: deliver what is missing. */
    void heal(Map<Long, Long> revs) {
        revs.forEach((list, rev) -> {
            Feed f = feeds.get(list);
            if (f != null && f.delivered >= 0 && rev > f.wanted) {
                f.wanted = rev;
                drain(f);
            }
        });
    }

    /** The last rev delivered for the list, or -1 (for tests and logs). */
    long delivered(long list) {
        Feed f = feeds.get(list);
        return f == null ? -1 : f.delivered;
    }

    /** Delivers what is next in line, then fills the first gap, if any, from {@code changes}. */
    private void drain(Feed f) {
        while (!f.pending.isEmpty() && f.pending.firstKey() <= f.delivered + 1) {
            Map.Entry<Long, Effect> next = f.pending.pollFirstEntry();
            if (next.getKey() == f.delivered + 1) {
                f.delivered++;
                sink.deliver(next.getValue());
            }
        }
        long target = Math.max(f.wanted, f.pending.isEmpty() ? -1 : f.pending.firstKey() - 1);
        if (target > f.delivered && !f.filling) {
            fill(f, f.delivered, Math.min(target, f.delivered + FILL_LIMIT));
        }
    }

    private void fill(Feed f, long after, long upTo) {
        f.filling = true;
        changes.between(f.list, after, upTo, FILL_LIMIT).whenComplete((events, err) -> {
            f.filling = false;
            if (feeds.get(f.list) != f) {
                return;
            }
            if (err != null) {
                // The next event or rev check tries again.
                log.warn("list {}: filling {}..{} from changes failed: {}", f.list, after + 1, upTo, err.toString());
                return;
            }
            for (TaskEvent e : events) {
                if (e.rev() == f.delivered + 1) {
                    f.delivered++;
                    sink.deliver(new Effect.TaskChanged(e));
                }
            }
            f.pending.headMap(f.delivered, true).clear();
            if (f.delivered < upTo && f.delivered == after) {
                // Not even the next rev is there: pruned. The subscribers cannot get a gap-free stream.
                log.warn("list {}: changes {}..{} are no longer kept; its subscribers here must resync",
                        f.list, after + 1, upTo);
                f.delivered = upTo;
                f.pending.headMap(upTo, true).clear();
                sink.resync(f.list);
            }
            drain(f);
        });
    }

    private static List<Effect> asEffects(List<TaskEvent> events) {
        List<Effect> out = new ArrayList<>(events.size());
        for (TaskEvent e : events) {
            out.add(new Effect.TaskChanged(e));
        }
        return out;
    }
}
