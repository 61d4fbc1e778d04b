package todo.verbs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.model.TaskEvent;
import todo.store.Repo;

/**
 * Runs a bulk task change ({@code tasks.completeAll}, {@code tasks.clearCompleted}) as a series of writes of at
 * most {@link Limits#bulkChunk()} tasks each, so that other callers' writes (and the health check) run between two
 * chunks instead of waiting for the whole list. Each chunk commits on its own and its events are published through
 * the caller ({@link Caller#publish}) as soon as it has, so revs go out in commit order; the caller's own copies
 * still follow its reply, which is sent after the last chunk. The verb must be exclusive, so the connection's next
 * request waits for the last chunk. Loop thread only.
 */
final class Chunked {
    /** One chunk: at most {@code limit} tasks with an id above {@code afterId}, in id order. */
    @FunctionalInterface
    interface ChunkOp {
        List<TaskEvent> apply(Repo repo, long afterId, int limit);
    }

    private Chunked() {}

    /** All the events, in order, once the last chunk has committed; fails as the failing chunk did. */
    static CompletableFuture<List<TaskEvent>> run(Caller c, int chunk, ChunkOp op) {
        return next(c, chunk, op, 0, new ArrayList<>());
    }

    private static CompletableFuture<List<TaskEvent>> next(Caller c, int chunk, ChunkOp op, long afterId,
                                                           List<TaskEvent> all) {
        return c.storage().write(repo -> op.apply(repo, afterId, chunk)).thenCompose(events -> {
            all.addAll(events);
            c.publish(events.stream().<Effect>map(Effect.TaskChanged::new).toList());
            if (events.size() < chunk) {
                return CompletableFuture.completedFuture(all);
            }
            return next(c, chunk, op, events.get(events.size() - 1).task().id(), all);
        });
    }
}
