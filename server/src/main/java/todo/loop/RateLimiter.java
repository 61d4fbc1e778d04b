package todo.loop;

/** A token bucket: {@code rate} requests per second on average, bursts up to {@code 2 * rate}. Loop thread only. */
final class RateLimiter {
    static final int BURST_FACTOR = 2;

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param rate requests per second; 0 disables limiting */
    RateLimiter(int rate, long nowNanos) {
        this.perNano = rate / 1e9;
        this.capacity = (double) rate * BURST_FACTOR;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Whether the bucket would be full now: forgetting this limiter and starting afresh changes nothing. */
    boolean atRest(long nowNanos) {
        return tokens + (nowNanos - last) * perNano >= capacity;
    }

    boolean tryAcquire(long nowNanos) {
        if (capacity == 0) {
            return true;
        }
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
