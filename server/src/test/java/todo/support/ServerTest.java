package todo.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import todo.app.Config;

/**
 * Base of the protocol tests: before each test a real server ({@link TestServer}, the production wiring) on
 * ephemeral ports with a SQLite file in a fresh temporary folder; after it, every client it handed out and the
 * server are closed. Sign clients in with {@code server.user("alice")}. Runs on the JUnit thread.
 */
public abstract class ServerTest {
    @TempDir
    protected Path dir;
    protected TestServer server;
    private final List<TestServer> others = new ArrayList<>();

    /** The config of this class's server, from the test defaults; override to change a limit. */
    protected Config config(Config defaults) {
        return defaults;
    }

    /** Whether this class's server runs on a {@link WatchedStore} ({@code server.watched()}); override to say so. */
    protected boolean watchStore() {
        return false;
    }

    @BeforeEach
    protected final void startServer() throws IOException {
        Config c = config(TestServer.config(dir));
        server = watchStore() ? TestServer.startWatched(c) : TestServer.start(c);
    }

    /**
     * A second server for this test, with its own database under {@code dir/name} and the test defaults changed
     * by {@code change}; closed after the test, before the main one.
     */
    protected TestServer anotherServer(String name, UnaryOperator<Config> change) throws IOException {
        TestServer s = TestServer.start(change.apply(TestServer.config(dir.resolve(name))));
        others.add(s);
        return s;
    }

    @AfterEach
    protected final void closeServers() {
        others.forEach(TestServer::close);
        server.close();
    }
}
