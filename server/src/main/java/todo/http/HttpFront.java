package todo.http;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import todo.net.Admission;
import todo.net.HostNames;
import todo.net.NetConfig;

/**
 * The HTTP side's routes: the web client's static files at {@code /}, {@code /config.json} (where the WebSocket is)
 * and {@code /healthz}. Requests arrive complete from {@link HttpListener}; these methods run on its handler threads
 * and never touch loop state directly.
 */
public final class HttpFront implements AutoCloseable {
    private final HttpListener listener;
    private final StaticFiles files = new StaticFiles();
    private final IntSupplier wsPort;
    private final Supplier<Health> health;
    private final HostNames hosts;
    /** The handler of {@link #API_PREFIX} (the REST API), or null until {@link #mount} gives one. */
    private volatile Function<HttpRequest, HttpResponse> api;
    /** The body of {@code GET /metrics}, or null until {@link #mountMetrics} gives one. */
    private volatile Supplier<byte[]> metrics;

    /** Where the metrics are, in Prometheus' text format (see docs/metrics.md). */
    public static final String METRICS_PATH = "/metrics";
    /** The content type of {@link #METRICS_PATH}: Prometheus' text format, version 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Requests under this path go to the mounted API, whatever their method. */
    public static final String API_PREFIX = "/api/v1";

    /**
     * @param wsPort the bound WebSocket port (known once it is listening)
     * @param health a blocking probe of the whole server, called on a handler thread per /healthz request
     */
    public HttpFront(InetSocketAddress address, NetConfig net, HostNames hosts, Admission admission, IntSupplier wsPort,
                     Supplier<Health> health) throws IOException {
        this.wsPort = wsPort;
        this.health = health;
        this.hosts = hosts;
        this.listener = new HttpListener(address, net, admission, this::handle);
    }

    /** Gives requests under {@link #API_PREFIX} to {@code handler} (called on handler threads). Before start. */
    public void mount(Function<HttpRequest, HttpResponse> handler) {
        this.api = handler;
    }

    /** Serves {@code scrape()} at {@link #METRICS_PATH} (called on handler threads, per request). Before start. */
    public void mountMetrics(Supplier<byte[]> scrape) {
        this.metrics = scrape;
    }

    public void start() {
        listener.start();
    }

    public int port() {
        return listener.port();
    }

    /** Whether the HTTP listener is accepting. Any thread. */
    public boolean alive() {
        return listener.alive();
    }

    /** Completes with a reason if the HTTP listener stops for good other than by {@link #close}. */
    public CompletableFuture<String> failed() {
        return listener.failed();
    }

    private HttpResponse handle(HttpRequest req) {
        String path = req.path();
        if (api != null && (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/"))) {
            return api.apply(req);
        }
        String method = req.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpResponse.text(405, "method not allowed").header("Allow", "GET, HEAD");
        }
        return switch (req.path()) {
            case "/healthz" -> health();
            case METRICS_PATH -> metrics();
            case "/config.json" -> config(req);
            default -> file(req);
        };
    }

    private HttpResponse health() {
        Health h = health.get();
        return HttpResponse.json(h.ok() ? 200 : 503, h.toJson().toString());
    }

    /** Not cached, not sniffed; 404 when no metrics are mounted. */
    private HttpResponse metrics() {
        Supplier<byte[]> m = metrics;
        if (m == null) {
            return HttpResponse.text(404, "not found");
        }
        return new HttpResponse(200, METRICS_CONTENT_TYPE, m.get())
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
    }

    /** The WebSocket address on the host the page was reached by, if that is a name we answer to (never echoed). */
    private HttpResponse config(HttpRequest req) {
        JsonObject o = new JsonObject();
        o.addProperty("ws", wsUrl(req));
        return HttpResponse.json(200, o.toString());
    }

    /** The WebSocket URL on the host {@code req} was sent to, if that is a name we answer to. Any thread. */
    public String wsUrl(HttpRequest req) {
        return "ws://" + hosts.hostFor(req.header("Host")) + ":" + wsPort.getAsInt() + "/";
    }

    private HttpResponse file(HttpRequest req) {
        StaticFiles.File f;
        try {
            f = files.find(req.path());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (f == null) {
            return HttpResponse.text(404, "not found");
        }
        HttpResponse r = f.etag().equals(req.header("If-None-Match"))
                ? new HttpResponse(304, null, new byte[0]) : new HttpResponse(200, f.contentType(), f.body());
        // The files change with every deployment and have no hashed names: revalidate each time, cheaply.
        return r.header("ETag", f.etag()).header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", csp(req)).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY");
    }

    /** Scripts only from this server; WebSocket only to our own WebSocket port on the host the page came from. */
    private String csp(HttpRequest req) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws://" + hosts.hostFor(req.header("Host")) + ":" + wsPort.getAsInt() + "; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    public void close() {
        listener.close();
    }
}
