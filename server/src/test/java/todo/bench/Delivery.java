package todo.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches {@code task.created} events arriving at a set of subscribers, each expecting {@code expected} of them:
 * per-subscriber count, rev order (each event must carry the previous rev + 1), arrival times, and for every
 * (event, subscriber) pair the time from the moment its request was sent ({@link Load#sent}).
 */
final class Delivery implements BenchClient.EventSink {
    final int subscribers;
    final int expected;
    private final Load load;
    private final long[][] lag;
    private final int[] count;
    private final long[] lastRev;
    private final long[] lastAt;
    final AtomicLong orderViolations = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    private final CountDownLatch done;

    /** Sets each client's index to its position in {@code subs} and points its events here. */
    Delivery(List<BenchClient> subs, int expected, Load load) {
        this.subscribers = subs.size();
        this.expected = expected;
        this.load = load;
        this.lag = new long[subscribers][expected];
        this.count = new int[subscribers];
        this.lastRev = new long[subscribers];
        this.lastAt = new long[subscribers];
        this.done = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            subs.get(i).index = i;
            subs.get(i).events = this;
        }
    }

    @Override
    public void created(BenchClient client, long rev, long nameNumber, long nanos) {
        int s = client.index;
        if (count[s] >= expected) {
            unknown.incrementAndGet();
            return;
        }
        if (lastRev[s] != 0 && rev != lastRev[s] + 1) {
            orderViolations.incrementAndGet();
        }
        lastRev[s] = rev;
        long sent = nameNumber >= 0 && nameNumber < load.total ? load.sent.get((int) nameNumber) : 0;
        if (sent == 0) {
            unknown.incrementAndGet();
        }
        lag[s][count[s]] = sent == 0 ? -1 : nanos - sent;
        lastAt[s] = nanos;
        if (++count[s] == expected) {
            done.countDown();
        }
    }

    boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    /** When the last subscriber got its last event (after {@link #await} returned true). */
    long allDelivered() {
        long max = 0;
        for (long t : lastAt) {
            max = Math.max(max, t);
        }
        return max;
    }

    long delivered() {
        long n = 0;
        for (int c : count) {
            n += c;
        }
        return n;
    }

    /** Every (event, subscriber) send-to-arrival time in nanoseconds. */
    long[] lags() {
        long[] all = new long[subscribers * expected];
        int n = 0;
        for (int s = 0; s < subscribers; s++) {
            for (int i = 0; i < count[s]; i++) {
                if (lag[s][i] >= 0) {
                    all[n++] = lag[s][i];
                }
            }
        }
        return java.util.Arrays.copyOf(all, n);
    }
}
