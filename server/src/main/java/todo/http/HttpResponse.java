package todo.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to send: status, headers and body. {@code Content-Length} and {@code Connection} are added by the
 * listener. Built on a handler thread, then handed to the I/O thread; not modified after.
 */
public final class HttpResponse {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    public HttpResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static HttpResponse text(int status, String text) {
        HttpResponse r = new HttpResponse(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
        return r.header("X-Content-Type-Options", "nosniff");
    }

    /** JSON is never to be sniffed as anything else, nor cached. */
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
    }

    /** An error in the shape every error on the HTTP port has: {@code {"error": code, "message": text}}. */
    public static HttpResponse error(int status, String code, String message) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("error", code);
        o.addProperty("message", message);
        return json(status, o.toString());
    }

    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Status line and headers, then the body unless {@code head}; {@code close} adds {@code Connection: close}. */
    byte[] encode(boolean head, boolean close) {
        StringBuilder b = new StringBuilder(256);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        if (status != 304 && status != 204) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            b.append("Connection: close\r\n");
        }
        b.append("\r\n");
        byte[] h = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        boolean withBody = !head && status != 304 && status != 204;
        byte[] all = new byte[h.length + (withBody ? body.length : 0)];
        System.arraycopy(h, 0, all, 0, h.length);
        if (withBody) {
            System.arraycopy(body, 0, all, h.length, body.length);
        }
        return all;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
        };
    }
}
