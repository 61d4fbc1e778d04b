package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.function.Executable;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;
import todo.model.Task;
import todo.model.TodoList;
import todo.model.User;

/** A store on a file in a temp directory, with blocking helpers. Futures complete on the storage threads. */
final class TestDb implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    final Path file;
    final SqliteStore store;

    private TestDb(Path file, SqliteStore store) {
        this.file = file;
        this.store = store;
    }

    static TestDb open(Path dir) {
        Path file = dir.resolve("todo.db");
        return new TestDb(file, SqliteStore.open(file, Runnable::run));
    }

    /** Runs a write and waits; an op's own exception is rethrown as is. */
    <T> T write(StoreOp<T> op) {
        return await(store.write(op));
    }

    <T> T read(StoreOp<T> op) {
        return await(store.read(op));
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError("op failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("op did not complete", e);
        }
    }

    /** Creates a user (with a token whose hash is the UTF-8 of "token-" + name) and answers it. */
    User user(String name) {
        return write(repo -> repo.accounts().createUser(name, null, bytes("salt"), bytes("hash"), 1000,
            bytes("token-" + name), NOW, NOW.plus(Duration.ofDays(30))));
    }

    /** The first list of the user: "My tasks". */
    TodoList firstList(User user) {
        return read(repo -> repo.lists().listsFor(user.id()).get(0));
    }

    Task task(User user, long listId, String name) {
        return write(repo -> repo.tasks().create(user.id(), user.username(), listId,
            new NewTask(name, "", null, false, null), NOW).task());
    }

    long rev(long listId, User member) {
        return read(repo -> repo.lists().listFor(member.id(), listId).rev());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts that running {@code body} throws an ApiException with this code and message. */
    static ApiException assertApiError(ErrorCode code, String message, Executable body) {
        ApiException e = assertThrows(ApiException.class, body);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    @Override
    public void close() {
        store.close();
    }
}
