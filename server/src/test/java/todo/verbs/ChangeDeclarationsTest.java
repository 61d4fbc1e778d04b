package todo.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import todo.protocol.Request;

/**
 * Which verbs pass the role gate: every verb of the table is classified here, so that a verb added later (say
 * {@code task.move} or {@code undo}) fails this test until it is declared a change with {@code .changes(...)} or
 * listed as one that changes no list's content.
 */
class ChangeDeclarationsTest {
    /** The verbs that change a list, by what names the list: viewers get {@code forbidden} for these. */
    static final Map<String, Target> CHANGES = Map.of(
            "task.create", Target.LIST,
            "task.update", Target.TASK,
            "task.delete", Target.TASK,
            "tasks.completeAll", Target.LIST,
            "tasks.clearCompleted", Target.LIST,
            "list.rename", Target.LIST,
            "task.editing", Target.TASK);

    /** Reads, account and session verbs, and the owner-only list verbs (their own check; a viewer may leave). */
    static final List<String> NOT_CHANGES = List.of("info", "ping", "register", "login", "auth", "logout",
            "profile.get", "profile.update", "profile.delete", "lists", "list.create", "list.delete", "list.share",
            "list.role", "list.unshare", "subscribe", "unsubscribe", "tasks", "task.get");

    private static final Identity ALICE = new Identity(1, "alice", new byte[32]);

    /** A live, signed-in caller that must never be used: classifying a verb runs nothing of it. */
    private record Nobody(Identity identity) implements Caller {
        @Override
        public Storage storage() {
            throw new AssertionError("no storage is used to classify verbs");
        }

        @Override
        public Feed feed() {
            return (Feed) Proxy.newProxyInstance(Feed.class.getClassLoader(),
                    new Class<?>[] {Feed.class}, (proxy, method, args) -> {
                        throw new AssertionError("no feed is used to classify verbs");
                    });
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
            throw new AssertionError("nothing is published");
        }
    }

    private static final Hashing NO_HASHING = new Hashing() {
        @Override
        public <T> CompletableFuture<T> run(Caller caller, Supplier<T> work) {
            throw new AssertionError("no password is hashed to classify verbs");
        }
    };

    @Test
    void everyVerbIsEitherADeclaredChangeOrKnownToChangeNoList() throws Exception {
        Verbs verbs = new Verbs(NO_HASHING, 1000, Limits.defaults());
        Caller c = new Nobody(ALICE);
        Request info = Request.of("info", new JsonObject());
        JsonObject body = verbs.resolve(info, c).handler().handle(info, c).get().body();
        Map<String, Target> changes = new TreeMap<>();
        List<String> others = new ArrayList<>();
        for (JsonElement type : body.getAsJsonArray("types")) {
            Verb v = verbs.resolve(Request.of(type.getAsString(), new JsonObject()), c);
            if (v.changes() != null) {
                changes.put(v.name(), v.changes());
            } else {
                others.add(v.name());
            }
        }
        assertEquals(new TreeMap<>(CHANGES), changes);
        assertEquals(NOT_CHANGES.stream().sorted().toList(), others.stream().sorted().toList());
    }

    @Test
    void aVerbDeclaresWhatItChangesOnceAndOnlyWhenSignedIn() {
        Handler h = (req, c) -> CompletableFuture.completedFuture(Result.empty());
        Verb v = Verb.authed("x", h).changes(Target.LIST);
        assertThrows(IllegalStateException.class, () -> v.changes(Target.TASK));
        assertThrows(IllegalStateException.class, () -> Verb.open("y", h).changes(Target.LIST));
    }
}
