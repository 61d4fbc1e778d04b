package todo.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.model.TaskEvent;
import todo.store.Repo;

/**
 * Runs a bulk task change ({@code tasks.completeAll}, {@code tasks.clearCompleted}) as a series of writer ops of
 * at most {@link Limits#bulkChunk()} tasks each, so that other connections' writes (and the health check) run
 * between two chunks instead of waiting for the whole list. Each chunk commits on its own and its events are
 * broadcast as soon as it has: revs stay in commit order, and the requester still gets its reply before them,
 * since its reply slot is reserved. The verb must be exclusive, so the connection's next request waits for the
 * last chunk. Loop thread only.
 */
final class Chunked {
    /** One chunk: at most {@code limit} tasks with an id above {@code afterId}, in id order. */
    @FunctionalInterface
    interface ChunkOp {
        List<TaskEvent> apply(Repo repo, long afterId, int limit);
    }

    private Chunked() {}

    /** All the events, in order, once the last chunk has committed; fails as the failing chunk did. */
    static CompletableFuture<List<TaskEvent>> run(Call c, ChunkOp op) {
        return next(c, op, 0, new ArrayList<>());
    }

    private static CompletableFuture<List<TaskEvent>> next(Call c, ChunkOp op, long afterId, List<TaskEvent> all) {
        int limit = c.hub().limits.bulkChunk();
        return c.write(repo -> op.apply(repo, afterId, limit)).thenCompose(events -> {
            all.addAll(events);
            c.hub().taskEvents(events);
            if (events.size() < limit) {
                return CompletableFuture.completedFuture(all);
            }
            return next(c, op, events.get(events.size() - 1).task().id(), all);
        });
    }
}
