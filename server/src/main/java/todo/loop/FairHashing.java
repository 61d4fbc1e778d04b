package todo.loop;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.net.ThrottledLog;
import todo.verbs.Caller;
import todo.verbs.Hashing;
import todo.verbs.Limits;

/**
 * The verbs' {@link Hashing}: shares the password-hashing pool ({@link Crypto}) fairly. Each remote address has its
 * own queue, and the pool's threads take the next job from each address in turn (round-robin), so a flood from
 * some addresses waits behind itself while a newcomer is served after at most one job per busy address. Each
 * address and each caller (a connection) may have only so many checks queued or running ({@link Limits}); beyond
 * that, that request gets {@code rate_limited} and nobody else notices; refusals are logged, throttled. Loop
 * thread only.
 */
public final class FairHashing implements Hashing {
    private static final ThrottledLog REFUSED = new ThrottledLog(LoggerFactory.getLogger(FairHashing.class),
            "password checks refused (rate_limited)");

    private final Crypto crypto;
    private final int perConnection;
    private final int perAddress;
    /** Addresses with queued jobs, in serving order. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Job<?>>> queues = new HashMap<>();
    /** Jobs queued or running, per address and per caller. */
    private final Map<String, Integer> byAddress = new HashMap<>();
    private final Map<Caller, Integer> byCaller = new IdentityHashMap<>();
    private int queued;
    private int running;

    private record Job<T>(Caller caller, String address, Supplier<T> work, CompletableFuture<T> result) {}

    public FairHashing(Crypto crypto, Limits limits) {
        this.crypto = crypto;
        this.perConnection = limits.hashPerConnection();
        this.perAddress = limits.hashPerAddress();
    }

    /** Queues {@code work} for {@code s}; the future completes on the loop, or at once with {@code rate_limited}. */
    @Override
    public <T> CompletableFuture<T> run(Caller s, Supplier<T> work) {
        String address = key(s.remoteAddress());
        String refusal = byCaller.getOrDefault(s, 0) >= perConnection ? "on this connection"
                : byAddress.getOrDefault(address, 0) >= perAddress ? "from your address"
                : queued >= Crypto.MAX_QUEUED ? "on the server" : null;
        if (refusal != null) {
            REFUSED.warn(refusal + ", " + s);
            return CompletableFuture.failedFuture(new ApiException(ErrorCode.RATE_LIMITED,
                    "too many password checks in progress " + refusal + ": try again shortly"));
        }
        Job<T> job = new Job<>(s, address, work, new CompletableFuture<>());
        byCaller.merge(s, 1, Integer::sum);
        byAddress.merge(address, 1, Integer::sum);
        ArrayDeque<Job<?>> q = queues.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (q.isEmpty()) {
            turns.add(address);
        }
        q.add(job);
        queued++;
        pump();
        return job.result();
    }

    /** Hands jobs to the pool while it has an idle thread, one address at a time. */
    private void pump() {
        while (running < crypto.threads() && !turns.isEmpty()) {
            String address = turns.poll();
            ArrayDeque<Job<?>> q = queues.get(address);
            Job<?> job = q.poll();
            if (q.isEmpty()) {
                queues.remove(address);
            } else {
                turns.add(address);
            }
            queued--;
            start(job);
        }
    }

    private <T> void start(Job<T> job) {
        if (job.caller().gone()) {
            // Nobody is left to answer: do not spend a thread on it.
            release(job);
            job.result().completeExceptionally(new ApiException(ErrorCode.RATE_LIMITED, "connection closed"));
            return;
        }
        running++;
        crypto.run(job.work()).whenComplete((v, e) -> {
            running--;
            release(job);
            if (e != null) {
                job.result().completeExceptionally(e);
            } else {
                job.result().complete(v);
            }
            pump();
        });
    }

    private void release(Job<?> job) {
        byCaller.computeIfPresent(job.caller(), (k, n) -> n == 1 ? null : n - 1);
        byAddress.computeIfPresent(job.address(), (k, n) -> n == 1 ? null : n - 1);
    }

    /** An address's share key: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64). */
    static String key(InetAddress a) {
        if (a == null) {
            return "unknown";
        }
        if (a instanceof Inet6Address) {
            byte[] b = Arrays.copyOf(a.getAddress(), 8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < b.length; i += 2) {
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return sb.append(":/64").toString();
        }
        return a.getHostAddress();
    }
}
