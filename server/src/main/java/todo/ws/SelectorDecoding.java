package todo.ws;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.BlockingQueue;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes what the selector thread just read on that same thread, instead of handing the connection to a
 * {@code WebSocketWorker} (a queue and a thread wake-up per message). Runs on the library's selector thread.
 *
 * <p>Why: a request then crosses two threads (selector, loop) rather than three; on a 2-core machine each wake-up of
 * a parked thread is a chance to wait for a core, which is where an idle request's tail went (bench/README.md, "Where
 * an idle request's time goes"). Decoding is bounded work: a frame is at most {@link WsServer#MAX_MESSAGE_BYTES},
 * and JSON parsing is a few microseconds per request.
 *
 * <p>The library's read path takes a buffer from its private pool, puts it on the connection's {@code inQueue} and
 * calls the protected {@code queue}; its worker decodes and returns the buffer to the pool. Doing the decode here
 * means returning the buffer too, and the pool is a private field: it is found once, by name. If this library
 * version has no such field, {@link #available} is false and the server keeps the library's workers.
 */
final class SelectorDecoding {
    private static final Logger log = LoggerFactory.getLogger(SelectorDecoding.class);
    /** At most this much of what a peer sent after the frame that made us close it is read and dropped. */
    static final int MAX_DISCARD_BYTES = 4 * WsServer.MAX_MESSAGE_BYTES;

    private final BlockingQueue<ByteBuffer> pool;

    SelectorDecoding(WebSocketServer server) {
        this.pool = poolOf(server);
    }

    /** False when the library's buffer pool was not found; decoding then stays on its workers. */
    boolean available() {
        return pool != null;
    }

    /**
     * Decodes the buffer the selector just queued on {@code ws} and returns it to the pool. Never throws: an
     * exception escaping into the selector loop would stop the whole listener, so a connection whose decoding fails
     * is closed alone (as the library's worker does).
     */
    void decode(WebSocketImpl ws) {
        ByteBuffer buf = ws.inQueue.poll();
        if (buf == null) {
            return;
        }
        try {
            ws.decode(buf);
            if (ws.isFlushAndClose()) {
                discardUnread(ws, buf);
            }
        } catch (RuntimeException e) {
            log.warn("decoding failed on {}; closing it", ws.getRemoteSocketAddress(), e);
            ws.close();
        } finally {
            buf.clear();
            if (!pool.offer(buf)) {
                log.warn("read buffer pool refused a buffer");
            }
        }
    }

    /**
     * The library closes the socket as soon as its close frame is written, and a socket closed with unread bytes
     * sends a reset, which makes the peer drop our close frame (a 1009 for an oversized message becomes a 1006).
     * When the library's worker decoded, the selector thread happened to read on meanwhile; decoding here, the
     * rest of an oversized message is still unread when the close goes out. So read it now and drop it (the library
     * ignores anything after its close anyway), up to {@link #MAX_DISCARD_BYTES}.
     */
    private static void discardUnread(WebSocketImpl ws, ByteBuffer scratch) {
        ByteChannel channel = ws.getChannel();
        if (channel == null) {
            return;
        }
        try {
            for (int total = 0; total < MAX_DISCARD_BYTES; ) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n <= 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException e) {
            log.debug("discarding after close on {}: {}", ws.getRemoteSocketAddress(), e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static BlockingQueue<ByteBuffer> poolOf(WebSocketServer server) {
        try {
            Field f = WebSocketServer.class.getDeclaredField("buffers");
            f.setAccessible(true);
            return (BlockingQueue<ByteBuffer>) f.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Java-WebSocket's read buffer pool not found ({}); frames are decoded on its workers", e.toString());
            return null;
        }
    }
}
