package todo.loop;

import java.net.InetAddress;

/**
 * The transport side of one connection, as the loop sees it. Implemented by the WebSocket layer;
 * all methods are safe to call from the loop thread and must not block.
 */
public interface Peer {
    /** Queues a text frame; a failure is logged by the implementation and otherwise ignored. */
    void send(String text);

    /**
     * Queues a text frame that may wait until the loop's current burst of tasks ends (about a millisecond at most),
     * so that what a burst sends one connection leaves in one write: events, and the replies of a client with more
     * requests in flight. Stays in order with {@link #send} and {@link #close}, which send what waits first.
     */
    default void sendInBurst(String text) {
        send(text);
    }

    /** Starts a close handshake with {@code code}; frames already queued go out first. */
    void close(int code, String reason);

    /** Bytes queued for this peer that the socket has not taken yet. May cost O(queued frames). */
    long unsentBytes();

    /** For logs: remote address. */
    String describe();

    /** The remote IP address, for per-address limits; null when unknown. */
    InetAddress remoteAddress();
}
