package todo.verbs;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A warning logged at most once per period, with the number of occurrences since the last one, so that a client
 * hammering a limit cannot flood the log too. Thread-safe: caps are hit on the writer, hashing shares on the loop.
 */
public final class ThrottledWarning {
    /** Seconds between two warnings of one kind. */
    static final long EVERY_SECONDS = 10;

    private final Logger log;
    private final String what;
    private long lastNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(EVERY_SECONDS);
    private int since;

    /** @param what the kind of event, e.g. "password checks refused (rate_limited)" */
    public ThrottledWarning(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Counts one occurrence; logs {@code latest} with the count when the period has passed. */
    public synchronized void hit(String latest) {
        since++;
        long now = System.nanoTime();
        if (now - lastNanos >= TimeUnit.SECONDS.toNanos(EVERY_SECONDS)) {
            log.warn("{}: {} in the last {} s; latest: {}", what, since, EVERY_SECONDS, latest);
            lastNanos = now;
            since = 0;
        }
    }
}
