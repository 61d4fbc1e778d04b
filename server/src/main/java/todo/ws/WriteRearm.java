package todo.ws;

import java.nio.channels.SelectionKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a lost wake-up in Java-WebSocket 1.6.0's server. A send queues the frame and asks the selector
 * for write interest ({@code onWriteDemand}: interest READ|WRITE, then wakeup). But when the selector thread
 * has just emptied that connection's queue, it then sets the interest back to READ alone, without
 * synchronisation. A frame queued in between keeps waiting without write interest until the next send on
 * that connection, which may be the next ping 30 s later. The test suite caught a reply stuck for 20 s.
 *
 * <p>So every connection sent to is watched until its queue is empty. Every {@link #INTERVAL_MILLIS} ms, the
 * ones that have frames queued but no write interest get it asked for again. The worst case drops from one
 * ping interval to one sweep.
 */
final class WriteRearm implements AutoCloseable {
    static final long INTERVAL_MILLIS = 50;
    static final String THREAD_NAME = "todo-ws-rearm";

    private static final Logger log = LoggerFactory.getLogger(WriteRearm.class);

    private final WebSocketServer server;
    private final Set<WebSocket> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });

    WriteRearm(WebSocketServer server) {
        this.server = server;
        timer.scheduleWithFixedDelay(this::sweep, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Call after queueing a frame on {@code conn}; any thread. */
    void sent(WebSocket conn) {
        watched.add(conn);
    }

    /**
     * The connections sent to whose queues may not be empty yet: every connection with unsent data is among them.
     * A live view (iterating it is safe while it changes); do not modify. Any thread.
     */
    Set<WebSocket> busy() {
        return watched;
    }

    private void sweep() {
        for (WebSocket conn : watched) {
            try {
                if (conn.isOpen() && conn.hasBufferedData()) {
                    if (lostWriteInterest(conn)) {
                        server.onWriteDemand(conn);
                    }
                    continue;
                }
                watched.remove(conn);
                // A frame queued after the look above was queued before its sender re-added conn, which this
                // remove may have undone: look again.
                if (conn.isOpen() && conn.hasBufferedData()) {
                    watched.add(conn);
                }
            } catch (RuntimeException e) {
                log.debug("could not ask for write interest on {}; it is closing", conn.getRemoteSocketAddress(), e);
                watched.remove(conn);
            }
        }
    }

    /**
     * Frames queued but no write interest: the stuck state. Asking again only then keeps the selector from being
     * woken for the many connections that are merely busy sending.
     */
    private static boolean lostWriteInterest(WebSocket conn) {
        if (!(conn instanceof WebSocketImpl impl)) {
            return true;
        }
        SelectionKey key = impl.getSelectionKey();
        return key == null || (key.interestOps() & SelectionKey.OP_WRITE) == 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        watched.clear();
    }
}
