package todo.net;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open TCP connections of both listeners, in total and per remote address, and admits a new one only
 * under both caps. The total cap is also kept below the process's open-files limit, so that accepting never runs
 * out of file descriptors because of connections alone. Thread-safe: the two listeners' threads call it.
 */
public final class Admission {
    /**
     * File descriptors kept for everything that is not a client connection: the database and its journal, the
     * jar, the selectors and their wake-up pipes, a refused socket being answered.
     */
    public static final int FD_HEADROOM = 128;
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    /** An admitted connection's place; {@link #release} it exactly when the socket closes (extra calls are ignored). */
    public final class Ticket {
        private final InetAddress address;
        private boolean released;

        private Ticket(InetAddress address) {
            this.address = address;
        }

        public void release() {
            synchronized (Admission.this) {
                if (released) {
                    return;
                }
                released = true;
                total--;
                perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /** Either a ticket or why there is none. */
    public record Decision(Ticket ticket, Refusal refusal) {}

    public Admission(int maxTotal, int maxPerAddress) {
        long fdLimit = openFilesLimit();
        int cap = maxTotal;
        if (fdLimit > 0 && maxTotal > fdLimit - FD_HEADROOM) {
            cap = (int) Math.max(1, fdLimit - FD_HEADROOM);
            log.warn("--max-connections {} lowered to {}: the open-files limit is {} (raise it with ulimit -n)",
                    maxTotal, cap, fdLimit);
        }
        this.maxTotal = cap;
        this.maxPerAddress = maxPerAddress;
    }

    /** Any thread. */
    public synchronized Decision admit(InetAddress remote) {
        if (total >= maxTotal) {
            return new Decision(null, Refusal.SERVER_FULL);
        }
        int mine = perAddress.getOrDefault(remote, 0);
        if (mine >= maxPerAddress) {
            return new Decision(null, Refusal.ADDRESS_FULL);
        }
        perAddress.put(remote, mine + 1);
        total++;
        return new Decision(new Ticket(remote), null);
    }

    public synchronized int open() {
        return total;
    }

    /** The effective server-wide cap (the flag, or lower if the open-files limit demands it). */
    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** The soft limit on open files, or -1 where the platform does not say. */
    static long openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
