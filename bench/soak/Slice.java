import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened during one slice of the soak (the baseline or one attack): the honest clients' acks and errors, the
 * honest login probes, /healthz and accept probes, the server's RSS and CPU, and the attack's own account.
 * Written from any thread.
 */
final class Slice {
    final int index;
    final String name;
    final long startNanos;
    volatile long endNanos;
    final Hist ack = new Hist();
    final Hist login = new Hist();
    final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
    final Map<String, LongAdder> logins = new ConcurrentSkipListMap<>();
    final Map<String, LongAdder> health = new ConcurrentSkipListMap<>();
    final Map<String, LongAdder> accepts = new ConcurrentSkipListMap<>();
    final AtomicLong rssPeakKb = new AtomicLong(-1);
    volatile double cpuStart = -1, cpuEnd = -1;
    final List<String> saw = Collections.synchronizedList(new ArrayList<>());

    Slice(int index, String name) {
        this.index = index;
        this.name = name;
        this.startNanos = System.nanoTime();
    }

    static void count(Map<String, LongAdder> m, String k) { m.computeIfAbsent(k, x -> new LongAdder()).increment(); }

    void error(String code) { count(errors, code); }

    /** The attack's own account of what it saw: one line of the report. */
    void saw(String fmt, Object... args) { saw.add(String.format(fmt, args)); }

    double seconds() { return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9; }

    static String counts(Map<String, LongAdder> m) {
        if (m.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" ").append(v.sum()));
        return b.toString();
    }

    static long total(Map<String, LongAdder> m) { return m.values().stream().mapToLong(LongAdder::sum).sum(); }
}
