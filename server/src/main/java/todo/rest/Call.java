package todo.rest;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.loop.Dispatcher;
import todo.loop.RequestCaller;
import todo.protocol.Request;
import todo.verbs.Identity;
import todo.verbs.Result;

/**
 * One REST call on the loop: the decoded request, the caller it runs as, and the way to run verbs for it. Route
 * handlers translate with it: path, query and headers to a verb's parameters, the verb's result to an
 * {@link Answer}. Loop thread only.
 */
final class Call {
    /** The largest id a path may name; longer digit strings cannot be ours. */
    private static final int MAX_ID_DIGITS = 16;

    final Incoming in;
    private final RequestCaller caller;
    private final Dispatcher dispatcher;

    Call(Incoming in, RequestCaller caller, Dispatcher dispatcher) {
        this.in = in;
        this.caller = caller;
        this.dispatcher = dispatcher;
    }

    /** Runs one verb for this call's caller; its effects reach the WebSocket sessions as any verb's do. */
    CompletableFuture<Result> verb(String type, JsonObject params) {
        return dispatcher.call(caller, Request.of(type, params));
    }

    /** The signed-in caller. @throws ApiException {@code unauthenticated} without a token */
    Identity me() {
        Identity me = caller.identity();
        if (me == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "send Authorization: Bearer TOKEN (from register or login)");
        }
        return me;
    }

    /**
     * The caller, who must be the {@code username} the path names (ignoring case): routes under
     * {@code /accounts/<username>/} act for the signed-in user only. @throws ApiException 401 or 403
     */
    Identity self() {
        Identity me = me();
        if (!me.username().equalsIgnoreCase(in.path().get("username"))) {
            throw ApiException.forbidden("signed in as " + me.username() + ": you can act only for yourself");
        }
        return me;
    }

    /**
     * The id a path parameter names. Anything that is not a plain decimal number cannot name a list or task of
     * ours: {@code not_found}, as for an id that names nobody's. @param what "list" or "task", for the message
     */
    long pathId(String param, String what) {
        String s = in.path().get(param);
        if (s == null || s.length() > MAX_ID_DIGITS || !s.matches("[1-9][0-9]*")) {
            throw ApiException.notFound(what);
        }
        return Long.parseLong(s);
    }

    /** The {@code ?list=} query parameter, or null. @throws ApiException {@code bad_request} when not an id */
    Long queryList() {
        String s = in.query().get("list");
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_ID_DIGITS || !s.matches("[1-9][0-9]*")) {
            throw ApiException.badRequest("list must be a list id (a positive integer)");
        }
        return Long.parseLong(s);
    }

    /** The {@code ?completed=} filter into {@code params} (as the verb reads it), when given. */
    JsonObject withCompletedFilter(JsonObject params) {
        String s = in.query().get("completed");
        if (s != null) {
            params.add("completed", Bodies.bool(new com.google.gson.JsonPrimitive(s)));
        }
        return params;
    }

    /** {@code If-Match} as the verbs' {@code ifRev}, {@code Idempotency-Key} as {@code key}, into {@code params}. */
    JsonObject withHeaders(JsonObject params) {
        if (in.ifMatch() != null) {
            params.addProperty("ifRev", in.ifMatch());
        }
        if (in.idempotencyKey() != null) {
            params.addProperty("key", in.idempotencyKey());
        }
        return params;
    }
}
