package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;

/** Hostile ids, paths, headers and bodies: a clear 4xx every time, never a 500, and no data changed. */
class RestHostileInputTest extends ServerTest {
    static final List<String> IDS = List.of("0", "-1", "1e3", "1.0", "0x10", "abc", "%00", "99999999999999999999",
            "9007199254740993", "1%2F2", "..", "%2e%2e", "1;drop", "%F0%9F%98%80", "%ED%A0%80", "x".repeat(3000));
    static final List<String> BODIES = List.of("", "{", "[]", "null", "\"x\"", "{\"name\":{}}", "{\"name\":[1]}",
"{\"completed\":\"yes\"}", "{\"due\":\"tomorrow\"}", "{\"name\":1e999}",
            "{\"title\":null}", "{\"username\":\"" + "x".repeat(5000) + "\"}", "{\"list\":\"1\",\"task\":-1}",
            "[".repeat(5000), "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}");

    Rest rest;
    String alice;
    long list;
    long task;
    JsonObject before;

    @BeforeEach
    void data() {
        rest = new Rest(server);
        alice = rest.register("alice");
        list = rest.call("POST", "lists").token(alice).form("title=Groceries").send().expect(201).body()
                .getAsJsonObject("list").get("id").getAsLong();
        task = rest.call("POST", "lists/" + list + "/tasks").token(alice).form("name=milk").send().expect(201)
                .task().get("id").getAsLong();
        before = snapshot();
    }

    private JsonObject snapshot() {
        JsonObject s = new JsonObject();
        s.add("lists", rest.get("lists", alice).expect(200).body().get("lists"));
        s.add("tasks", rest.get("lists/" + list + "/tasks", alice).expect(200).body().get("tasks"));
        return s;
    }

    private static void clientError(Rest.Answer a, String what) {
        assertTrue(a.status() >= 400 && a.status() < 500, what + " answered " + a.status() + " " + a.raw().body());
    }

    @Test
    void hostileIdsInPathsAreClientErrorsAndChangeNothing() {
        List<String> routes = List.of("GET lists/%s", "PUT lists/%s", "DELETE lists/%s", "GET lists/%s/tasks",
                "POST lists/%s/tasks", "POST lists/%s/complete-all", "POST lists/%s/clear-completed",
                "DELETE lists/%s/members/%s", "GET accounts/alice/tasks/%s", "PUT accounts/alice/tasks/%s",
                "DELETE accounts/alice/tasks/%s", "GET accounts/%s", "GET accounts/%s/tasks",
                "GET accounts/alice/tasks?list=%s");
        for (String route : routes) {
            for (String id : IDS) {
                String[] mp = route.split(" ", 2);
                String path = mp[1].replace("%s", id);
                Rest.Answer a = rest.call(mp[0], path).token(alice)
                        .raw("application/json", "{\"name\":\"x\",\"title\":\"x\",\"completed\":true}"
                                .getBytes(StandardCharsets.UTF_8)).send();
                clientError(a, mp[0] + " " + path);
            }
        }
        assertEquals(before, snapshot());
    }

    @Test
    void hostileBodiesAreClientErrorsAndChangeNothing() {
        List<String> targets = List.of("POST lists", "PUT lists/" + list, "POST lists/" + list + "/tasks",
                "PUT accounts/alice/tasks/" + task, "POST lists/" + list + "/members",
                "POST lists/" + list + "/complete-all", "PUT accounts/alice", "DELETE accounts/alice");
        for (String target : targets) {
            String[] mp = target.split(" ", 2);
            for (String body : BODIES) {
                Rest.Answer a = rest.call(mp[0], mp[1]).token(alice)
                        .raw("application/json", body.getBytes(StandardCharsets.UTF_8)).send();
                if (a.status() < 400 && body.isEmpty()) {
                    continue; // an empty body is no body: a route without required fields may succeed
                }
                clientError(a, target + " with " + body.substring(0, Math.min(40, body.length())));
            }
        }
        assertEquals(before, snapshot());
    }

    @Test
    void invalidUtf8AndBrokenFormsAreClientErrors() {
        byte[] bad = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        clientError(rest.call("POST", "lists/" + list + "/tasks").token(alice).raw("application/json", bad).send(),
                "invalid UTF-8");
        clientError(rest.call("POST", "lists/" + list + "/tasks").token(alice).form("name=%E0%A4%A").send(),
                "broken percent-encoding");
        clientError(rest.call("POST", "lists/" + list + "/tasks").token(alice).form("name=a&name=b").send(),
                "repeated field");
        clientError(rest.call("PUT", "accounts/alice/tasks/" + task).token(alice).header("If-Match", "\"-1\"")
                .form("name=x").send(), "bad If-Match");
        clientError(rest.call("POST", "lists/" + list + "/tasks").token(alice).header("Idempotency-Key",
                "k".repeat(200)).form("name=x").send(), "long Idempotency-Key");
        assertEquals(before, snapshot());
    }
}
