package todo.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import todo.app.Config;
import todo.app.Server;
import todo.store.Store;

/**
 * A real server on ephemeral ports with a SQLite file in a temporary folder, started by the production wiring.
 * Closing it closes every client it handed out, then the server.
 */
public final class TestServer implements AutoCloseable {
    /** Low PBKDF2 cost keeps tests fast; production uses 600,000. */
    public static final int TEST_ITERATIONS = 1_000;

    public final Server server;
    public final Path db;
    private final List<TestClient> clients = new ArrayList<>();

    private TestServer(Server server, Path db) {
        this.server = server;
        this.db = db;
    }

    public static Config config(Path dir) {
        return Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0)
                .withDb(dir.resolve("todo.db")).withPasswordIterations(TEST_ITERATIONS);
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

    public String wsUrl() {
        return "ws://127.0.0.1:" + server.wsPort() + "/";
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + server.httpPort() + "/";
    }

    /** A connected client, closed with this server. */
    public TestClient connect() {
        TestClient c = TestClient.connect(wsUrl());
        synchronized (clients) {
            clients.add(c);
        }
        return c;
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
