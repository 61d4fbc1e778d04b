package todo.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * A password change locks out whoever knows only the old password, even when their request verified the old
 * password just before the change and writes just after it. Found by attack: a login that verified the old
 * password (hundreds of milliseconds of PBKDF2) inserted its token after the change had revoked every other token,
 * so the attacker stayed signed in. The race is made deterministic by holding that request's write until the
 * change has committed.
 */
class PasswordChangeRaceTest {
    private static final String OLD = "old password 1";
    private static final String NEW = "new password 2";

    @TempDir
    Path dir;

    private TestServer server;
    private HoldingStore store;

    /** The real store; {@link #holdNextWrite} keeps the next write from reaching the writer until released. */
    static final class HoldingStore implements Store {
        private final SqliteStore real;
        private final List<Runnable> held = new ArrayList<>();
        private boolean holdNext;
        private int releasedDone;

        HoldingStore(SqliteStore real) {
            this.real = real;
        }

        synchronized void holdNextWrite() {
            holdNext = true;
        }

        synchronized int held() {
            return held.size();
        }

        /** Released writes that have completed (committed, or failed). */
        synchronized int releasedDone() {
            return releasedDone;
        }

        /** Hands the held writes to the writer, in the order they were held. */
        void release() {
            List<Runnable> go;
            synchronized (this) {
                go = new ArrayList<>(held);
                held.clear();
            }
            go.forEach(Runnable::run);
        }

        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            synchronized (this) {
                if (holdNext) {
                    holdNext = false;
                    CompletableFuture<T> f = new CompletableFuture<>();
                    held.add(() -> real.write(op).whenComplete((v, e) -> {
                        synchronized (this) {
                            releasedDone++;
                        }
                        if (e != null) f.completeExceptionally(e);
                        else f.complete(v);
                    }));
                    return f;
                }
            }
            return real.write(op);
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            return real.read(op);
        }

        @Override
        public long commits() {
            return real.commits();
        }

        @Override
        public void close() {
            release();
            real.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        var config = TestServer.config(dir);
        server = TestServer.start(config, loop -> store = new HoldingStore(SqliteStore.open(config.db(), loop)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestClient owner() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", OLD));
        return c;
    }

    private static JsonObject reply(CompletableFuture<JsonObject> f) throws Exception {
        return f.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends {@code request} on {@code c} with its write held, then lets {@code owner} change the password. */
    private CompletableFuture<JsonObject> sendThenChangePassword(TestClient c, JsonObject request, TestClient owner) {
        store.holdNextWrite();
        CompletableFuture<JsonObject> f = c.send(request);
        await().atMost(TestClient.TIMEOUT).until(() -> store.held() == 1);
        owner.ok(json("type", "profile.update", "currentPassword", OLD, "password", NEW));
        store.release();
        return f;
    }

    private void assertOnlyTheNewPasswordLogsIn() {
        TestClient probe = server.connect();
        assertEquals("bad_credentials", probe.error(json("type", "login", "username", "alice", "password", OLD)));
        probe.ok(json("type", "login", "username", "alice", "password", NEW));
    }

    @Test
    void aLoginWithTheOldPasswordThatVerifiedBeforeAPasswordChangeGetsBadCredentialsAndNoToken() throws Exception {
        TestClient owner = owner();
        TestClient attacker = server.connect();

        JsonObject login = reply(sendThenChangePassword(attacker,
                json("type", "login", "username", "alice", "password", OLD), owner));

        assertFalse(login.get("ok").getAsBoolean(), "the attacker must not get a token: " + login);
        assertEquals("bad_credentials", login.get("error").getAsString());
        assertEquals("unauthenticated", attacker.error(json("type", "lists")), "the attacker is not signed in");
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
        await().atMost(TestClient.TIMEOUT).until(() -> store.releasedDone() == 1);
    }

    @Test
    void aProfileUpdateCheckedAgainstThePasswordJustReplacedChangesNothing() {
        fromAnotherConnectionThenChangePassword(
                json("type", "profile.update", "currentPassword", OLD, "password", "attacker password"));

        TestClient probe = server.connect();
        assertEquals("bad_credentials",
                probe.error(json("type", "login", "username", "alice", "password", "attacker password")));
        assertOnlyTheNewPasswordLogsIn();
    }

    @Test
    void aProfileDeleteCheckedAgainstThePasswordJustReplacedDeletesNothing() {
        fromAnotherConnectionThenChangePassword(json("type", "profile.delete", "password", OLD));

        assertOnlyTheNewPasswordLogsIn();
        TestClient probe = server.connect();
        probe.ok(json("type", "login", "username", "alice", "password", NEW));
        assertEquals(1, probe.ok(json("type", "lists")).getAsJsonArray("lists").size(), "alice's list is still there");
    }
}
