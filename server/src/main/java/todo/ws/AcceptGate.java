package todo.ws;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.net.Descriptors;
import todo.net.ThrottledLog;

/**
 * Keeps the WebSocket listener alive when file descriptors run out. Java-WebSocket 1.6.0 treats an {@code accept()}
 * that throws (EMFILE: too many open files) like a broken connection and closes the listening socket, for good. So
 * before each accept the library asks {@link #mayAccept} (its {@code onConnect} hook); when no descriptor is free,
 * the listener stops asking for accepts (the library cancels its key) and {@link #resume} registers it again after
 * a back-off, doubling from {@link #FIRST_BACKOFF_MILLIS} to {@link #MAX_BACKOFF_MILLIS}. Meanwhile new clients
 * wait in the kernel's backlog instead of being refused.
 *
 * <p>{@link #mayAccept} runs on the library's selector thread, {@link #resume} on the guard's timer thread.
 */
final class AcceptGate {
    static final long FIRST_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

    private final ScheduledExecutorService timer;
    private final ThrottledLog paused = new ThrottledLog(log, "paused accepting WebSocket connections");
    private volatile SelectableChannel listener;
    private volatile Selector selector;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;

    AcceptGate(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** The library's {@code onConnect}: true to accept now; false cancels the listener's key until {@link #resume}. */
    boolean mayAccept(SelectionKey listenerKey) {
        listener = listenerKey.channel();
        selector = listenerKey.selector();
        if (Descriptors.oneMoreAvailable()) {
            backoffMillis = FIRST_BACKOFF_MILLIS;
            return true;
        }
        long wait = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        paused.warn("no file descriptor free (ulimit -n, or --max-connections too high); retrying in " + wait + " ms");
        timer.schedule(this::resume, wait, TimeUnit.MILLISECONDS);
        return false;
    }

    private void resume() {
        try {
            listener.register(selector, SelectionKey.OP_ACCEPT);
            selector.wakeup();
        } catch (CancelledKeyException e) {
            // The selector has not yet dropped the cancelled key (it does at its next select): try again shortly.
            timer.schedule(this::resume, FIRST_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ClosedChannelException | ClosedSelectorException e) {
            log.debug("not resuming accepts: the listener is closed ({})", e.toString());
        }
    }

    /** True once the listening socket has been closed by anything but a stop. Any thread. */
    boolean listenerClosed() {
        SelectableChannel l = listener;
        return l != null && !l.isOpen();
    }
}
