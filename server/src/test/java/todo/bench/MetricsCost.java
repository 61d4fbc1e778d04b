package todo.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Executor;
import todo.metrics.Metrics;

/**
 * What the metrics facade costs per call on the loop's hot path, in one thread: nanoseconds and bytes allocated
 * per {@code eventQueued} (per event recipient, outside and inside a commit's completion) and per {@code replied}
 * (per request). A plain main, not a test: {@code java -cp … todo.bench.MetricsCost [calls]}. Run it with what
 * bench/run.sh builds (the classes and dependencies); the figures are in bench/README.md.
 */
public final class MetricsCost {
    private MetricsCost() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
        Metrics m = new Metrics(List.of("ping", "task.create"));
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT; the last is reported
            boolean last = round == 2;
            measure("eventQueued, no commit in progress", calls, last, () -> {
                for (int i = 0; i < calls; i++) {
                    m.eventQueued();
                }
            });
            Executor inCommit = m.completions(Runnable::run, System.nanoTime());
            measure("eventQueued, in a commit's completion", calls, last, () -> inCommit.execute(() -> {
                for (int i = 0; i < calls; i++) {
                    m.eventQueued();
                }
            }));
            long t0 = System.nanoTime();
            measure("replied (counter + latency histogram)", calls, last, () -> {
                for (int i = 0; i < calls; i++) {
                    m.replied(Metrics.WS, "task.create", null, t0);
                }
            });
        }
    }

    private static void measure(String what, int calls, boolean print, Runnable work) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytes = mx.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        work.run();
        long nanos = System.nanoTime() - start;
        bytes = mx.getThreadAllocatedBytes(id) - bytes;
        if (print) {
            System.out.printf("%-40s %6.1f ns/call  %6.3f bytes/call%n", what, (double) nanos / calls, (double) bytes / calls);
        }
    }
}
