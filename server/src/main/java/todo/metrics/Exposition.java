package todo.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a server's metrics and the JVM's (memory, GC, allocation, threads, buffers, process CPU and RSS) in
 * Prometheus' text format, through the client's own writer. Called on HTTP handler threads; a scrape reads the
 * metrics' adders and the JVM's MX beans and never waits for the loop.
 */
public final class Exposition {
    /** {@code text/plain; version=0.0.4; charset=utf-8}: what Prometheus asks for and parses. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final Metrics metrics;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public Exposition(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The JVM's collectors, registered once per process: some add a GC listener, which nothing ever removes. */
    private static final class Jvm {
        static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

        static {
            JvmMemoryMetrics.builder().register(REGISTRY);
            JvmGarbageCollectorMetrics.builder().register(REGISTRY);
            JvmMemoryPoolAllocationMetrics.builder().register(REGISTRY);
            JvmBufferPoolMetrics.builder().register(REGISTRY);
            JvmThreadsMetrics.builder().register(REGISTRY);
            ProcessMetrics.builder().register(REGISTRY);
        }
    }

    /** One scrape, as the body of a {@code GET /metrics} answer. Any thread. */
    public byte[] scrape() {
        List<MetricSnapshot> all = new ArrayList<>();
        metrics.registry.scrape().forEach(all::add);
        Jvm.REGISTRY.scrape().forEach(all::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, new MetricSnapshots(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
