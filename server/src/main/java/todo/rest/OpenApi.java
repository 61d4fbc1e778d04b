package todo.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.TreeSet;
import todo.model.Role;

/**
 * The OpenAPI 3.0 document of the REST API, generated from the router's own route table, so it names exactly the
 * routes the router answers. Built once; any thread.
 */
final class OpenApi {
    private OpenApi() {}

    static JsonObject document(List<Route> routes, String version) {
        JsonObject doc = new JsonObject();
        doc.addProperty("openapi", "3.0.3");
        JsonObject info = new JsonObject();
        info.addProperty("title", "todo-server REST API");
        info.addProperty("version", version);
        info.addProperty("description", "The same verbs as the WebSocket protocol (docs/protocol.md); every change"
                + " is broadcast to WebSocket subscribers. Errors are {\"error\": CODE, \"message\": TEXT}.");
        doc.add("info", info);
        JsonObject paths = new JsonObject();
        for (Route r : routes) {
            if (!paths.has(r.template())) {
                paths.add(r.template(), new JsonObject());
            }
            paths.getAsJsonObject(r.template()).add(r.method().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        doc.add("paths", paths);
        JsonObject components = new JsonObject();
        components.add("schemas", schemas());
        JsonObject bearer = new JsonObject();
        bearer.addProperty("type", "http");
        bearer.addProperty("scheme", "bearer");
        JsonObject schemes = new JsonObject();
        schemes.add("bearer", bearer);
        components.add("securitySchemes", schemes);
        doc.add("components", components);
        return doc;
    }

    private static JsonObject operation(Route r) {
        JsonObject op = new JsonObject();
        op.addProperty("summary", r.summary());
        op.addProperty("operationId", (r.method() + " " + r.template()).replaceAll("[^A-Za-z0-9]+", "_"));
        JsonArray params = new JsonArray();
        for (String s : r.segments()) {
            if (s.startsWith("{")) {
                String name = s.substring(1, s.length() - 1);
                params.add(parameter(name, "path", name.equals("username") ? "string" : "integer", true));
            }
        }
        r.query().forEach(f -> params.add(parameter(f.name(), "query", f.type(), false)));
        if (r.template().contains("/tasks/{id}") && !r.method().equals("GET")) {
            params.add(parameter("If-Match", "header", "string", false));
        }
        if (r.response() != null && r.response().startsWith("Task") && r.method().equals("POST")) {
            params.add(parameter("Idempotency-Key", "header", "string", false));
        }
        if (!params.isEmpty()) {
            op.add("parameters", params);
        }
        if (!r.body().isEmpty()) {
            JsonObject schema = new JsonObject();
            schema.addProperty("type", "object");
            JsonObject props = new JsonObject();
            JsonArray required = new JsonArray();
            for (Route.Field f : r.body()) {
                props.add(f.name(), typed(f.type(), f.description()));
                if (f.required()) {
                    required.add(f.name());
                }
            }
            schema.add("properties", props);
            if (!required.isEmpty()) {
                schema.add("required", required);
            }
            JsonObject content = new JsonObject();
            content.add("application/json", media(schema));
            content.add("application/x-www-form-urlencoded", media(schema));
            JsonObject body = new JsonObject();
            body.add("content", content);
            op.add("requestBody", body);
        }
        if (r.auth()) {
            JsonArray security = new JsonArray();
            JsonObject bearer = new JsonObject();
            bearer.add("bearer", new JsonArray());
            security.add(bearer);
            op.add("security", security);
        }
        op.add("responses", responses(r));
        return op;
    }

    private static JsonObject responses(Route r) {
        JsonObject out = new JsonObject();
        JsonObject ok = new JsonObject();
        ok.addProperty("description", r.success() == 201 ? "created" : r.success() == 204 ? "done" : "ok");
        if (r.response() != null) {
            JsonObject content = new JsonObject();
            content.add("application/json", media(ref(r.response())));
            ok.add("content", content);
        }
        out.add(Integer.toString(r.success()), ok);
        TreeSet<Integer> errors = new TreeSet<>(List.of(400, 404, 429, 500, 503));
        errors.addAll(r.errors());
        if (r.auth()) {
            errors.add(401);
        }
        if (!r.body().isEmpty()) {
            errors.add(413);
            errors.add(415);
        }
        for (int status : errors) {
            JsonObject e = new JsonObject();
            e.addProperty("description", describe(status));
            JsonObject content = new JsonObject();
            content.add("application/json", media(ref(status == 412 ? "ErrorWithTask" : "Error")));
            e.add("content", content);
            out.add(Integer.toString(status), e);
        }
        return out;
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "bad_json or bad_request (the message says which field and why)";
            case 401 -> "unauthenticated (WWW-Authenticate: Bearer) or bad_credentials";
            case 403 -> "forbidden: not yours to do";
            case 404 -> "not_found: no such thing, or not one you are a member of";
            case 409 -> "conflict";
            case 412 -> "If-Match failed: the body carries the current task";
            case 413 -> "body larger than 64 KiB";
            case 415 -> "body neither JSON nor a form";
            case 429 -> "rate_limited (Retry-After)";
            case 503 -> "shutting down or busy (Retry-After)";
            default -> "internal";
        };
    }

    private static JsonObject schemas() {
        JsonObject s = new JsonObject();
        s.add("User", object("user", ref("UserObject")));
        s.add("UserObject", props("username", typed("string", ""), "email", typed("string", "yours only"),
                "joined", typed("string", "ISO-8601 UTC")));
        s.add("UserToken", props("user", ref("UserObject"), "token", typed("string", "43 characters; Bearer")));
        s.add("TaskObject", props("id", typed("integer", ""), "list", typed("integer", ""), "name", typed("string", ""),
                "note", typed("string", ""), "due", typed("string", "null, ISO date or date-time"),
                "completed", typed("boolean", ""), "created", typed("string", ""), "updated", typed("string", ""),
                "createdBy", typed("string", ""), "updatedBy", typed("string", ""), "rev", typed("integer", "the ETag"),
                "position", typed("string", "order in the list: sort by position, then id, in byte order")));
        s.add("Task", object("task", ref("TaskObject")));
        s.add("TaskPosted", props("msg", typed("string", "posted"), "task", ref("TaskObject")));
        s.add("ListObject", props("id", typed("integer", ""), "title", typed("string", ""), "owner", typed("string", ""),
                "members", array(typed("string", "")), "roles", roles(), "rev", typed("integer", ""),
                "created", typed("string", "")));
        s.add("List", object("list", ref("ListObject")));
        s.add("Lists", object("lists", array(ref("ListObject"))));
        s.add("Tasks", object("tasks", array(ref("TaskObject"))));
        s.add("UserTasks", props("username", typed("string", ""), "list", ref("ListObject"),
                "tasks", array(ref("TaskObject"))));
        s.add("Deleted", object("deleted", array(typed("integer", "task ids"))));
        s.add("Empty", props());
        s.add("Info", props("websocket", typed("string", "the WebSocket URL")));
        s.add("OpenApi", props("openapi", typed("string", "3.0.3")));
        s.add("Error", props("error", typed("string", "a protocol v1 error code"), "message", typed("string", "")));
        s.add("ErrorWithTask", props("error", typed("string", "conflict"), "message", typed("string", ""),
                "task", ref("TaskObject")));
        return s;
    }

    private static JsonObject parameter(String name, String in, String type, boolean required) {
        JsonObject p = new JsonObject();
        p.addProperty("name", name);
        p.addProperty("in", in);
        p.addProperty("required", required);
        p.add("schema", typed(type, null));
        return p;
    }

    private static JsonObject media(JsonObject schema) {
        JsonObject m = new JsonObject();
        m.add("schema", schema);
        return m;
    }

    private static JsonObject ref(String name) {
        JsonObject o = new JsonObject();
        o.addProperty("$ref", "#/components/schemas/" + name);
        return o;
    }

    private static JsonObject typed(String type, String description) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        if (description != null && !description.isEmpty()) {
            o.addProperty("description", description);
        }
        return o;
    }

    /** {@code roles}: every member's username to their role. */
    private static JsonObject roles() {
        JsonObject o = typed("object", "every member's username: owner, editor or viewer");
        JsonObject role = typed("string", null);
        JsonArray names = new JsonArray();
        for (Role r : Role.values()) {
            names.add(r.wire());
        }
        role.add("enum", names);
        o.add("additionalProperties", role);
        return o;
    }

    private static JsonObject array(JsonObject items) {
        JsonObject o = typed("array", null);
        o.add("items", items);
        return o;
    }

    private static JsonObject object(String field, JsonObject schema) {
        return props(field, schema);
    }

    /** An object schema from alternating property names and schemas. */
    private static JsonObject props(Object... kv) {
        JsonObject o = typed("object", null);
        JsonObject p = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            p.add((String) kv[i], (JsonObject) kv[i + 1]);
        }
        o.add("properties", p);
        return o;
    }
}
