package todo.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A latency histogram with one writer thread (the loop), for observations made once per event recipient: a plain
 * increment of a bucket instead of the client histogram's atomics (which cost about 200 ns per observation on this
 * machine, against 5 here: bench/README.md). Writes and reads are opaque (never torn), so a scrape on another
 * thread reads each bucket whole, at most a few observations behind; the count it reports is the sum of the
 * buckets it read. Exposed through the client as a {@link Collector}, written out by the client's own writer.
 */
final class LoopHistogram implements Collector {
    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(LoopHistogram.class, "sumNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final String help;
    /** Upper bounds in seconds, then +Inf. */
    private final double[] bounds;
    private final long[] boundsNanos;
    /** Observations per bucket (not cumulative); the last is +Inf. Written by the loop only. */
    private final long[] counts;
    @SuppressWarnings("unused") // through SUM
    private long sumNanos;

    /** @param name ending in {@code _seconds}; @param upperBoundsSeconds ascending, without +Inf */
    LoopHistogram(String name, String help, double[] upperBoundsSeconds) {
        this.name = name;
        this.help = help;
        this.bounds = Arrays.copyOf(upperBoundsSeconds, upperBoundsSeconds.length + 1);
        bounds[upperBoundsSeconds.length] = Double.POSITIVE_INFINITY;
        this.boundsNanos = Arrays.stream(upperBoundsSeconds).mapToLong(s -> Math.round(s * 1e9)).toArray();
        this.counts = new long[bounds.length];
    }

    /** One observation. The one writer thread only (the loop). */
    void observeNanos(long nanos) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        BUCKET.setOpaque(counts, i, (long) BUCKET.getOpaque(counts, i) + 1);
        SUM.setOpaque(this, (long) SUM.getOpaque(this) + nanos);
    }

    /** Any thread (a scrape). */
    @Override
    public MetricSnapshot collect() {
        long[] read = new long[counts.length];
        for (int i = 0; i < read.length; i++) {
            read[i] = (long) BUCKET.getOpaque(counts, i);
        }
        double sum = (long) SUM.getOpaque(this) / 1e9;
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, read)).sum(sum).build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
