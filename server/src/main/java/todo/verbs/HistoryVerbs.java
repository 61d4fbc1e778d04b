package todo.verbs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.model.Change;
import todo.model.TaskEvent;
import todo.protocol.Request;
import todo.protocol.Wire;

/**
 * {@code history} (a read, for every member) and {@code undo} (a task change like {@code task.update}: the same
 * membership check in the store, one rev, broadcast after the reply), on the loop.
 */
final class HistoryVerbs {
    /** Entries per {@code history} reply when the request names no {@code limit}. */
    static final int DEFAULT_LIMIT = 50;
    /** The most entries one {@code history} reply holds. */
    static final int MAX_LIMIT = 200;

    private final Caps caps;

    HistoryVerbs(Caps caps) {
        this.caps = caps;
    }

    List<Verb> all() {
        return List.of(
                Verb.authed("history", HistoryVerbs::history),
                Verb.authed("undo", this::undo));
    }

    private static CompletableFuture<Result> history(Request req, Caller c) {
        long list = req.id("list");
        Long before = req.rev("before");
        int limit = req.optionalInt("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        long userId = c.identity().userId();
        return c.storage().read(repo -> {
            JsonArray entries = new JsonArray();
            for (Change e : repo.history().entries(userId, list, before, limit)) {
                entries.add(Wire.historyEntry(e));
            }
            return entries;
        }).thenApply(entries -> {
            JsonObject body = new JsonObject();
            body.add("entries", entries);
            return Result.reply(body);
        });
    }

    /** Reply {@code {task}} (the task after the undo), or {@code {}} when the undo deleted it. */
    private CompletableFuture<Result> undo(Request req, Caller c) {
        long list = req.id("list");
        Long rev = req.rev("rev");
        if (rev == null) {
            throw ApiException.badRequest("rev is required");
        }
        Identity me = c.identity();
        Instant now = Instant.now();
        return c.storage().write(repo -> caps.restored(repo,
                repo.history().undo(me.userId(), me.username(), list, rev, now))).thenApply(e -> {
                    JsonObject body = new JsonObject();
                    if (e.kind() != TaskEvent.Kind.DELETED) {
                        body.add("task", Wire.task(e.task()));
                    }
                    return Result.of(body, new Effect.TaskChanged(e));
                });
    }
}
