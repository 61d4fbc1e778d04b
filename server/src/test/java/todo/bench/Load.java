package todo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A batch of {@code task.create} requests, numbered 0..total-1 (the number is also the task's name, "t" + number,
 * so that events can be traced back to the moment their request was sent). Drivers send them, serially (one
 * outstanding request per connection) or pipelined (all at once); the load records send and reply times.
 */
final class Load {
    final int total;
    final AtomicLongArray sent;
    final long[] latency; // reply time - send time, per request; each slot written once by one reader thread
    final CountDownLatch replies;
    final AtomicLong errors = new AtomicLong();
    final AtomicLong lastReply = new AtomicLong();
    final List<Driver> drivers = new ArrayList<>();

    Load(int total) {
        this.total = total;
        this.sent = new AtomicLongArray(total);
        this.latency = new long[total];
        this.replies = new CountDownLatch(total);
    }

    boolean await(long seconds) throws InterruptedException {
        return replies.await(seconds, TimeUnit.SECONDS);
    }

    /** Reply latencies in nanoseconds (a copy, for sorting). */
    long[] latencies() {
        return latency.clone();
    }

    /** One connection's share of the load: requests base..base+count-1 to {@code list}. */
    final class Driver {
        final BenchClient client;
        final long list;
        final int base;
        final int count;
        final boolean pipelined;
        volatile long start;
        volatile long end;
        private final AtomicLong done = new AtomicLong();
        private int next; // serial mode: the next request to send; touched only by the thread that replies

        Driver(BenchClient client, long list, int base, int count, boolean pipelined) {
            this.client = client;
            this.list = list;
            this.base = base;
            this.count = count;
            this.pipelined = pipelined;
            drivers.add(this);
        }

        /** Sends the first request (serial) or all of them (pipelined), from the calling thread. */
        void start() {
            start = System.nanoTime();
            if (pipelined) {
                for (int i = 0; i < count; i++) {
                    send(base + i);
                }
            } else {
                next = 1;
                send(base);
            }
        }

        private void send(int g) {
            long id = client.nextId();
            String frame = "{\"type\":\"task.create\",\"list\":" + list + ",\"name\":\"t" + g + "\"";
            sent.set(g, System.nanoTime());
            client.send(id, frame, (rid, ok, text, nanos) -> replied(g, ok, nanos));
        }

        private void replied(int g, boolean ok, long nanos) {
            latency[g] = nanos - sent.get(g);
            if (!ok) {
                errors.incrementAndGet();
            }
            lastReply.accumulateAndGet(nanos, Math::max);
            if (done.incrementAndGet() == count) {
                end = nanos;
            }
            if (!pipelined && next < count) {
                send(base + next++);
            }
            replies.countDown();
        }

        /** Requests per second on this connection, from its start to its last reply. */
        double throughput() {
            return end == 0 ? Double.NaN : count / ((end - start) / 1e9);
        }

        long[] latencies() {
            long[] l = new long[count];
            System.arraycopy(latency, base, l, 0, count);
            return l;
        }
    }
}
