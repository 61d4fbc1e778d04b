package todo.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.http.Health;
import todo.http.HttpFront;
import todo.cluster.NatsBus;
import todo.loop.Bus;
import todo.loop.Crypto;
import todo.loop.Dispatcher;
import todo.loop.EventLoop;
import todo.loop.FairHashing;
import todo.metrics.Exposition;
import todo.metrics.Metrics;
import todo.net.Admission;
import todo.net.HostNames;
import todo.rest.RestApi;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.pg.PgStore;
import todo.verbs.Verbs;
import todo.ws.WsServer;

/**
 * The wiring: event loop, store, crypto pool, verbs, dispatcher, HTTP and WebSocket listeners. {@link #start} is what
 * {@code Main} runs and what tests call, so tests exercise the production wiring.
 */
public final class Server implements AutoCloseable {
    public static final int CRYPTO_THREADS = 2;
    public static final long START_TIMEOUT_SECONDS = 10;
    public static final long DRAIN_TIMEOUT_SECONDS = 10;
    public static final long HEALTH_TIMEOUT_SECONDS = 3;
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final EventLoop loop;
    private final Store store;
    private final NatsBus bus;
    private final String node;
    private final Crypto crypto;
    private final Dispatcher dispatcher;
    private final HttpFront http;
    private final WsServer ws;
    private final Config config;
    private final long startedNanos = System.nanoTime();
    private final Admission admission;
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private boolean closed;

    private Server(Config config, Function<Executor, Store> stores) throws IOException {
        this.config = config;
        this.loop = new EventLoop();
        this.store = stores.apply(loop);
        this.node = config.cluster().nodeIdOrDefault();
        this.bus = joinBus(config, node, loop, store);
        this.crypto = new Crypto(CRYPTO_THREADS, loop);
        Verbs verbs = new Verbs(new FairHashing(crypto, config.limits()), config.passwordIterations(), config.limits());
        Metrics metrics = new Metrics(verbs.names());
        metrics.loopQueue(loop::queueDepth);
        store.observeWrites(metrics);
        this.dispatcher = new Dispatcher(loop, store, verbs, config.maxRate(), metrics,
                bus == null ? Bus.LOCAL : bus,
                config.limits().editingTimeoutMillis());
        this.admission = new Admission(config.net().maxConnections(), config.net().maxConnectionsPerAddress());
        HostNames hosts = new HostNames(config.host(), config.net().publicHosts());
        // The WebSocket listener first: the HTTP side names its port (config.json, the pages' CSP), and a browser
        // that reconnected while a restarted server had only its HTTP side up was told port 0 (regression test:
        // StartOrderTest). Until HTTP is up no page exists whose Origin the WebSocket side would have to know.
        AtomicInteger httpPort = new AtomicInteger();
        this.ws = new WsServer(new InetSocketAddress(config.host(), config.wsPort()), loop, dispatcher,
                config.allowOrigins(), httpPort::get, config.pingInterval(), config.net(), hosts, admission, metrics);
        ws.start();
        ws.failed().thenAccept(failed::complete);
        try {
            ws.started().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            throw new IOException("WebSocket listener did not start on port " + config.wsPort(), e);
        }
        int wsPort = ws.getPort();
        try {
            this.http = new HttpFront(new InetSocketAddress(config.host(), config.port()), config.net(), hosts,
                    admission, () -> wsPort, this::health);
            http.mount(new RestApi(loop, dispatcher, config.allowOrigins(), http::wsUrl));
            http.mountMetrics(new Exposition(metrics)::scrape);
            http.start();
        } catch (IOException | RuntimeException e) {
            close(); // the WebSocket listener is up already
            throw e;
        }
        httpPort.set(http.port());
        http.failed().thenAccept(failed::complete);
    }

    /** The cluster bus when {@code --nats} was given (PostgreSQL is then required), else null. */
    private static NatsBus joinBus(Config config, String node, EventLoop loop, Store store) throws IOException {
        if (!config.cluster().clustered()) {
            return null;
        }
        if (config.postgres() == null) {
            store.close();
            throw new IOException(ClusterConfig.NATS_NEEDS_POSTGRES);
        }
        try {
            return NatsBus.connect(config.cluster().nats(), node, loop, store);
        } catch (IOException e) {
            store.close();
            throw e;
        }
    }

    /** The cluster bus, or null when the node joins none. */
    public NatsBus bus() {
        return bus;
    }

    /** This node's name ({@code --node-id}, or the default chosen at start). */
    public String node() {
        return node;
    }

    /** Starts a server on PostgreSQL when {@code config.postgres()} is set, else on the SQLite file {@code config.db()}. */
    public static Server start(Config config) throws IOException {
        return start(config, loop -> config.postgres() != null
                ? PgStore.open(config.postgres(), loop)
                : SqliteStore.open(config.db(), loop));
    }

    /**
     * Starts a server on a store built by {@code stores} from the completion executor (the loop).
     * Tests use this to inject a failing store.
     */
    public static Server start(Config config, Function<Executor, Store> stores) throws IOException {
        try {
            return new Server(config, stores);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public int httpPort() {
        return http.port();
    }

    public int wsPort() {
        return ws.getPort();
    }

    /** Open WebSocket connections (handshaken, not yet closed). Callable from any thread. */
    public int connections() {
        return ws == null ? 0 : ws.getConnections().size();
    }

    public Config config() {
        return config;
    }

    /**
     * Completes, with the reason, when a listener has stopped for good (not by {@link #close}): the server cannot
     * serve new clients any more, and {@code Main} exits non-zero so that a supervisor restarts it.
     */
    public CompletableFuture<String> failed() {
        return failed;
    }

    /** Both listeners and the database, as {@code /healthz} reports them. Blocks; not for the loop. */
    private Health health() {
        boolean wsUp = ws != null && !ws.failed().isDone();
        return new Health(node, http.alive(), wsUp, databaseWritable(), bus == null ? null : bus.connected(), connections(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }

    /**
     * A real write through the writer: false when it fails, or takes too long while the writer commits nothing.
     * The probe queues behind everyone's writes, so under honest load it may wait longer than the timeout; a
     * writer that keeps committing meanwhile is busy, not broken. Blocks; not for the loop.
     */
    private boolean databaseWritable() {
        long commitsBefore = store.commits();
        try {
            return store.write(repo -> {
                repo.touchHealth(Instant.now());
                return true;
            }).get(HEALTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            boolean progressing = commitsBefore >= 0 && store.commits() > commitsBefore;
            if (!progressing) {
                log.warn("health check: database not writable: no commit in {} s", HEALTH_TIMEOUT_SECONDS);
            }
            return progressing;
        } catch (ExecutionException | RuntimeException e) {
            log.warn("health check: database not writable: {}", e.toString());
            return false;
        }
    }

    /**
     * Graceful stop: no new requests or connections, the requests in flight are answered (their writes
     * committed), sessions are closed with 1001, then the database is closed. Idempotent; blocks.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The HTTP port stays open through the drain: REST calls in flight are answered there, new ones get 503.
        CompletableFuture<Void> idle = new CompletableFuture<>();
        loop.execute(() -> dispatcher.drain(() -> idle.complete(null)));
        try {
            idle.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("requests still in flight after {} s; closing anyway", DRAIN_TIMEOUT_SECONDS);
        }
        if (http != null) {
            http.close();
        }
        try {
            if (ws != null) {
                ws.stop(1000, "server shutting down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bus != null) {
            bus.close();
        }
        store.close();
        crypto.close();
        try {
            loop.shutdown(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped");
    }
}
