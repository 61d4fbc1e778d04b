package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.TIMEOUT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;
import todo.model.Placement;
import todo.model.Role;
import todo.model.Task;
import todo.model.User;

/**
 * The writer reads a member's role, a list's task count and its last position once per transaction
 * ({@link TxCache}): whatever an earlier op of the same batch changed, the next op sees.
 */
class WriteTransactionCacheTest {
    @TempDir
    Path dir;

    private TestDb db;
    private User alice;
    private User bob;
    private long list;

    @BeforeEach
    void open() {
        db = TestDb.open(dir);
        alice = db.user("alice");
        bob = db.user("bob");
        list = db.firstList(alice).id();
        db.write(repo -> repo.lists().share(alice.id(), list, "bob", Role.EDITOR));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Runs the ops as one batch (one transaction) and answers their futures, in order. */
    @SafeVarargs
    private List<CompletableFuture<Object>> inOneBatch(StoreOp<Object>... ops) throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        db.store.write(repo -> {
            blocked.countDown();
            return release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
        assertTrue(blocked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "writer never ran the blocking op");
        long commits = db.store.commits();
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (StoreOp<Object> op : ops) {
            futures.add(db.store.write(op));
        }
        release.countDown();
        for (CompletableFuture<Object> f : futures) {
            f.handle((v, e) -> null).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertEquals(2, db.store.commits() - commits, "the blocking op's commit, then one for the batch");
        return futures;
    }

    /** What the task verbs run for a member: the role gate under the list's lock, then the create. */
    private StoreOp<Object> create(User u, String name) {
        return repo -> {
            repo.lists().requireEditor(u.id(), list, true);
            return repo.tasks().create(u.id(), u.username(), list, new NewTask(name, "", null, false, null), NOW)
                .task();
        };
    }

    private static ApiException failure(CompletableFuture<Object> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
        return assertInstanceOf(ApiException.class, e.getCause());
    }

    @Test
    void aMemberDemotedToViewerEarlierInTheBatchCannotCreateTheNextTask() throws Exception {
        List<CompletableFuture<Object>> f = inOneBatch(
            create(bob, "before"),
            repo -> repo.lists().setRole(alice.id(), list, "bob", Role.VIEWER),
            create(bob, "after"));
        assertEquals("before", ((Task) f.get(0).get()).name());
        assertEquals(ErrorCode.FORBIDDEN, failure(f.get(2)).code());
    }

    @Test
    void aMemberRemovedEarlierInTheBatchGetsNotFoundForTheNextTask() throws Exception {
        List<CompletableFuture<Object>> f = inOneBatch(
            create(bob, "before"),
            repo -> repo.lists().unshare(alice.id(), list, "bob"),
            create(bob, "after"));
        assertEquals("before", ((Task) f.get(0).get()).name());
        assertEquals(ErrorCode.NOT_FOUND, failure(f.get(2)).code());
    }

    @Test
    void aTaskCreatedAfterAMoveAndADeleteInTheBatchGoesLastAndIsCounted() throws Exception {
        Task x = db.task(alice, list, "x");
        List<CompletableFuture<Object>> f = inOneBatch(
            create(alice, "a"),
            create(bob, "b"),
            repo -> repo.tasks().count(list),
            repo -> repo.tasks().move(alice.id(), "alice", x.id(), new Placement(false, null), null, NOW),
            repo -> {
                Task doomed = (Task) create(alice, "doomed").apply(repo);
                return repo.tasks().delete(alice.id(), "alice", doomed.id(), null);
            },
            create(bob, "c"),
            repo -> repo.tasks().count(list));
        assertEquals(3, f.get(2).get());
        assertEquals(4, f.get(6).get());
        assertEquals(List.of("a", "b", "x", "c"),
            db.read(repo -> repo.tasks().tasks(alice.id(), list, null)).stream().map(Task::name).toList());
        assertEquals(0, db.store.savepointRedos());
    }

    @Test
    void anOpUndoneToItsSavepointIsForgottenByTheCountOfTheNextOp() throws Exception {
        List<CompletableFuture<Object>> f = inOneBatch(
            repo -> repo.tasks().count(list),
            create(alice, "a"),
            repo -> {
                create(bob, "undone").apply(repo);
                throw ApiException.badRequest("changed my mind");
            },
            create(alice, "c"),
            repo -> repo.tasks().count(list));
        assertEquals(ErrorCode.BAD_REQUEST, failure(f.get(2)).code());
        assertEquals(2, f.get(4).get());
        assertEquals(List.of("a", "c"),
            db.read(repo -> repo.tasks().tasks(alice.id(), list, null)).stream().map(Task::name).toList());
    }
}
