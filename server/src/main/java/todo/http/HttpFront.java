package todo.http;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: the web client's static files at {@code /}, {@code /config.json} (where the WebSocket is) and
 * {@code /healthz}. Runs on its own small pool; never touches loop state directly.
 */
public final class HttpFront implements AutoCloseable {
    public static final int THREADS = 4;
    private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

    private final HttpServer server;
    private final ExecutorService pool;
    private final StaticFiles files = new StaticFiles();
    private final IntSupplier wsPort;
    private final IntSupplier connections;
    private final LongSupplier uptimeSeconds;
    private final BooleanSupplier databaseWritable;

    /**
     * @param wsPort the bound WebSocket port (known once it is listening)
     * @param databaseWritable a blocking probe, called on an HTTP thread per /healthz request
     */
    public HttpFront(InetSocketAddress address, IntSupplier wsPort, IntSupplier connections, LongSupplier uptimeSeconds,
                     BooleanSupplier databaseWritable) throws IOException {
        this.wsPort = wsPort;
        this.connections = connections;
        this.uptimeSeconds = uptimeSeconds;
        this.databaseWritable = databaseWritable;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "todo-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(address, 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/healthz" -> health(ex);
                case "/config.json" -> config(ex);
                default -> file(ex, path);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = databaseWritable.getAsBoolean();
        JsonObject o = new JsonObject();
        o.addProperty("status", ok ? "ok" : "unavailable");
        o.addProperty("connections", connections.getAsInt());
        o.addProperty("uptimeSeconds", uptimeSeconds.getAsLong());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        respond(ex, ok ? 200 : 503, "application/json", o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void config(HttpExchange ex) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("ws", "ws://" + hostName(ex) + ":" + wsPort.getAsInt() + "/");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        respond(ex, 200, "application/json", o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void file(HttpExchange ex, String path) throws IOException {
        StaticFiles.File f = files.find(path);
        if (f == null) {
            respond(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.set("ETag", f.etag());
        // The files change with every deployment and have no hashed names: revalidate each time, cheaply.
        h.set("Cache-Control", "no-cache");
        h.set("Content-Security-Policy", csp(ex));
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        if (f.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        respond(ex, 200, f.contentType(), f.body());
    }

    /** Scripts only from this server; WebSocket only to our own WebSocket port on the host the page came from. */
    private String csp(HttpExchange ex) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws://" + hostName(ex) + ":" + wsPort.getAsInt() + "; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The host part of the Host header the page was reached by (IPv6 kept in brackets); the bound address if absent. */
    private String hostName(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host != null && !host.isBlank()) {
            try {
                String h = new URI("http://" + host.strip() + "/").getHost();
                if (h != null) {
                    return h;
                }
            } catch (URISyntaxException e) {
                log.debug("unparseable Host header {}", host);
            }
        }
        String addr = server.getAddress().getHostString();
        return addr.contains(":") ? "[" + addr + "]" : addr;
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
