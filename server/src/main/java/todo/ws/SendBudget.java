package todo.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.CloseCodes;
import todo.metrics.Metrics;
import todo.net.ThrottledLog;

/**
 * Bounds the unsent bytes of all connections together. Each connection may queue up to 4 MiB, but thousands of
 * signed-in connections that never read could then hold gigabytes. Every sweep sums the queues; over
 * {@link #budgetBytes}, the connections with the most unsent data are closed with 1013 until the rest fits, largest
 * first, and never one holding less than {@link #SPARED_BYTES}. Runs on the guard's timer thread.
 */
final class SendBudget {
    /** Share of the maximum heap that unsent data may take, all connections together. */
    static final int HEAP_DIVISOR = 4;
    /** A connection with less than this queued is never the one cut: it is not the problem. */
    static final long SPARED_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SendBudget.class);

    private final long budgetBytes;
    private final Metrics metrics;
    private final ThrottledLog cut = new ThrottledLog(log, "closed a connection to keep unsent data within the heap budget (1013)");

    SendBudget(long maxHeapBytes, Metrics metrics) {
        this.budgetBytes = maxHeapBytes / HEAP_DIVISOR;
        this.metrics = metrics;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /**
     * Measures the queues of {@code connections} (those that may have unsent data: see {@link WriteRearm#busy})
     * and cuts the largest while the total is over budget. Under budget, the usual case, it allocates nothing but
     * the iterator: it runs 4 times a second, and a map of every connection per sweep was most of what an idle
     * server allocated (bench/README.md, "What idle connections allocate").
     */
    void sweep(Collection<WebSocket> connections) {
        long total = 0;
        for (WebSocket conn : connections) {
            if (conn.getAttachment() instanceof WsPeer peer && conn.isOpen()) {
                total += peer.unsentBytes();
            }
        }
        metrics.sendQueueBytes(total);
        if (total <= budgetBytes) {
            return;
        }
        Map<WsPeer, Long> unsent = new HashMap<>();
        for (WebSocket conn : connections) {
            if (conn.getAttachment() instanceof WsPeer peer && conn.isOpen()) {
                unsent.put(peer, peer.unsentBytes());
            }
        }
        total = unsent.values().stream().mapToLong(Long::longValue).sum();
        for (WsPeer peer : toCut(unsent, budgetBytes)) {
            cut.warn(peer.describe() + ": " + unsent.get(peer) + " bytes unsent; " + total + " in all, budget " + budgetBytes);
            peer.closeFromAnyThread(CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resync");
            metrics.slowConsumerClosed(true);
        }
    }

    /**
     * The policy, apart from the sockets: the queues to cut, largest first, until the rest fits in {@code budget};
     * none holding less than {@link #SPARED_BYTES}, even if the rest then still does not fit.
     */
    static <T> List<T> toCut(Map<T, Long> unsent, long budget) {
        long total = unsent.values().stream().mapToLong(Long::longValue).sum();
        List<T> cut = new ArrayList<>();
        List<Map.Entry<T, Long>> largest = new ArrayList<>(unsent.entrySet());
        largest.sort(Map.Entry.<T, Long>comparingByValue(Comparator.reverseOrder()));
        for (Map.Entry<T, Long> q : largest) {
            if (total <= budget || q.getValue() < SPARED_BYTES) {
                break;
            }
            cut.add(q.getKey());
            total -= q.getValue();
        }
        return cut;
    }
}
