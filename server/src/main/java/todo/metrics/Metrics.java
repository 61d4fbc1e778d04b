package todo.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import todo.error.ErrorCode;
import todo.store.Store;

/**
 * The server's own metrics, and the one facade the loop, the transport and the writer report to (one per server).
 * Every number lives in a Prometheus client metric (thread-safe adders) or, for the one observed per event
 * recipient, in a loop-confined {@link LoopHistogram}; either way a scrape on an HTTP thread reads them without
 * asking the loop, and {@link Exposition} writes them out. Each method names the thread that calls it. The
 * per-event calls ({@link #eventQueued}) allocate nothing and take no atomic instruction but the counter's: the
 * delivery histogram is a {@link LoopHistogram}; the others are classic-only, no metric samples exemplars (a gauge
 * that did scheduled a task per {@code set}), and labelled series are looked up once and kept.
 */
public final class Metrics implements Store.WriteObserver {
    /** The verb label of a request whose type is not a verb (kept out of the labels: clients choose it). */
    public static final String UNKNOWN_VERB = "unknown";
    public static final String WS = "ws";
    public static final String HTTP = "http";
    /** Latency buckets in seconds: 100 µs to 10 s, about 2.5x apart. */
    static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * Within one commit's fan-out, the clock is read for every this many recipients: System.nanoTime() costs 70-80 ns
     * on this VM (kvm-clock), more than the rest of the per-recipient work together. The recipients in between
     * reuse the last reading, so their latency is low by the time it took to queue at most this many frames
     * (microseconds).
     */
    static final int CLOCK_EVERY_RECIPIENTS = 16;

    final PrometheusRegistry registry = new PrometheusRegistry();
    private final Set<String> verbs;
    private final Gauge connections;
    private final Counter requests;
    private final LoopHistogram deliveryLatency;
    private final DistributionDataPoint batchSize;
    private final DistributionDataPoint batchSeconds;
    private final DistributionDataPoint commitSeconds;
    private final Gauge sendQueueBytes;
    private final Counter slowConsumerCloses;
    /** Loop thread only: the request series by transport, verb, then outcome (0 = ok, 1 + the error's ordinal). */
    private final Map<String, Map<String, CounterDataPoint[]>> requestSeries = new HashMap<>();
    private final DistributionDataPoint[] replyLatencyByTransport = new DistributionDataPoint[2];
    private final CounterDataPoint eventsDelivered;
    private final CounterDataPoint heldWrites;
    private final CounterDataPoint heldFrames;
    /** Loop thread only: when the commit whose results the loop is completing returned; 0 outside one. */
    private long completingCommitNanos;
    /** Loop thread only: the last clock reading in this completion, and the recipients left before the next. */
    private long clockNanos;
    private int recipientsBeforeClock;

    /** @param verbs the verb names, the only values the verb label takes besides {@value #UNKNOWN_VERB} */
    public Metrics(Collection<String> verbs) {
        this.verbs = Set.copyOf(verbs);
        connections = Gauge.builder().name("todo_ws_connections")
                .help("Open WebSocket connections (handshake done, not yet closed)").withoutExemplars().register(registry);
        requests = Counter.builder().name("todo_requests_total")
                .help("Requests answered, by transport (ws, http), verb and outcome (ok or the error code)")
                .labelNames("transport", "verb", "outcome").withoutExemplars().register(registry);
        Histogram replyLatency = Histogram.builder().name("todo_reply_latency_seconds").unit(Unit.SECONDS)
                .help("Request in (ws: decoded by the transport; http: handed to the loop) to reply queued")
                .labelNames("transport").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
                .register(registry);
        replyLatencyByTransport[0] = replyLatency.labelValues(WS);
        replyLatencyByTransport[1] = replyLatency.labelValues(HTTP);
        eventsDelivered = Counter.builder().name("todo_events_delivered_total")
                .help("Event frames queued for a connection (one per recipient)").withoutExemplars().register(registry);
        heldWrites = Counter.builder().name("todo_ws_held_writes_total")
                .help("Writes of event frames held through a burst of loop tasks (one system call each)")
                .withoutExemplars().register(registry);
        heldFrames = Counter.builder().name("todo_ws_held_frames_total")
                .help("Event frames sent by those writes: divided by them, the frames per write")
                .withoutExemplars().register(registry);
        deliveryLatency = new LoopHistogram("todo_delivery_latency_seconds",
                "A write's COMMIT returned to its event's frame queued for a recipient, per recipient", LATENCY_BUCKETS);
        registry.register(deliveryLatency);
        batchSize = Histogram.builder().name("todo_write_batch_size")
                .help("Writes per committed transaction (group commit)")
                .classicOnly().classicUpperBounds(BATCH_BUCKETS).withoutExemplars().register(registry);
        batchSeconds = Histogram.builder().name("todo_write_batch_seconds").unit(Unit.SECONDS)
                .help("One committed write transaction, BEGIN to COMMIT returned")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        commitSeconds = Histogram.builder().name("todo_write_commit_seconds").unit(Unit.SECONDS)
                .help("The COMMIT statement alone (the durable flush)")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        sendQueueBytes = Gauge.builder().name("todo_send_queue_bytes")
                .help("Bytes queued for all WebSocket connections and not yet written, at the last sweep (250 ms)")
                .withoutExemplars().register(registry);
        slowConsumerCloses = Counter.builder().name("todo_slow_consumer_closes_total")
                .help("Connections closed with 1013 for reading too slowly, by which bound: connection, heap_budget")
                .labelNames("bound").withoutExemplars().register(registry);
        slowConsumerCloses.initLabelValues("connection");
        slowConsumerCloses.initLabelValues("heap_budget");
    }

