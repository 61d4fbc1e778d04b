package todo.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.verbs.Identity;
import todo.verbs.Result;

/**
 * The REST API's route table: each route's verb call and how its result answers. Every rule is the verb's;
 * this only moves values between HTTP and verb parameters. Built once; the handlers run on the loop.
 */
final class Routes {
    static final String BASE = "/api/v1";
    private static final String USER = BASE + "/accounts/{username}";
    private static final String TASK = USER + "/tasks/{id}";
    private static final String LIST = BASE + "/lists/{list}";
    private static final List<Route.Field> NONE = List.of();
    private static final List<Route.Field> TASK_FIELDS = List.of(
            field("name", "string", true, "1-500 characters"),
            field("note", "string", false, "at most 10000 characters"),
            field("due", "string", false, "null, 2026-12-01, 2026-12-01T17:00:00+01:00 or (as due_date) 01/12/2026 17:00:00"),
            field("due_date", "string", false, "the original's name for due"),
            field("completed", "boolean", false, "true/false in any case, or 1/0"));
    private static final List<Route.Field> PATCH_FIELDS = List.of(
            field("name", "string", false, "1-500 characters"),
            field("note", "string", false, "at most 10000 characters"),
            field("due", "string", false, "as for create; null clears it"),
            field("due_date", "string", false, "the original's name for due"),
            field("completed", "boolean", false, "true/false in any case, or 1/0"));
    private static final List<Route.Field> COMPLETED_QUERY = List.of(
            field("completed", "boolean", false, "only tasks with this completed state"));

    private Routes() {}

