package todo.rest;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.http.HttpRequest;
import todo.http.HttpResponse;
import todo.loop.Dispatcher;
import todo.loop.EventLoop;
import todo.security.Tokens;

/**
 * The REST API's front door, {@code /api/v1}: on an HTTP handler thread it matches the route, decodes the body,
 * query and headers, then hands the call to the loop ({@link Dispatcher#serve}) and turns the verb's answer or
 * error into HTTP. The handler thread waits for the loop's answer, at most {@link #CALL_TIMEOUT_SECONDS}; the
 * loop never waits for it. CORS headers only for {@code --allow-origin} origins. Immutable; handler threads.
 */
public final class RestApi implements Function<HttpRequest, HttpResponse> {
    public static final String PREFIX = Routes.BASE;
    /** An answer not ready by then is 503: the verb still completes (and its effects still go out). */
    static final long CALL_TIMEOUT_SECONDS = 20;
    static final String VERSION = "1.0.0";
    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);

    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final Set<String> origins;
    private final Function<HttpRequest, String> wsUrl;
    private final Router router;
    /** Built once from the route table; only read after. */
    private final JsonObject openApi;

    /**
     * @param allowOrigins the {@code --allow-origin} origins, the only ones given CORS headers
     * @param wsUrl        the WebSocket URL for a request (on the host it was sent to), for {@code GET /api/v1}
     */
    public RestApi(EventLoop loop, Dispatcher dispatcher, List<String> allowOrigins,
                   Function<HttpRequest, String> wsUrl) {
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.origins = allowOrigins.stream().map(RestApi::normalise).collect(Collectors.toUnmodifiableSet());
        this.wsUrl = wsUrl;
        this.router = new Router(Routes.all(this::info, this::openApi));
        this.openApi = OpenApi.document(router.routes(), VERSION);
    }

    /** The route table, as the router matches it (for the OpenAPI document and its tests). */
    List<Route> routes() {
        return router.routes();
    }

    /** Answers one request under {@link #PREFIX}. Handler thread; blocks up to {@link #CALL_TIMEOUT_SECONDS}. */
    @Override
    public HttpResponse apply(HttpRequest req) {
        String origin = allowedOrigin(req);
        HttpResponse res;
        if (req.method().equals("OPTIONS")) {
            res = preflight(req, origin);
        } else {
            res = toHttp(answer(req));
        }
        if (origin != null) {
            res.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
                    .header("Access-Control-Expose-Headers", "ETag, Location, Retry-After, WWW-Authenticate");
        }
        return res;
    }

    private Answer answer(HttpRequest req) {
        boolean ifMatch = req.header("If-Match") != null;
        try {
            Router.Match m = router.match(req.method(), req.path());
            Route route = m.route();
            if (route.local() != null) {
                return route.local().answer(req);
            }
            Incoming in = new Incoming(m.params(), query(req), Bodies.fields(req.body(), req.header("Content-Type")),
                    ifMatch(req.header("If-Match")), req.header("Idempotency-Key"), token(req), req.remote());
            // Keyed by the token's hash, so that no token is kept in memory beyond its request.
            String rateKey = in.token() != null ? "token " + Base64.getEncoder().encodeToString(Tokens.hash(in.token()))
                    : "address " + req.remote().getAddress().getHostAddress();
            CompletableFuture<Answer> done = new CompletableFuture<>();
            loop.execute(() -> dispatcher.serve(in.token(), rateKey, in.remote(), caller -> {
                Call call = new Call(in, caller, dispatcher);
                return route.handler().handle(call);
            }).whenComplete((a, err) -> {
                if (err != null) {
                    done.completeExceptionally(err);
                } else {
                    done.complete(a);
                }
            }));
            return done.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Errors.answer(logged(e.getCause(), req), ifMatch);
        } catch (TimeoutException e) {
            log.warn("{} {} not answered within {} s", req.method(), req.path(), CALL_TIMEOUT_SECONDS);
            return Errors.answer(new ApiException(ErrorCode.UNAVAILABLE, "busy: not answered in time; try again"), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Errors.answer(new ApiException(ErrorCode.UNAVAILABLE, "server shutting down"), false);
        } catch (RuntimeException e) {
            return Errors.answer(logged(e, req), ifMatch);
        }
    }

    /** An expected refusal passes as is; anything else is a bug, logged here and answered as {@code internal}. */
    private static Throwable logged(Throwable e, HttpRequest req) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (!(cause instanceof ApiException) && !(cause instanceof Errors.Refused)) {
            log.error("internal error in {} {}", req.method(), req.path(), cause);
        }
        return cause;
    }

    private HttpResponse toHttp(Answer a) {
        byte[] body = a.body() == null ? new byte[0] : a.body().toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse res = new HttpResponse(a.status(), a.body() == null ? null : JSON_UTF8, body);
        a.headers().forEach(res::header);
        return res.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
    }

    private Answer openApi(HttpRequest req) {
        return Answer.ok(openApi);
    }

    /** {@code GET /api/v1}: the original's route names and ours, each "METHOD /path", and the WebSocket URL. */
    private Answer info(HttpRequest req) {
        JsonObject o = new JsonObject();
        for (Route r : router.routes()) {
            if (r.key() != null) {
                o.addProperty(r.key(), r.display());
            }
        }
        o.addProperty("websocket", wsUrl.apply(req));
        return Answer.ok(o);
    }

    /** A CORS preflight: the route's methods, and for an allowed origin what it may send. */
    private HttpResponse preflight(HttpRequest req, String origin) {
        String template = router.templateOf(req.path());
        if (template == null) {
            return toHttp(Errors.answer(new Errors.Refused(404, ErrorCode.NOT_FOUND, "no such route: see GET /api/v1"), false));
        }
        HttpResponse res = new HttpResponse(204, null, new byte[0]).header("Allow", router.allow(template));
        if (origin != null) {
            res.header("Access-Control-Allow-Methods", router.allow(template))
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, Idempotency-Key")
                    .header("Access-Control-Max-Age", "600");
        }
        return res;
    }

    /** The request's Origin when it is one of {@code --allow-origin}'s, else null. */
    private String allowedOrigin(HttpRequest req) {
        String o = req.header("Origin");
        return o != null && origins.contains(normalise(o)) ? o : null;
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static Map<String, String> query(HttpRequest req) {
        int q = req.target().indexOf('?');
        return q < 0 ? Map.of() : Bodies.form(req.target().substring(q + 1));
    }

    /** The bearer token, or null without {@code Authorization}. @throws ApiException 401 for another scheme */
    private static String token(HttpRequest req) {
        String h = req.header("Authorization");
        if (h == null) {
            return null;
        }
        if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authorization must be: Bearer TOKEN");
        }
        return h.substring(7).strip();
    }

    /** {@code "12"} (or weak {@code W/"12"}) to 12; {@code *} to null. @throws ApiException bad_request */
    private static Long ifMatch(String h) {
        if (h == null || h.strip().equals("*")) {
            return null;
        }
        String v = h.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (!v.matches("\"[0-9]{1,16}\"")) {
            throw ApiException.badRequest("If-Match must be an ETag as this API sends it, e.g. \"12\"");
        }
        return Long.parseLong(v.substring(1, v.length() - 1));
    }
}
