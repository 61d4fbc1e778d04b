package todo.net;

import java.util.List;

/**
 * The limits of the two listeners and the host names the server answers to, as the operator set them
 * ({@code todo.app.Config} parses them). Immutable.
 *
 * @param maxConnections          open TCP connections, both ports together
 * @param maxConnectionsPerAddress open TCP connections from one remote address, both ports together
 * @param handshakeTimeoutSeconds a WebSocket connection must complete its handshake within this
 * @param maxHandshakeBytes       the WebSocket handshake's request line and headers, at most
 * @param httpHeaderTimeoutSeconds an HTTP connection must deliver a complete request head within this, counted from
 *                                when it was accepted or its previous response was sent
 * @param httpRequestTimeoutSeconds one HTTP exchange, from its first byte to its response's last, at most
 * @param maxHttpHeaderBytes      an HTTP request line and headers, at most
 * @param maxHttpBodyBytes        an HTTP request body, at most
 * @param publicHosts             DNS names (besides {@code --host} and localhost) that browsers reach the server by
 */
public record NetConfig(int maxConnections, int maxConnectionsPerAddress, int handshakeTimeoutSeconds,
                        int maxHandshakeBytes, int httpHeaderTimeoutSeconds, int httpRequestTimeoutSeconds,
                        int maxHttpHeaderBytes, int maxHttpBodyBytes, List<String> publicHosts) {
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** A fifth of the total: five addresses are needed to fill the server. Behind a proxy, raise it to the total. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 2_000;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;
    /** Browsers send 0.5 to 2 KiB, more with many cookies for the host. */
    public static final int DEFAULT_MAX_HANDSHAKE_BYTES = 16 * 1024;
    /** The library's read buffer: a head must fit in one, as {@code GuardedChannel} hands it over in one piece. */
    public static final int MAX_HANDSHAKE_BYTES_CEILING = 64 * 1024;
    public static final int DEFAULT_HTTP_HEADER_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MAX_HTTP_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HTTP_BODY_BYTES = 64 * 1024;
    /**
     * Connections the kernel completes and queues for both listeners before they are accepted (Linux caps it at
     * {@code net.core.somaxconn}, 4096 by default). Java's default, 50, which Java-WebSocket keeps, drops the SYNs
     * of a reconnect storm past the first 50 in flight, and each dropped client retries only after a second.
     */
    public static final int LISTEN_BACKLOG = 1024;

    public NetConfig {
        publicHosts = List.copyOf(publicHosts);
    }

    public static NetConfig defaults() {
        return new NetConfig(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_HANDSHAKE_TIMEOUT_SECONDS, DEFAULT_MAX_HANDSHAKE_BYTES, DEFAULT_HTTP_HEADER_TIMEOUT_SECONDS,
                DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS, DEFAULT_MAX_HTTP_HEADER_BYTES, DEFAULT_MAX_HTTP_BODY_BYTES,
                List.of());
    }

    public NetConfig withMaxConnections(int n, int perAddress) {
        return new NetConfig(n, perAddress, handshakeTimeoutSeconds, maxHandshakeBytes, httpHeaderTimeoutSeconds,
                httpRequestTimeoutSeconds, maxHttpHeaderBytes, maxHttpBodyBytes, publicHosts);
    }

    public NetConfig withHandshake(int timeoutSeconds, int maxBytes) {
        return new NetConfig(maxConnections, maxConnectionsPerAddress, timeoutSeconds, maxBytes,
                httpHeaderTimeoutSeconds, httpRequestTimeoutSeconds, maxHttpHeaderBytes, maxHttpBodyBytes, publicHosts);
    }

    public NetConfig withHttp(int headerTimeoutSeconds, int requestTimeoutSeconds, int maxHeaderBytes, int maxBodyBytes) {
        return new NetConfig(maxConnections, maxConnectionsPerAddress, handshakeTimeoutSeconds, maxHandshakeBytes,
                headerTimeoutSeconds, requestTimeoutSeconds, maxHeaderBytes, maxBodyBytes, publicHosts);
    }

    public NetConfig withPublicHosts(List<String> hosts) {
        return new NetConfig(maxConnections, maxConnectionsPerAddress, handshakeTimeoutSeconds, maxHandshakeBytes,
                httpHeaderTimeoutSeconds, httpRequestTimeoutSeconds, maxHttpHeaderBytes, maxHttpBodyBytes, hosts);
    }
}
