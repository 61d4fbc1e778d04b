package todo.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One route of the REST API, and everything the API says about it: the router matches on {@code method} and
 * {@code template}, {@code GET /api/v1} lists it under {@code key}, and the OpenAPI document is generated from the
 * rest. Immutable.
 *
 * @param template  the path with {@code {name}} parameters, e.g. {@code /api/v1/lists/{list}}
 * @param key       its name in {@code GET /api/v1} (the original app's names where it had the route), or null
 * @param auth      whether a bearer token is needed
 * @param success   the status of a successful answer
 * @param response  the name of the success body's schema (see {@link OpenApi}), or null for none (204)
 * @param body      the body's fields, empty for none
 * @param query     the query's parameters
 * @param errors    the error statuses this route can answer besides those every route can
 * @param handler   what it does, on the loop; null when {@code local} answers it
 * @param local     an answer made on the handler thread without the loop (the API's own descriptions), or null
 */
record Route(String method, String template, String key, String summary, boolean auth, int success,
             String response, List<Field> body, List<Field> query, List<Integer> errors, Handler handler,
             Local local) {

    /** A body or query field: its name, OpenAPI type ({@code string}, {@code integer}, {@code boolean}). */
    record Field(String name, String type, boolean required, String description) {}

    /** The route's work, run on the loop thread for one call; may throw {@link todo.error.ApiException}. */
    @FunctionalInterface
    interface Handler {
        CompletableFuture<Answer> handle(Call call);
    }

    /** An answer that needs neither the loop nor a caller. Handler thread. */
    @FunctionalInterface
    interface Local {
        Answer answer(todo.http.HttpRequest request);
    }

    /** {@code "METHOD /path"} with the original's {@code <name>} parameters, as {@code GET /api/v1} shows it. */
    String display() {
        return method + " " + template.replace('{', '<').replace('}', '>');
    }

    /** The path's segments after the leading slash. */
    String[] segments() {
        return template.substring(1).split("/", -1);
    }
}
