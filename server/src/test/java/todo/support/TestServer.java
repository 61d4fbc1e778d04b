package todo.support;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import todo.app.Config;
import todo.app.Server;
import todo.store.SqliteStore;
import todo.store.Store;

/**
 * A real server on ephemeral ports with a SQLite file in a temporary folder (or a PostgreSQL database of its own:
 * {@link Backend}), started by the production wiring.
 * Closing it closes every client it handed out, then the server.
 */
public final class TestServer implements AutoCloseable {
    /** Low PBKDF2 cost keeps tests fast; production uses 600,000. */
    public static final int TEST_ITERATIONS = 1_000;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public final Server server;
    public final Path db;
    private final List<TestClient> clients = new ArrayList<>();
    private WatchedStore watched;

    private TestServer(Server server, Path db) {
        this.server = server;
        this.db = db;
    }

    /** The test defaults, on the store of this run ({@link Backend}): the same {@code dir} means the same data. */
    public static Config config(Path dir) {
        return Backend.apply(Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0)
                .withDb(dir.resolve("todo.db")).withPasswordIterations(TEST_ITERATIONS), dir);
    }

    public static TestServer start(Path dir) throws IOException {
        return start(config(dir));
    }

    public static TestServer start(Config config) throws IOException {
        return new TestServer(Server.start(config), config.db());
    }

    /** Production wiring with the store that {@code store} builds (given the loop, to complete futures on). */
    public static TestServer start(Config config, Function<Executor, Store> store) throws IOException {
        return new TestServer(Server.start(config, store), config.db());
    }

    /** Production wiring on the real store wrapped in a {@link WatchedStore}, which {@link #watched} returns. */
    public static TestServer startWatched(Config config) throws IOException {
        WatchedStore[] store = new WatchedStore[1];
        TestServer s = start(config, loop -> store[0] = new WatchedStore(SqliteStore.open(config.db(), loop)));
        s.watched = store[0];
        return s;
    }

    /** The store as {@link #startWatched} wrapped it; null for a server started otherwise. */
    public WatchedStore watched() {
        return watched;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + server.wsPort() + "/";
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + server.httpPort() + "/";
    }

    /** A connected client, closed with this server. */
    public TestClient connect() {
        return track(TestClient.connect(wsUrl()));
    }

    /** A connected client sending these handshake headers (an Origin, say), closed with this server. */
    public TestClient connect(Map<String, String> headers) {
        return track(TestClient.connect(wsUrl(), headers));
    }

    /** A connected client whose socket is bound to {@code localAddress} (e.g. "127.0.0.2"), closed with this server. */
    public TestClient connectFrom(String localAddress) {
        return track(TestClient.connectFrom(wsUrl(), localAddress));
    }

    private TestClient track(TestClient c) {
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    /** Another session of {@code username}, who registered with {@link #user}: a new connection, logged in. */
    public TestClient signIn(String username) {
        return track(TestClient.login(wsUrl(), username));
    }

    /** A new connection signed in with {@code auth} and this token. */
    public TestClient auth(String token) {
        TestClient c = connect();
        c.ok(TestClient.json("type", "auth", "token", token));
        return c;
    }

    /** {@code GET /healthz}, answered with any status; {@link HttpResponse#body()} is its JSON. */
    public HttpResponse<String> healthz() {
        return get("healthz");
    }

    /** The open WebSocket connections, as {@code /healthz} counts them. */
    public int connections() {
        return JsonParser.parseString(healthz().body()).getAsJsonObject().get("connections").getAsInt();
    }

    /** {@code GET} of a path on the HTTP port ({@code "healthz"}, {@code "config.json"}). */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(TestClient.TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A connected client already registered as {@code username} (password "password-" + username). */
    public TestClient user(String username) {
        TestClient c = connect();
        c.ok(TestClient.json("type", "register", "username", username, "password", "password-" + username));
        return c;
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(TestClient::close);
            clients.clear();
        }
        server.close();
    }
}
