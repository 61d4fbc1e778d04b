package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.store.TestDb.NOW;
import static todo.store.TestDb.TIMEOUT;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import todo.model.User;

class ReadPoolTest extends StoreTest {
    @Test
    void aReadSeesEveryWriteWhoseFutureHasCompleted() {
        for (int i = 0; i < 50; i++) {
            User u = db.user("user" + i);
            assertEquals(u, db.read(repo -> repo.accounts().findUser(u.username())));
        }
    }

    @Test
    void readsRunConcurrentlyOnTheReaderThreads() {
        CyclicBarrier bothRunning = new CyclicBarrier(SqliteStore.Options.DEFAULT_READ_THREADS);
        StoreOp<String> meetThenName = repo -> {
            bothRunning.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Thread.currentThread().getName();
        };
        CompletableFuture<String> a = db.store.read(meetThenName);
        CompletableFuture<String> b = db.store.read(meetThenName);
        String nameA = TestDb.await(a);
        String nameB = TestDb.await(b);
        assertTrue(nameA.startsWith(ReadPool.THREAD_PREFIX), nameA);
        assertTrue(nameB.startsWith(ReadPool.THREAD_PREFIX), nameB);
        assertNotEquals(nameA, nameB, "two different reader threads");
    }

    @Test
    void aReadCanRunWhileTheWriterHoldsItsTransaction() throws Exception {
        User alice = db.user("alice");
        CyclicBarrier inWrite = new CyclicBarrier(2);
        CompletableFuture<User> write = db.store.write(repo -> {
            repo.accounts().createUser("bob", null, new byte[1], new byte[1], 1, new byte[] {1}, NOW, NOW.plusSeconds(60));
            inWrite.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // a read runs now, beside the open write
            inWrite.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        });
        inWrite.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(alice, db.read(repo -> repo.accounts().findUser("alice")));
        assertNull(db.read(repo -> repo.accounts().findUser("bob")), "uncommitted writes are invisible");
        inWrite.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        TestDb.await(write);
        assertEquals("bob", db.read(repo -> repo.accounts().findUser("bob")).username());
    }

    @Test
    void readConnectionsRefuseWrites() {
        assertThrows(StorageException.class, () -> db.read(repo -> {
            repo.touchHealth(NOW);
            return null;
        }));
        db.write(repo -> {
            repo.touchHealth(NOW);
            return null;
        });
    }
}
