package todo.verbs;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.model.NewTask;
import todo.model.Placement;
import todo.model.Snapshot;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.model.TaskPatch;
import todo.protocol.Request;
import todo.protocol.Validate;
import todo.protocol.JsonText;
import todo.protocol.Wire;
import todo.store.Repo;

/**
 * subscribe/unsubscribe, task reads, task changes and editing marks, on the loop. The requester always gets a change's reply before
 * its events; the bulk verbs run in chunks whose events reach others as each chunk commits ({@link Chunked}).
 */
final class TaskVerbs {
    private final Caps caps;
    private final int bulkChunk;

    /** @param bulkChunk tasks per write of the bulk verbs ({@link Limits#bulkChunk()}) */
    TaskVerbs(Caps caps, int bulkChunk) {
        this.caps = caps;
        this.bulkChunk = bulkChunk;
    }

    List<Verb> all() {
        return List.of(
                Verb.authed("subscribe", TaskVerbs::subscribe).onlyLive(),
                Verb.authed("unsubscribe", TaskVerbs::unsubscribe).onlyLive(),
                Verb.authed("tasks", TaskVerbs::tasks),
                Verb.authed("task.get", TaskVerbs::get),
                Verb.authed("task.create", this::create).changes(Target.LIST),
                Verb.authed("task.update", TaskVerbs::update).changes(Target.TASK),
                Verb.authed("task.move", TaskVerbs::move).changes(Target.TASK),
                Verb.authed("task.delete", TaskVerbs::delete).changes(Target.TASK),
                // Exclusive: run in chunks, the connection's next request waits for the last one (Chunked).
                Verb.exclusive("tasks.completeAll", true, this::completeAll).changes(Target.LIST),
                Verb.exclusive("tasks.clearCompleted", true, this::clearCompleted).changes(Target.LIST),
                // A change as far as roles go (viewers may not mark), though nothing is stored.
                Verb.authed("task.editing", TaskVerbs::editing).onlyLive().changes(Target.TASK));
    }

    private record Prepared(Snapshot snap, String tasksJson) {}

    /**
     * The subscription starts before the snapshot is read, holding the list's events; the snapshot is read on the
     * read pool and its tasks serialised there; after the reply, held events newer than the snapshot's rev are
     * released. So no event is missed or repeated, and a burst of subscribes does not delay writes.
     */
    private static CompletableFuture<Result> subscribe(Request req, Caller c) {
        long list = req.id("list");
        Long since = req.rev("since");
        Identity me = c.identity();
        Feed feed = c.feed();
        feed.hold(list);
        return c.storage().read(repo -> {
            Snapshot snap = repo.tasks().snapshot(me.userId(), list, since);
            return new Prepared(snap, JsonText.of(Wire.tasks(snap.tasks())));
        }).whenComplete((p, err) -> {
            if (err != null) {
                feed.cancel(list);
            }
        }).thenApply(p -> {
            Snapshot snap = p.snap();
            Set<String> online = feed.online(list);
            online.add(me.username());
            JsonObject body = new JsonObject();
            body.add("list", Wire.list(snap.list()));
            body.addProperty("rev", snap.rev());
            body.addProperty("full", snap.full());
            body.add("deleted", Wire.ids(snap.deleted()));
            body.add("online", Wire.strings(online));
            body.add("editing", Wire.editingMarks(feed.editing(list)));
            return new Result(body, new Result.PreEncoded("tasks", p.tasksJson()),
                    List.of(new Effect.Subscribed(list, snap.rev())));
        });
    }

    private static CompletableFuture<Result> unsubscribe(Request req, Caller c) {
        long list = req.id("list");
        return CompletableFuture.completedFuture(Result.of(new JsonObject(), new Effect.Unsubscribed(list)));
    }

    /**
     * Marks (or unmarks) the caller as editing a task, on this connection. The task must be visible (the role gate
     * also refuses viewers); a mark needs a subscription to the task's list, which is what ends it.
     */
    private static CompletableFuture<Result> editing(Request req, Caller c) {
        long task = req.id("task");
        boolean editing = req.bool("editing");
        long userId = c.identity().userId();
        Feed feed = c.feed();
        return c.storage().read(repo -> repo.tasks().task(userId, task).list()).thenApply(list -> {
            if (editing && !feed.subscribed(list)) {
                throw ApiException.badRequest("subscribe to list " + list + " before marking its tasks as edited");
            }
            return Result.of(new JsonObject(), new Effect.EditingMarked(list, task, editing));
        });
    }

