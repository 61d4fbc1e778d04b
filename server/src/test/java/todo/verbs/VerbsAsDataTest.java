package todo.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.loop.Crypto;
import todo.loop.EventLoop;
import todo.loop.FairHashing;
import todo.loop.OrderedStore;
import todo.model.TaskEvent;
import todo.model.User;
import todo.protocol.Request;
import todo.store.SqliteStore;

/**
 * The seam for a second front door: a verb runs for any {@link Caller} (here one with an identity and no
 * connection, as an HTTP request with a bearer token would be), and its reply and effects come back as data.
 */
class VerbsAsDataTest {
    private static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path dir;

    private EventLoop loop;
    private SqliteStore store;
    private Crypto crypto;
    private Verbs verbs;
    private User alice;
    private long list;

    /** A caller that is not a live connection: an identity and ordered storage, no feed. */
    private record NoConnection(Identity identity, Storage storage) implements Caller {
        @Override
        public Feed feed() {
            return null;
        }

        @Override
        public InetAddress remoteAddress() {
            return null;
        }

        @Override
        public boolean gone() {
            return false;
        }

        @Override
        public void publish(List<Effect> effects) {
            throw new AssertionError("no verb run here publishes effects before its result: " + effects);
        }
    }

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        store = SqliteStore.open(dir.resolve("todo.db"), loop);
        crypto = new Crypto(1, loop);
        verbs = new Verbs(new FairHashing(crypto, Limits.defaults()), 1000, Limits.defaults());
        Instant now = Instant.now();
        alice = store.write(repo -> repo.accounts().createUser("alice", null, bytes("salt"), bytes("hash"), 1000,
                bytes("token"), now, now.plus(Duration.ofDays(1)))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        list = store.read(repo -> repo.lists().listsFor(alice.id()).get(0).id()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        store.close();
        crypto.close();
        loop.shutdown(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }

    @Test
    void aTaskCreateForACallerWithoutAConnectionAnswersWithItsReplyAndItsTaskEvent() throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("list", list);
        params.addProperty("name", "Oat milk");

        Result r = run(Request.of("task.create", params));

        JsonObject task = r.body().getAsJsonObject("task");
        assertEquals("Oat milk", task.get("name").getAsString());
        assertEquals(list, task.get("list").getAsLong());
        assertNull(r.preEncoded());
        assertEquals(1, r.effects().size());
        TaskEvent event = assertInstanceOf(Effect.TaskChanged.class, r.effects().get(0)).event();
        assertEquals(TaskEvent.Kind.CREATED, event.kind());
        assertEquals(list, event.list());
        assertEquals("alice", event.by());
        assertEquals(task.get("id").getAsLong(), event.task().id());
    }

    @Test
    void aListShareAnswersWithWhoGainedTheList() throws Exception {
        Instant now = Instant.now();
        User bob = store.write(repo -> repo.accounts().createUser("bob", null, bytes("salt"), bytes("hash"), 1000,
                bytes("token-bob"), now, now.plus(Duration.ofDays(1)))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonObject params = new JsonObject();
        params.addProperty("list", list);
        params.addProperty("username", "bob");

        Result r = run(Request.of("list.share", params));

        Effect.ListChanged change = assertInstanceOf(Effect.ListChanged.class, r.effects().get(0));
        assertEquals(Set.of(bob.id()), change.gained());
        assertEquals(Set.of(), change.lost());
        assertEquals(Set.of(alice.id()), change.kept());
    }

    @Test
    void liveOnlyVerbsRefuseACallerWithoutAConnection() throws Exception {
        for (String type : List.of("subscribe", "unsubscribe", "auth")) {
            JsonObject params = new JsonObject();
            params.addProperty("list", list);
            ExecutionException e = assertThrows(ExecutionException.class, () -> run(Request.of(type, params)), type);
            ApiException api = assertInstanceOf(ApiException.class, e.getCause(), type);
            assertEquals(ErrorCode.BAD_REQUEST, api.code(), type);
            assertEquals(type + " needs a live connection", api.getMessage());
        }
    }

    /** Runs the request on the loop, as a front door would, for alice without a connection. */
    private Result run(Request req) throws Exception {
        Caller caller = new NoConnection(new Identity(alice.id(), alice.username(), bytes("token")),
                new OrderedStore(store));
        return CompletableFuture.supplyAsync(() -> verbs.resolve(req, caller).handler().handle(req, caller), loop)
                .thenCompose(f -> f)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
