package todo.support;

/**
 * A {@link ServerTest} whose server runs on a {@link WatchedStore}, for tests that count or hold its writes.
 * Runs on the JUnit thread.
 */
public abstract class WatchedServerTest extends ServerTest {
    @Override
    protected final boolean watchStore() {
        return true;
    }

    /** The store this test's server writes through. */
    protected WatchedStore store() {
        return server.watched();
    }
}