    /** Exposes the loop's queue of tasks not yet started. Once, before serving. */
    public void loopQueue(IntSupplier depth) {
        GaugeWithCallback.builder().name("todo_loop_queue_depth")
                .help("Tasks queued for the event loop thread and not yet started")
                .callback(cb -> cb.call(depth.getAsInt())).register(registry);
    }

    // ---- the transport (Java-WebSocket's threads) -----------------------------------------------------------

    /** A WebSocket connection opened. Any thread. */
    public void connectionOpened() {
        connections.inc();
    }

    /** A connection that {@link #connectionOpened} closed. Any thread. */
    public void connectionClosed() {
        connections.dec();
    }

    /** The unsent bytes of all connections together, as the send-budget sweep measured them. Any thread. */
    public void sendQueueBytes(long total) {
        sendQueueBytes.set(total);
    }

    /** A connection closed for reading too slowly: over its own cap ({@code heap=false}) or the heap budget. */
    public void slowConsumerClosed(boolean heapBudget) {
        slowConsumerCloses.labelValues(heapBudget ? "heap_budget" : "connection").inc();
    }

    // ---- the loop -------------------------------------------------------------------------------------------

    /**
     * A request was answered. Loop thread.
     *
     * @param verb          the request's type as sent (any other than a verb name counts as {@value #UNKNOWN_VERB})
     * @param error         the error it was answered with, null for ok
     * @param startedNanos  {@link System#nanoTime} when it came in
     */
    public void replied(String transport, String verb, ErrorCode error, long startedNanos) {
        long now = System.nanoTime();
        String label = verb != null && verbs.contains(verb) ? verb : UNKNOWN_VERB;
        CounterDataPoint[] byOutcome = requestSeries.computeIfAbsent(transport, t -> new HashMap<>())
                .computeIfAbsent(label, v -> new CounterDataPoint[1 + ErrorCode.values().length]);
        int i = error == null ? 0 : 1 + error.ordinal();
        if (byOutcome[i] == null) {
            byOutcome[i] = requests.labelValues(transport, label, error == null ? "ok" : error.wire());
        }
        byOutcome[i].inc();
        replyLatencyByTransport[WS.equals(transport) ? 0 : 1].observe((now - startedNanos) / NANOS_PER_SECOND);
    }

    /**
     * An event frame was queued for one connection. Loop thread. Inside the completion of a write the latency from
     * that write's commit is recorded too; other events (presence, held catch-up) are only counted.
     */
    public void eventQueued() {
        eventsDelivered.inc();
        if (completingCommitNanos != 0) {
            if (recipientsBeforeClock-- == 0) {
                clockNanos = System.nanoTime();
                recipientsBeforeClock = CLOCK_EVERY_RECIPIENTS - 1;
            }
            deliveryLatency.observeNanos(clockNanos - completingCommitNanos);
        }
    }

    /** A connection's held event frames ({@code frames}) went out in one write. Loop thread. */
    public void heldWritten(int frames) {
        heldWrites.inc();
        heldFrames.inc(frames);
    }

    // ---- the writer -----------------------------------------------------------------------------------------

    /** A write transaction of {@code ops} writes committed. Writer thread. */
    @Override
    public void committed(int ops, long transactionNanos, long commitNanos) {
        batchSize.observe(ops);
        batchSeconds.observe(transactionNanos / NANOS_PER_SECOND);
        commitSeconds.observe(commitNanos / NANOS_PER_SECOND);
    }

    /**
     * Where a committed batch's results are completed: on {@code loop}, each inside a window in which
     * {@link #eventQueued} knows the commit time. Writer thread; the returned executor's tasks run on the loop.
     */
    @Override
    public Executor completions(Executor loop, long committedNanos) {
        return task -> loop.execute(() -> {
            long outer = completingCommitNanos;
            completingCommitNanos = committedNanos;
            recipientsBeforeClock = 0; // the first recipient of each completion reads the clock
            try {
                task.run();
            } finally {
                completingCommitNanos = outer;
                recipientsBeforeClock = 0;
            }
        });
    }
}
