package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import todo.support.TestClient;
import todo.support.WatchedServerTest;
import todo.support.WatchedStore;

/**
 * A password change locks out whoever knows only the old password, even when their request verified the old
 * password just before the change and writes just after it. Found by attack: a login that verified the old
 * password (hundreds of milliseconds of PBKDF2) inserted its token after the change had revoked every other token,
 * so the attacker stayed signed in. The race is made deterministic by holding that request's write until the
 * change has committed.
 */
class PasswordChangeRaceTest extends WatchedServerTest {
    private static final String OLD = "old password 1";
    private static final String NEW = "new password 2";

    private TestClient owner() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", OLD));
        return c;
    }

    /** Sends {@code request} on {@code c} with its write held, then lets {@code owner} change the password. */
    private CompletableFuture<JsonObject> sendThenChangePassword(TestClient c, JsonObject request, TestClient owner) {
        WatchedStore store = store();
        store.holdNextWrite();
        CompletableFuture<JsonObject> f = c.send(request);
        await().atMost(TestClient.TIMEOUT).until(() -> store.held() == 1);
        owner.ok(json("type", "profile.update", "currentPassword", OLD, "password", NEW));
        store.release();
        return f;
    }

    private void assertOnlyTheNewPasswordLogsIn() {
        TestClient probe = server.connect();
        probe.error(json("type", "login", "username", "alice", "password", OLD), "bad_credentials");
        probe.ok(json("type", "login", "username", "alice", "password", NEW));
    }

    @Test
    void aLoginWithTheOldPasswordThatVerifiedBeforeAPasswordChangeGetsBadCredentialsAndNoToken() {
        TestClient owner = owner();
        TestClient attacker = server.connect();

        JsonObject login = TestClient.reply(sendThenChangePassword(attacker,
                json("type", "login", "username", "alice", "password", OLD), owner));

        assertFalse(login.get("ok").getAsBoolean(), "the attacker must not get a token: " + login);
        assertEquals("bad_credentials", login.get("error").getAsString());
        attacker.error(json("type", "lists"), "unauthenticated");
        assertOnlyTheNewPasswordLogsIn();
    }

    /**
     * Another connection of alice's, signed in with the old password, sends {@code request}; the password change
     * closes it (4401), so its reply may never arrive: waits for its write to have run instead.
     */
    private void fromAnotherConnectionThenChangePassword(JsonObject request) {
        TestClient owner = owner();
        TestClient other = server.connect();
        other.ok(json("type", "login", "username", "alice", "password", OLD));
        sendThenChangePassword(other, request, owner);
        assertEquals(4401, other.awaitClose());
        await().atMost(TestClient.TIMEOUT).until(() -> store().releasedDone() == 1);
    }

    @Test
    void aProfileUpdateCheckedAgainstThePasswordJustReplacedChangesNothing() {
        fromAnotherConnectionThenChangePassword(
                json("type", "profile.update", "currentPassword", OLD, "password", "attacker password"));

        TestClient probe = server.connect();
        probe.error(json("type", "login", "username", "alice", "password", "attacker password"), "bad_credentials");
        assertOnlyTheNewPasswordLogsIn();
    }

    @Test
    void aProfileDeleteCheckedAgainstThePasswordJustReplacedDeletesNothing() {
        fromAnotherConnectionThenChangePassword(json("type", "profile.delete", "password", OLD));

        assertOnlyTheNewPasswordLogsIn();
        TestClient probe = server.connect();
        probe.ok(json("type", "login", "username", "alice", "password", NEW));
        assertEquals(1, probe.lists().size(), "alice's list is still there");
    }
}