    /** @param info answers {@code GET /api/v1}; @param openApi answers {@code GET /api/v1/openapi.json} */
    static List<Route> all(Route.Local info, Route.Local openApi) {
        List<Route> r = new ArrayList<>();
        r.add(local("GET", BASE, "info", "The routes of this API and the WebSocket address", "Info", info));
        r.add(new Route("POST", BASE + "/accounts", "register", "Create an account; answers a token", false, 201,
                "UserToken", List.of(field("username", "string", true, "3-32 of A-Z a-z 0-9 _ . -"),
                field("password", "string", true, "8-1024 characters"), field("email", "string", false, "name@example.org")),
                NONE, List.of(409), Routes::register, null));
        r.add(new Route("GET", USER, "single profile detail", "A user's public profile (yours with email)", true,
                200, "User", NONE, NONE, List.of(), c -> {
                    c.me();
                    return c.verb("profile.get", params("username", c.in.path().get("username"))).thenApply(Routes::ok);
                }, null));
        r.add(new Route("PUT", USER, "edit profile", "Change your email or password", true, 200, "User",
                List.of(field("email", "string", false, "null or \"\" removes it"),
                        field("password", "string", false, "a new password; signs your other tokens out"),
                        field("currentPassword", "string", true, "your password now")),
                NONE, List.of(403), c -> {
                    c.self();
                    return c.verb("profile.update", c.in.params()).thenApply(Routes::ok);
                }, null));
        r.add(new Route("DELETE", USER, "delete profile", "Delete your account, its lists and tokens", true, 204,
                null, List.of(field("password", "string", true, "your password")), NONE, List.of(403), c -> {
                    c.self();
                    return c.verb("profile.delete", c.in.params()).thenApply(x -> Answer.noContent());
                }, null));
        r.add(new Route("POST", BASE + "/accounts/login", "login", "Sign in; answers a new token", false, 200,
                "UserToken", List.of(field("username", "string", true, "any case"),
                field("password", "string", true, "")), NONE, List.of(401), c ->
                c.verb("login", c.in.params()).thenApply(Routes::ok), null));
        r.add(new Route("GET", BASE + "/accounts/logout", "logout", logoutSummary(), true, 200, "Empty", NONE, NONE,
                List.of(), Routes::logout, null));
        r.add(new Route("POST", BASE + "/accounts/logout", null, logoutSummary(), true, 200, "Empty", NONE, NONE,
                List.of(), Routes::logout, null));
        r.add(new Route("GET", USER + "/tasks", "user's tasks", "Your first own list's tasks (\"My tasks\"), or list L's",
                true, 200, "UserTasks", NONE, List.of(field("list", "integer", false, "a list you are a member of"),
                COMPLETED_QUERY.get(0)), List.of(403), Routes::userTasks, null));
        r.add(new Route("POST", USER + "/tasks", "create task", "Add a task to your first own list, or to list L",
                true, 201, "TaskPosted", TASK_FIELDS, List.of(field("list", "integer", false, "a list you are a member of")),
                List.of(403), Routes::createUserTask, null));
        r.add(new Route("GET", TASK, "task detail", "A task in any list you are a member of; ETag is its rev", true,
                200, "Task", NONE, NONE, List.of(403), c -> {
                    c.self();
                    return c.verb("task.get", params("task", c.pathId("id", "task"))).thenApply(Routes::taskOk);
                }, null));
        r.add(new Route("PUT", TASK, "task update", "Change a task; If-Match: \"REV\" makes it conditional", true,
                200, "Task", PATCH_FIELDS, NONE, List.of(403, 412), c -> {
                    c.self();
                    JsonObject p = c.withHeaders(c.in.params());
                    p.addProperty("task", c.pathId("id", "task"));
                    return c.verb("task.update", p).thenApply(Routes::taskOk);
                }, null));
        r.add(new Route("DELETE", TASK, "delete task", "Delete a task; If-Match: \"REV\" makes it conditional", true,
                204, null, NONE, NONE, List.of(403, 412), c -> {
                    c.self();
                    JsonObject p = c.withHeaders(new JsonObject());
                    p.addProperty("task", c.pathId("id", "task"));
                    return c.verb("task.delete", p).thenApply(x -> Answer.noContent());
                }, null));
        r.add(new Route("GET", BASE + "/lists", "lists", "The lists you are a member of", true, 200, "Lists", NONE,
                NONE, List.of(), c -> {
                    c.me();
                    return c.verb("lists", new JsonObject()).thenApply(Routes::ok);
                }, null));
        r.add(new Route("POST", BASE + "/lists", "create list", "Create a list you own", true, 201, "List",
                List.of(field("title", "string", true, "1-200 characters")), NONE, List.of(), c ->
                c.verb("list.create", c.in.params()).thenApply(res -> Answer.created(res.body(),
                        BASE + "/lists/" + res.body().getAsJsonObject("list").get("id").getAsLong())), null));
        r.add(new Route("GET", LIST, "list detail", "A list you are a member of", true, 200, "List", NONE, NONE,
                List.of(), c -> {
                    c.me();
                    long id = c.pathId("list", "list");
                    return c.verb("lists", new JsonObject()).thenApply(res -> {
                        JsonObject body = new JsonObject();
                        body.add("list", find(res, id));
                        return Answer.ok(body);
                    });
                }, null));
        r.add(new Route("PUT", LIST, "rename list", "Rename a list you are a member of", true, 200, "List",
                List.of(field("title", "string", true, "1-200 characters")), NONE, List.of(), c -> {
                    JsonObject p = c.in.params();
                    p.addProperty("list", c.pathId("list", "list"));
                    return c.verb("list.rename", p).thenApply(Routes::ok);
                }, null));
        r.add(new Route("DELETE", LIST, "delete list", "Delete a list you own, with its tasks", true, 204, null, NONE,
                NONE, List.of(403), c -> c.verb("list.delete", params("list", c.pathId("list", "list")))
                .thenApply(x -> Answer.noContent()), null));
        r.add(new Route("POST", LIST + "/members", "share list", "Share a list you own with a user", true, 200,
                "List", List.of(field("username", "string", true, "who to share with"),
                field("role", "string", false, "editor (the default) or viewer; for a member, their new role")),
                NONE, List.of(403), c -> {
                    JsonObject p = c.in.params();
                    p.addProperty("list", c.pathId("list", "list"));
                    return c.verb("list.share", p).thenApply(Routes::ok);
                }, null));
        r.add(new Route("PUT", LIST + "/members/{username}", "change role",
                "Give a member of a list you own another role", true, 200, "List",
                List.of(field("role", "string", true, "editor or viewer")), NONE, List.of(403), c -> {
                    JsonObject p = c.in.params();
                    p.addProperty("list", c.pathId("list", "list"));
                    p.addProperty("username", c.in.path().get("username"));
                    return c.verb("list.role", p).thenApply(Routes::ok);
                }, null));
        r.add(new Route("DELETE", LIST + "/members/{username}", "unshare list",
                "Remove a member (owner), or leave (yourself)", true, 200, "List", NONE, NONE, List.of(403), c -> {
                    JsonObject p = params("list", c.pathId("list", "list"));
                    p.addProperty("username", c.in.path().get("username"));
                    return c.verb("list.unshare", p).thenApply(Routes::ok);
                }, null));
        r.add(new Route("GET", LIST + "/tasks", "list's tasks", "The tasks of a list you are a member of", true,
                200, "Tasks", NONE, COMPLETED_QUERY, List.of(), c -> c.verb("tasks",
                c.withCompletedFilter(params("list", c.pathId("list", "list")))).thenApply(Routes::ok), null));
        r.add(new Route("POST", LIST + "/tasks", "create task in list", "Add a task; Idempotency-Key makes it replayable",
                true, 201, "Task", TASK_FIELDS, NONE, List.of(), c -> {
                    JsonObject p = c.withHeaders(c.in.params());
                    p.addProperty("list", c.pathId("list", "list"));
                    return c.verb("task.create", p).thenApply(res -> taskCreated(c, res.body()));
                }, null));
        r.add(new Route("POST", LIST + "/complete-all", "complete all", "Mark every task completed or not", true,
                200, "Tasks", List.of(field("completed", "boolean", true, "true/false in any case, or 1/0")), NONE,
                List.of(), c -> {
                    JsonObject p = c.in.params();
                    p.addProperty("list", c.pathId("list", "list"));
                    return c.verb("tasks.completeAll", p).thenApply(Routes::ok);
                }, null));
        r.add(new Route("POST", LIST + "/clear-completed", "clear completed", "Delete the completed tasks", true,
                200, "Deleted", NONE, NONE, List.of(), c -> c.verb("tasks.clearCompleted",
                params("list", c.pathId("list", "list"))).thenApply(Routes::ok), null));
        r.add(local("GET", BASE + "/openapi.json", "openapi", "This API as an OpenAPI 3.0 document", "OpenApi", openApi));
        return r;
    }

