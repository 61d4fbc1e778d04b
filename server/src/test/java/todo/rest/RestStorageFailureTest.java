package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static todo.support.TestClient.json;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.app.Config;
import todo.store.SqliteStore;
import todo.store.Store;
import todo.store.StoreOp;
import todo.support.TestServer;

/** A storage failure is a 500 {@code internal} over REST, with the error body; the server carries on. */
class RestStorageFailureTest {
    @TempDir
    Path dir;
    TestServer server;

    /** The real store, whose writes fail while {@code failing} is set (as when the disk is gone). */
    static final class FailingWrites implements Store {
        final SqliteStore real;
        final Executor loop;
        volatile boolean failing;

        FailingWrites(Path db, Executor loop) {
            this.real = SqliteStore.open(db, loop);
            this.loop = loop;
        }

        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            if (!failing) {
                return real.write(op);
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            loop.execute(() -> out.completeExceptionally(new IllegalStateException("injected: disk on fire")));
            return out;
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            return real.read(op);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aFailedWriteIs500InternalAndTheNextRequestWorks() throws Exception {
        Config config = TestServer.config(dir);
        FailingWrites[] store = new FailingWrites[1];
        server = TestServer.start(config, loop -> store[0] = new FailingWrites(config.db(), loop));
        Rest rest = new Rest(server);
        String alice = rest.register("alice");

        store[0].failing = true;
        Rest.Answer a = rest.call("POST", "lists").token(alice).json(json("title", "Groceries")).send()
                .expectError(500, "internal");
        assertEquals("internal error: the request was not completed", a.body().get("message").getAsString());

        store[0].failing = false;
        assertEquals(1, rest.get("lists", alice).expect(200).body().getAsJsonArray("lists").size());
        rest.call("POST", "lists").token(alice).json(json("title", "Groceries")).send().expect(201);
    }
}
