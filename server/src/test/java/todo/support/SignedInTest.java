package todo.support;

import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link ServerTest} in which alice has registered before each test ({@code server.user("alice")}, password
 * "password-alice") and {@link #list} is her first list, "My tasks". Runs on the JUnit thread.
 */
public abstract class SignedInTest extends ServerTest {
    protected TestClient alice;
    protected long list;

    @BeforeEach
    protected final void signInAlice() {
        alice = server.user("alice");
        list = alice.firstList();
    }
}
