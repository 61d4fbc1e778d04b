import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Latency histogram from ../shared/anchors/load: log-linear buckets over microseconds (under 1.6 % error). Thread-safe. */
final class Hist {
    private final AtomicLongArray b = new AtomicLongArray(64 * 40);
    private final LongAdder n = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long v = Math.min(Math.max(nanos / 1000, 0), 1L << 38);
        int lz = Long.numberOfLeadingZeros(v);
        b.incrementAndGet(v < 128 ? (int) v : ((57 - lz) << 6) + (int) (v >>> (57 - lz)));
        n.increment();
        max.accumulateAndGet(v, Math::max);
    }

    long count() { return n.sum(); }

    /** Milliseconds, or null when empty. */
    Double max() { return count() == 0 ? null : max.get() / 1000.0; }

    /** The q-quantile in milliseconds, or null when empty. */
    Double pct(double q) {
        long need = (long) Math.ceil(q * count()), seen = 0;
        if (need == 0) return null;
        for (int i = 0; i < b.length(); i++)
            if ((seen += b.get(i)) >= need) {
                if (i < 128) return i / 1000.0;
                int sh = (i >> 6) - 1;
                return Math.min(((long) (i - (sh << 6)) << sh) + (1L << sh) / 2, max.get()) / 1000.0;
            }
        return max();
    }

    /** "p50 / p99 / max ms (n)" for the report. */
    String summary() {
        if (count() == 0) return "n/a";
        return Soak.ms(pct(0.5)) + " / " + Soak.ms(pct(0.99)) + " / " + Soak.ms(max()) + " ms (" + count() + ")";
    }
}
