package todo.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.CloseCodes;
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
    private final ThrottledLog cut = new ThrottledLog(log, "closed a connection to keep unsent data within the heap budget (1013)");

    SendBudget(long maxHeapBytes) {
        this.budgetBytes = maxHeapBytes / HEAP_DIVISOR;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** Measures every open connection's queue and cuts the largest while the total is over budget. */
    void sweep(Collection<WebSocket> connections) {
        record Queued(WsPeer peer, long bytes) {}
        List<Queued> queued = new ArrayList<>();
        long total = 0;
        for (WebSocket conn : connections) {
            if (conn.getAttachment() instanceof WsPeer peer && conn.isOpen()) {
                long n = peer.unsentBytes();
                total += n;
                if (n >= SPARED_BYTES) {
                    queued.add(new Queued(peer, n));
                }
            }
        }
        if (total <= budgetBytes) {
            return;
        }
        queued.sort(Comparator.comparingLong(Queued::bytes).reversed());
        for (Queued q : queued) {
            if (total <= budgetBytes) {
                break;
            }
            cut.warn(q.peer().describe() + ": " + q.bytes() + " bytes unsent; " + total + " in all, budget " + budgetBytes);
            q.peer().closeFromAnyThread(CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resync");
            total -= q.bytes();
        }
    }
}
