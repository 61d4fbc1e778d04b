package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import todo.support.TestClient;
import todo.support.TestServer;

/**
 * A real HTTP client ({@code java.net.http}) for the REST API of one test server: requests with an optional
 * bearer token, answers as status, headers and JSON. Any thread.
 */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    Rest(TestServer server) {
        this.base = "http://127.0.0.1:" + server.server.httpPort();
    }

    /** One answer: status, headers, and the body parsed as JSON (null when empty). */
    record Answer(int status, HttpResponse<String> raw, JsonObject body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** Asserts the status and, for errors, the {"error","message"} body; returns this. */
        Answer expect(int want) {
            assertEquals(want, status, "status; body " + raw.body());
            if (want >= 400) {
                assertTrue(body.has("error") && body.has("message") && !body.get("message").getAsString().isBlank(),
                        "error body: " + body);
                assertEquals("application/json; charset=utf-8", header("Content-Type"));
            }
            return this;
        }

        Answer expectError(int want, String code) {
            expect(want);
            assertEquals(code, body.get("error").getAsString(), raw.body());
            return this;
        }

        JsonObject task() {
            return body.getAsJsonObject("task");
        }
    }

    /** A request to build: method, path under /api/v1 (or absolute from /), then headers and a body. */
    final class Call {
        private final HttpRequest.Builder b;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private final String method;

        Call(String method, String path) {
            this.method = method;
            String p = path.startsWith("/") ? path : path.isEmpty() ? "/api/v1" : "/api/v1/" + path;
            b = HttpRequest.newBuilder(URI.create(base + p)).timeout(TestClient.TIMEOUT);
        }

        Call token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Call header(String name, String value) {
            b.header(name, value);
            return this;
        }

        Call json(JsonElement o) {
            return raw("application/json", o.toString().getBytes(StandardCharsets.UTF_8));
        }

        Call form(String urlEncoded) {
            return raw("application/x-www-form-urlencoded", urlEncoded.getBytes(StandardCharsets.UTF_8));
        }

        Call raw(String contentType, byte[] bytes) {
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        Answer send() {
            try {
                HttpResponse<String> r = HTTP.send(b.method(method, body).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                boolean isJson = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
                JsonObject json = r.body().isEmpty() || !isJson ? null : JsonParser.parseString(r.body()).getAsJsonObject();
                return new Answer(r.statusCode(), r, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    Answer get(String path, String token) {
        Call c = call("GET", path);
        return (token == null ? c : c.token(token)).send();
    }

    /** POST /accounts; returns the token (password "password-" + username). */
    String register(String username) {
        Answer a = call("POST", "accounts").json(TestClient.json("username", username, "password",
                "password-" + username)).send().expect(201);
        return a.body().get("token").getAsString();
    }

    /** POST /accounts/login; returns a new token. */
    String login(String username) {
        return call("POST", "accounts/login").json(TestClient.json("username", username, "password",
                "password-" + username)).send().expect(200).body().get("token").getAsString();
    }
}
