package todo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.loop.Bus;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.verbs.Effect;

/**
 * The receive path's ordering rules, with the {@code changes} table replaced by a map and reads completed when the
 * test says: events reach subscribers once, in rev order, whatever order and how often the bus brings them.
 */
class ListFeedsTest {
    static final long LIST = 7;

    /** The changes table: every rev committed so far. */
    final TreeMap<Long, TaskEvent> table = new TreeMap<>();
    /** Reads issued and not yet answered. */
    final List<Runnable> reads = new ArrayList<>();
    final List<Long> delivered = new ArrayList<>();
    final List<Long> resyncs = new ArrayList<>();
    final ListFeeds feeds = new ListFeeds((list, after, upTo, limit) -> {
        CompletableFuture<List<TaskEvent>> f = new CompletableFuture<>();
        reads.add(() -> f.complete(new ArrayList<>(table.subMap(after, false, upTo, true).values())
                .subList(0, (int) Math.min(limit, table.subMap(after, false, upTo, true).size()))));
        return f;
    });

    ListFeedsTest() {
        feeds.attach(new Bus.Sink() {
            @Override
            public void deliver(Effect e) {
                delivered.add(((Effect.TaskChanged) e).event().rev());
            }

            @Override
            public void remoteOnlineChanged(long listId) {}

            @Override
            public void remoteEditingChanged(long listId, Set<Long> taskIds) {}

            @Override
            public void resync(long listId) {
                resyncs.add(listId);
            }

            @Override
            public Map<Long, Set<Long>> subscribedUsers() {
                return Map.of();
            }

            @Override
            public Map<Long, List<byte[]>> signedInTokens() {
                return Map.of();
            }

            @Override
            public void revoke(long listId, long userId) {
                throw new AssertionError("feeds never revoke");
            }
        });
    }

    static Effect event(long rev) {
        Task t = new Task(rev, LIST, "t" + rev, "", null, false, null, null, "a", "a", rev, "a" + rev);
        return new Effect.TaskChanged(new TaskEvent(TaskEvent.Kind.CREATED, LIST, rev, "a", t, List.of()));
    }

    void commit(long... revs) {
        for (long r : revs) table.put(r, ((Effect.TaskChanged) event(r)).event());
    }

    void offer(long... revs) {
        for (long r : revs) feeds.offer(LIST, r, event(r));
    }

    void answerReads() {
        while (!reads.isEmpty()) {
            reads.remove(0).run();
        }
    }

    /** Watched, and the first subscriber's snapshot was at {@code rev}. */
    void watchedFrom(long rev) {
        feeds.watch(LIST);
        feeds.caughtUp(LIST, rev, missed -> assertEquals(List.of(), missed));
    }

    @Test
    void eventsInOrderAreDeliveredAtOnceAndRepeatsAreDropped() {
        watchedFrom(0);
        offer(1, 2, 2, 1, 3);
        assertEquals(List.of(1L, 2L, 3L), delivered);
        assertEquals(List.of(), reads, "no gap, no read");
    }

    @Test
    void anEventBeyondAGapWaitsUntilTheGapIsFilledFromChanges() {
        watchedFrom(0);
        commit(1, 2, 3, 4);
        offer(1, 4);
        assertEquals(List.of(1L), delivered, "4 waits for 2 and 3");
        offer(3); // arrives while the gap is being read: delivered once, in its place
        answerReads();
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
    }

    @Test
    void untilTheFirstSnapshotEventsWaitAndThoseItAlreadyHasAreDropped() {
        feeds.watch(LIST);
        offer(5, 6, 7);
        assertEquals(List.of(), delivered);
        feeds.caughtUp(LIST, 6, missed -> assertEquals(List.of(), missed));
        assertEquals(List.of(7L), delivered);
    }

    @Test
    void aSubscriberWhoseSnapshotIsOlderThanTheBaselineGetsTheEventsBetweenFromChanges() {
        feeds.watch(LIST);
        commit(1, 2, 3, 4, 5);
        offer(4, 5);
        feeds.caughtUp(LIST, 3, missed -> assertEquals(List.of(), missed)); // the first snapshot: the baseline
        assertEquals(List.of(4L, 5L), delivered);
        List<List<Effect>> resumed = new ArrayList<>();
        feeds.caughtUp(LIST, 1, resumed::add); // began before the baseline was known, and got an older snapshot
        answerReads();
        assertEquals(1, resumed.size());
        assertEquals(List.of(2L, 3L), resumed.get(0).stream()
                .map(e -> ((Effect.TaskChanged) e).event().rev()).toList());
    }

    @Test
    void theRevCheckDeliversWhatTheBusNeverBrought() {
        watchedFrom(0);
        commit(1, 2);
        offer(1);
        feeds.heal(Map.of(LIST, 2L));
        answerReads();
        assertEquals(List.of(1L, 2L), delivered);
        assertEquals(2, feeds.delivered(LIST));
    }

    @Test
    void aGapNoLongerKeptInChangesMakesTheListsSubscribersResync() {
        watchedFrom(0);
        commit(3); // 1 and 2 were pruned
        offer(3);
        answerReads();
        assertEquals(List.of(LIST), resyncs);
        assertEquals(3, feeds.delivered(LIST), "then it goes on from there");
    }

    @Test
    void aListNoLongerWatchedIgnoresItsEvents() {
        watchedFrom(0);
        feeds.unwatch(LIST);
        offer(1);
        assertEquals(List.of(), delivered);
        assertEquals(-1, feeds.delivered(LIST));
    }
}
