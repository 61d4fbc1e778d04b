package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.app.Config;
import todo.support.ServerTest;

/** The conventions every route shares: media types, sizes, methods, CORS, the route table at GET /api/v1. */
class RestConventionsTest extends ServerTest {
    static final String ALLOWED = "http://app.example.org";
    Rest rest;
    String alice;

    @Override
    protected Config config(Config defaults) {
        return defaults.withAllowOrigins(List.of(ALLOWED));
    }

    @BeforeEach
    void signIn() {
        rest = new Rest(server);
        alice = rest.register("alice");
    }

    @Test
    void getApiV1ListsTheOriginalsRoutesVerbatimPlusOursAndTheWebSocket() {
        Rest.Answer a = rest.get("", null).expect(200);
        assertEquals("application/json; charset=utf-8", a.header("Content-Type"));
        JsonObject o = a.body();
        assertEquals("GET /api/v1", o.get("info").getAsString());
        assertEquals("POST /api/v1/accounts", o.get("register").getAsString());
        assertEquals("GET /api/v1/accounts/<username>", o.get("single profile detail").getAsString());
        assertEquals("PUT /api/v1/accounts/<username>", o.get("edit profile").getAsString());
        assertEquals("DELETE /api/v1/accounts/<username>", o.get("delete profile").getAsString());
        assertEquals("POST /api/v1/accounts/login", o.get("login").getAsString());
        assertEquals("GET /api/v1/accounts/logout", o.get("logout").getAsString());
        assertEquals("GET /api/v1/accounts/<username>/tasks", o.get("user's tasks").getAsString());
        assertEquals("POST /api/v1/accounts/<username>/tasks", o.get("create task").getAsString());
        assertEquals("GET /api/v1/accounts/<username>/tasks/<id>", o.get("task detail").getAsString());
        assertEquals("PUT /api/v1/accounts/<username>/tasks/<id>", o.get("task update").getAsString());
        assertEquals("DELETE /api/v1/accounts/<username>/tasks/<id>", o.get("delete task").getAsString());
        assertEquals("GET /api/v1/lists", o.get("lists").getAsString());
        assertEquals("POST /api/v1/lists/<list>/clear-completed", o.get("clear completed").getAsString());
        assertEquals("ws://127.0.0.1:" + server.server.wsPort() + "/", o.get("websocket").getAsString());
    }

    @Test
    void anotherMediaTypeWithABodyIs415AndChangesNothing() {
        rest.call("POST", "lists").token(alice).raw("text/plain", "title=x".getBytes(StandardCharsets.UTF_8)).send()
                .expect(415);
        rest.call("POST", "lists").token(alice).raw(null, "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .send().expect(415);
        assertEquals(1, rest.get("lists", alice).body().getAsJsonArray("lists").size());
    }

    @Test
    void aBodyOver64KiBIs413AndChangesNothing() {
        byte[] big = ("{\"title\":\"" + "x".repeat(64 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // Refused by the HTTP listener itself, before any route: still the API's JSON error shape.
        rest.call("POST", "lists").token(alice).raw("application/json", big).send().expectError(413, "bad_request");
        assertEquals(1, rest.get("lists", alice).body().getAsJsonArray("lists").size());
    }

    @Test
    void malformedJsonIs400BadJson() {
        rest.call("POST", "lists").token(alice).raw("application/json", "{\"title\":".getBytes(StandardCharsets.UTF_8))
                .send().expectError(400, "bad_json");
        rest.call("POST", "lists").token(alice).raw("application/json", "[1]".getBytes(StandardCharsets.UTF_8))
                .send().expectError(400, "bad_request");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Rest.Answer a = rest.call("PATCH", "lists").token(alice).send().expect(405);
        assertEquals("GET, HEAD, POST, OPTIONS", a.header("Allow"));
        assertEquals("POST, OPTIONS", rest.call("GET", "accounts/login").send().expect(405).header("Allow"));
    }

    @Test
    void anUnknownRouteIs404() {
        rest.get("nothing/here", alice).expectError(404, "not_found");
        rest.get("lists/1/nothing", alice).expectError(404, "not_found");
    }

    @Test
    void headIsAnsweredAsGetWithoutABody() {
        Rest.Answer a = rest.call("HEAD", "lists").token(alice).send();
        assertEquals(200, a.status());
        assertTrue(a.raw().body().isEmpty());
    }

    @Test
    void corsHeadersOnlyForAllowOriginOrigins() {
        Rest.Answer allowed = rest.call("GET", "lists").token(alice).header("Origin", ALLOWED).send().expect(200);
        assertEquals(ALLOWED, allowed.header("Access-Control-Allow-Origin"));
        assertTrue(allowed.header("Access-Control-Expose-Headers").contains("ETag"));
        Rest.Answer other = rest.call("GET", "lists").token(alice).header("Origin", "http://evil.example").send()
                .expect(200);
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertNull(rest.get("lists", alice).header("Access-Control-Allow-Origin"));
    }

    @Test
    void aPreflightFromAnAllowedOriginNamesMethodsAndHeaders() {
        Rest.Answer ok = rest.call("OPTIONS", "lists/1").header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PUT").send();
        assertEquals(204, ok.status());
        assertEquals(ALLOWED, ok.header("Access-Control-Allow-Origin"));
        assertTrue(ok.header("Access-Control-Allow-Methods").contains("PUT"));
        assertTrue(ok.header("Access-Control-Allow-Headers").contains("If-Match"));
        Rest.Answer refused = rest.call("OPTIONS", "lists/1").header("Origin", "http://evil.example").send();
        assertEquals(204, refused.status());
        assertNull(refused.header("Access-Control-Allow-Origin"));
        assertNull(refused.header("Access-Control-Allow-Methods"));
    }

    @Test
    void pastTheRateLimitATokenGets429WithRetryAfter() throws Exception {
        var limited = anotherServer("limited", c -> c.withMaxRate(2));
        Rest r = new Rest(limited);
        String token = r.register("alice");
        List<Rest.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(r.get("lists", token));
        }
        Rest.Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow(
                () -> new AssertionError("no 429 in " + answers.stream().map(Rest.Answer::status).toList()));
        refused.expectError(429, "rate_limited");
        assertEquals("1", refused.header("Retry-After"));
        assertTrue(Set.of(200, 429).containsAll(answers.stream().map(Rest.Answer::status).toList()));
    }

    @Test
    void answersAreJsonUtf8AndNeverSniffedNorCached() {
        Rest.Answer a = rest.call("POST", "lists").token(alice).json(json("title", "Ünïcødé ✓")).send().expect(201);
        assertEquals("application/json; charset=utf-8", a.header("Content-Type"));
        assertEquals("nosniff", a.header("X-Content-Type-Options"));
        assertEquals("no-store", a.header("Cache-Control"));
        assertEquals("Ünïcødé ✓", a.body().getAsJsonObject("list").get("title").getAsString());
    }
}
