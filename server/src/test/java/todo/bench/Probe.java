package todo.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Measures how responsive the server stays under load: an extra connection sends one request at a time (by
 * default a {@code ping}, answered on the event loop without touching the database), waits for the reply, pauses a
 * few milliseconds, and records each round trip with the moment it was sent. A long round trip means the loop (or
 * whatever the request needs, e.g. the writer) kept it waiting.
 */
final class Probe implements AutoCloseable {
    static final long INTERVAL_MILLIS = 5;

    private final BenchClient client;
    private final IntFunction<String> frame;
    private final Thread thread;
    private volatile boolean stop;
    private long[] sentAt = new long[1024];
    private long[] rtts = new long[1024];
    private int n;
    volatile long errors;

    /** Pings. */
    Probe(BenchClient client) {
        this(client, i -> "{\"type\":\"ping\"");
    }

    /** {@code frame.apply(i)}: the i-th request, without its closing brace (the id is appended). */
    Probe(BenchClient client, IntFunction<String> frame) {
        this.client = client;
        this.frame = frame;
        this.thread = new Thread(this::run, "bench-probe");
        this.thread.setDaemon(true);
    }

    Probe start() {
        thread.start();
        return this;
    }

    private void run() {
        int i = 0;
        while (!stop) {
            long t0 = System.nanoTime();
            CompletableFuture<Long> f = new CompletableFuture<>();
            client.send(client.nextId(), frame.apply(i++), (id, ok, text, nanos) -> {
                if (!ok) {
                    errors++;
                }
                f.complete(nanos);
            });
            try {
                long t1 = f.get(60, TimeUnit.SECONDS);
                synchronized (this) {
                    if (n == rtts.length) {
                        rtts = Arrays.copyOf(rtts, n * 2);
                        sentAt = Arrays.copyOf(sentAt, n * 2);
                    }
                    sentAt[n] = t0;
                    rtts[n++] = t1 - t0;
                }
                Thread.sleep(INTERVAL_MILLIS);
            } catch (Exception e) {
                return;
            }
        }
    }

    /** Stops and returns all round trips in nanoseconds. */
    long[] finish() throws InterruptedException {
        stop = true;
        thread.join(65_000);
        synchronized (this) {
            return Arrays.copyOf(rtts, n);
        }
    }

    /** Round trips of the requests sent in [from, to) (System.nanoTime values); the probe may still run. */
    synchronized long[] between(long from, long to) {
        long[] out = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (sentAt[i] >= from && sentAt[i] < to) {
                out[k++] = rtts[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    @Override
    public void close() throws InterruptedException {
        finish();
    }
}
