package todo.net;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that an attacker can trigger thousands of times a second, logged at most once per
 * {@link #INTERVAL_NANOS} with the number of occurrences it stands for. Thread-safe; any thread.
 */
public final class ThrottledLog {
    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String what;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

    /** @param what what happened, for example "refused connection": the line reads "refused connection x3 in 10 s: detail" */
    public ThrottledLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Counts one occurrence; logs it (with the count since the last line) if the interval has passed. */
    public void warn(String detail) {
        count.incrementAndGet();
        long now = System.nanoTime();
        long next = nextNanos.get();
        if (now - next >= 0 && nextNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
            log.warn("{} (x{} since the last such line): {}", what, count.getAndSet(0), detail);
        }
    }
}