    private static String logoutSummary() {
        return "Revoke the presented token; its WebSocket sessions close with 4401";
    }

    private static CompletableFuture<Answer> register(Call c) {
        return c.verb("register", c.in.params()).thenApply(res -> Answer.created(res.body(),
                BASE + "/accounts/" + res.body().getAsJsonObject("user").get("username").getAsString()));
    }

    private static CompletableFuture<Answer> logout(Call c) {
        c.me();
        return c.verb("logout", new JsonObject()).thenApply(Routes::ok);
    }

    /** {@code {username, list, tasks}}: list L if given, else the first list you own ("My tasks" at first). */
    private static CompletableFuture<Answer> userTasks(Call c) {
        Identity me = c.self();
        Long wanted = c.queryList();
        return c.verb("lists", new JsonObject()).thenCompose(res -> {
            JsonObject list = wanted != null ? find(res, wanted) : firstOwned(res, me);
            return c.verb("tasks", c.withCompletedFilter(params("list", list.get("id").getAsLong())))
                    .thenApply(tasks -> {
                        JsonObject body = new JsonObject();
                        body.addProperty("username", me.username());
                        body.add("list", list);
                        body.add("tasks", tasks.body().get("tasks"));
                        return Answer.ok(body);
                    });
        });
    }

    private static CompletableFuture<Answer> createUserTask(Call c) {
        Identity me = c.self();
        Long wanted = c.queryList();
        CompletableFuture<Long> list = wanted != null ? CompletableFuture.completedFuture(wanted)
                : c.verb("lists", new JsonObject()).thenApply(res -> firstOwned(res, me).get("id").getAsLong());
        return list.thenCompose(id -> {
            JsonObject p = c.withHeaders(c.in.params());
            p.addProperty("list", id);
            return c.verb("task.create", p);
        }).thenApply(res -> {
            JsonObject body = new JsonObject();
            body.addProperty("msg", "posted");
            body.add("task", res.body().get("task"));
            if (res.body().has("deleted")) {
                body.add("deleted", res.body().get("deleted"));
            }
            return taskCreated(c, body);
        });
    }

    private static Answer taskCreated(Call c, JsonObject body) {
        long id = body.getAsJsonObject("task").get("id").getAsLong();
        return Answer.created(body, BASE + "/accounts/" + c.me().username() + "/tasks/" + id).withTaskETag();
    }

    /** The list with this id among the caller's, else {@code not_found}: no hint whether it exists. */
    private static JsonObject find(Result lists, long id) {
        for (JsonElement e : lists.body().getAsJsonArray("lists")) {
            if (e.getAsJsonObject().get("id").getAsLong() == id) {
                return e.getAsJsonObject();
            }
        }
        throw ApiException.notFound("list");
    }

    /** The caller's oldest own list, which register made as "My tasks". */
    private static JsonObject firstOwned(Result lists, Identity me) {
        for (JsonElement e : lists.body().getAsJsonArray("lists")) {
            if (e.getAsJsonObject().get("owner").getAsString().equals(me.username())) {
                return e.getAsJsonObject();
            }
        }
        throw ApiException.notFound("list");
    }

    private static Answer ok(Result r) {
        return Answer.ok(r.body());
    }

    private static Answer taskOk(Result r) {
        return Answer.ok(r.body()).withTaskETag();
    }

    private static JsonObject params(String name, Object value) {
        JsonObject o = new JsonObject();
        if (value instanceof Number n) {
            o.addProperty(name, n);
        } else {
            o.addProperty(name, (String) value);
        }
        return o;
    }

    private static Route.Field field(String name, String type, boolean required, String description) {
        return new Route.Field(name, type, required, description);
    }

    private static Route local(String method, String path, String key, String summary, String response,
                               Route.Local answer) {
        return new Route(method, path, key, summary, false, 200, response, NONE, NONE, List.of(), null, answer);
    }
}