    private static CompletableFuture<Result> tasks(Request req, Caller c) {
        long list = req.id("list");
        Boolean completed = req.optionalBool("completed");
        long userId = c.identity().userId();
        return c.storage().read(repo -> repo.tasks().tasks(userId, list, completed)).thenApply(tasks -> {
            JsonObject body = new JsonObject();
            body.add("tasks", Wire.tasks(tasks));
            return Result.reply(body);
        });
    }

    private static CompletableFuture<Result> get(Request req, Caller c) {
        long task = req.id("task");
        long userId = c.identity().userId();
        return c.storage().read(repo -> repo.tasks().task(userId, task)).thenApply(t -> Result.reply(taskBody(t)));
    }

    private CompletableFuture<Result> create(Request req, Caller c) {
        long list = req.id("list");
        NewTask t = Validate.newTask(req);
        Identity me = c.identity();
        Instant now = Instant.now();
        return c.storage().write(repo -> caps.tasks(repo, repo.tasks().create(me.userId(), me.username(), list, t,
                now))).thenApply(r -> {
            JsonObject body = new JsonObject();
            if (r.deletedSince()) {
                body.add("task", Wire.taskRef(r.task().id(), r.task().list()));
                body.addProperty("deleted", true);
            } else {
                body.add("task", Wire.task(r.task()));
            }
            return r.event() == null ? Result.reply(body) : Result.of(body, new Effect.TaskChanged(r.event()));
        });
    }

    private record Updated(Task task, TaskEvent event) {}

    /** One change of one task, run on the writer; null when nothing would change. */
    @FunctionalInterface
    private interface TaskChange {
        TaskEvent apply(Repo repo, Identity me, Instant now);
    }

    private static CompletableFuture<Result> update(Request req, Caller c) {
        long task = req.id("task");
        TaskPatch patch = Validate.patch(req);
        Long ifRev = req.rev("ifRev");
        return changeTask(c, task, (repo, me, now) -> repo.tasks().update(me.userId(), me.username(), task, patch,
                ifRev, now));
    }

    /** As {@link #update}: one rev and a {@code task.updated} with {@code changed: ["position"]}, or nothing. */
    private static CompletableFuture<Result> move(Request req, Caller c) {
        long task = req.id("task");
        Placement where = Validate.placement(req);
        Long ifRev = req.rev("ifRev");
        return changeTask(c, task, (repo, me, now) -> repo.tasks().move(me.userId(), me.username(), task, where,
                ifRev, now));
    }

    /** Replies with the task after the change, or as it is when nothing changed (no event then). */
    private static CompletableFuture<Result> changeTask(Caller c, long task, TaskChange change) {
        Identity me = c.identity();
        Instant now = Instant.now();
        return c.storage().write(repo -> {
            TaskEvent e = change.apply(repo, me, now);
            return new Updated(e != null ? e.task() : repo.tasks().task(me.userId(), task), e);
        }).thenApply(u -> u.event() == null
                ? Result.reply(taskBody(u.task()))
                : Result.of(taskBody(u.task()), new Effect.TaskChanged(u.event())));
    }

    private static CompletableFuture<Result> delete(Request req, Caller c) {
        long task = req.id("task");
        Long ifRev = req.rev("ifRev");
        Identity me = c.identity();
        return c.storage().write(repo -> repo.tasks().delete(me.userId(), me.username(), task, ifRev))
                .thenApply(e -> Result.of(new JsonObject(), new Effect.TaskChanged(e)));
    }

    /** In chunks (see {@link Chunked}): each chunk's events are published as it commits; the reply follows the last. */
    private CompletableFuture<Result> completeAll(Request req, Caller c) {
        long list = req.id("list");
        boolean completed = req.bool("completed");
        Identity me = c.identity();
        Instant now = Instant.now();
        return Chunked.run(c, bulkChunk, (repo, after, limit) -> repo.tasks().completeAll(me.userId(), me.username(),
                list, completed, now, after, limit)).thenApply(events -> {
                    JsonObject body = new JsonObject();
                    body.add("tasks", Wire.tasks(events.stream().map(TaskEvent::task).toList()));
                    return Result.reply(body);
                });
    }

    /** In chunks, as {@link #completeAll}. */
    private CompletableFuture<Result> clearCompleted(Request req, Caller c) {
        long list = req.id("list");
        Identity me = c.identity();
        return Chunked.run(c, bulkChunk, (repo, after, limit) -> repo.tasks().clearCompleted(me.userId(),
                me.username(), list, after, limit)).thenApply(events -> {
                    JsonObject body = new JsonObject();
                    body.add("deleted", Wire.ids(events.stream().map(e -> e.task().id()).toList()));
                    return Result.reply(body);
                });
    }

    private static JsonObject taskBody(Task t) {
        JsonObject body = new JsonObject();
        body.add("task", Wire.task(t));
        return body;
    }
}
