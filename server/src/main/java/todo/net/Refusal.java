package todo.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a connection or request is turned away, with the HTTP status that says so. Both listeners answer with it,
 * because a WebSocket handshake is an HTTP request too. Immutable.
 */
public enum Refusal {
    SERVER_FULL(503, "Service Unavailable", "unavailable", "too many open connections on this server; retry later"),
    ADDRESS_FULL(429, "Too Many Requests", "rate_limited", "too many open connections from your address; close some first"),
    HEAD_TIMEOUT(408, "Request Timeout", "bad_request", "request not received in time"),
    HEAD_TOO_LARGE(431, "Request Header Fields Too Large", "bad_request", "request line and headers too large"),
    BODY_TOO_LARGE(413, "Content Too Large", "bad_request", "request body too large"),
    BUSY(503, "Service Unavailable", "unavailable", "server busy; retry later");

    /** Seconds a client is told to wait before retrying a 503 or 429. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(Refusal.class);

    public final int status;
    public final String reason;
    /** The protocol's error code, as the REST API's error bodies carry it. */
    public final String code;
    public final String message;

    Refusal(int status, String reason, String code, String message) {
        this.status = status;
        this.reason = reason;
        this.code = code;
        this.message = message;
    }

    /** The body: {@code {"error": code, "message": text}}, the shape of every error the HTTP port answers. */
    public String json() {
        return "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    /** A complete {@code Connection: close} HTTP/1.1 response carrying {@link #json}. */
    public byte[] response() {
        byte[] body = json().getBytes(StandardCharsets.UTF_8);
        String retry = status == 503 || status == 429 ? "Retry-After: " + RETRY_AFTER_SECONDS + "\r\n" : "";
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "X-Content-Type-Options: nosniff\r\n" + retry + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /**
     * Writes the response without blocking, as far as the socket takes it (a fresh socket takes all of it), then
     * closes the channel. Never throws: the connection is being dropped either way.
     */
    public void sendAndClose(SocketChannel ch) {
        try (ch) {
            ch.write(ByteBuffer.wrap(response()));
            ch.shutdownOutput();
        } catch (IOException e) {
            log.debug("could not tell {} it was refused ({}): {}", ch, this, e.toString());
        }
    }
}
