package todo.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import todo.app.ClusterConfig;
import todo.app.Config;
import todo.support.TestServer;
import todo.support.infra.ClusterInfraTest;

/**
 * Base for tests of several nodes in this JVM: one private PostgreSQL and one nats-server per test class, a
 * fresh database per test, nodes started with {@link #node} (each a real {@code Server} on PostgreSQL and the
 * bus) and closed after the test. Skips (or fails under CI=true) when PostgreSQL or nats-server is missing.
 * Test thread only.
 */
abstract class ClusterTestBase extends ClusterInfraTest {
    @TempDir
    Path dir;
    private String database;
    protected final List<TestServer> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        System.clearProperty(NatsBus.SKIP_PUBLISH_PROPERTY);
        if (!nats.running()) nats.startAgain();
        if (!pg.running()) pg.startAgain();
        nodes.forEach(TestServer::close);
        nodes.clear();
    }

    /** The PostgreSQL address of this test's database (created on first use). */
    protected String database() {
        if (database == null) {
            database = freshDatabase("cluster");
        }
        return pg.url(database, "");
    }

    /** The config of a node named {@code name} on this test's database and the bus. */
    protected Config config(String name) {
        return TestServer.config(dir.resolve(name)).withPostgres(database())
                .withCluster(new ClusterConfig(List.of(nats.url()), name));
    }

    /** A started node named {@code name}, closed after the test. */
    protected TestServer node(String name) {
        try {
            TestServer s = TestServer.start(config(name));
            nodes.add(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
