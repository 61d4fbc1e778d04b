package todo.support.infra;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base for tests that need PostgreSQL and NATS: {@link PostgresTest}'s private PostgreSQL, plus one private
 * nats-server per test class, started before its first test and stopped after its last. Skips (or fails under
 * CI=true) when either is not installed. Test thread only.
 */
public abstract class ClusterInfraTest extends PostgresTest {
    /** The running nats-server of the current test class. */
    protected static NatsServer nats;

    @BeforeAll
    static void startNats() {
        nats = NatsServer.start();
    }

    @AfterAll
    static void stopNats() {
        if (nats != null) {
            nats.close();
            nats = null;
        }
    }
}
