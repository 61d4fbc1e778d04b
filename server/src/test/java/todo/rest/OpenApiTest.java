package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;

/** GET /api/v1/openapi.json names exactly the routes the router answers, each with its statuses. */
class OpenApiTest extends ServerTest {

    private JsonObject document() {
        return new Rest(server).get("openapi.json", null).expect(200).body();
    }

    private static Set<String> operations(JsonObject doc) {
        Set<String> ops = new TreeSet<>();
        for (Map.Entry<String, com.google.gson.JsonElement> path : doc.getAsJsonObject("paths").entrySet()) {
            for (String method : path.getValue().getAsJsonObject().keySet()) {
                ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        return ops;
    }

    @Test
    void theDocumentIsOpenApi3AndNamesEveryRouteOfTheRouter() {
        JsonObject doc = document();
        assertTrue(doc.get("openapi").getAsString().startsWith("3."));
        Router router = new Router(Routes.all(r -> null, r -> null));
        assertEquals(new TreeSet<>(router.answered()), operations(doc));
    }

    @Test
    void everyOperationInTheDocumentIsAnsweredByTheServer() {
        Rest rest = new Rest(server);
        for (String op : operations(document())) {
            String[] mp = op.split(" ", 2);
            String path = mp[1].replace("{username}", "alice").replace("{id}", "1").replace("{list}", "1");
            Rest.Answer a = rest.call(mp[0], path).send();
            assertNotEquals(405, a.status(), op);
            if (a.status() == 404) {
                assertNotEquals("no such route: see GET /api/v1", a.body().get("message").getAsString(), op);
            }
        }
        Rest.Answer none = rest.get("no/such/route", null).expect(404);
        assertEquals("no such route: see GET /api/v1", none.body().get("message").getAsString());
    }

    @Test
    void everyOperationListsItsSuccessAndErrorStatuses() {
        JsonObject paths = document().getAsJsonObject("paths");
        JsonObject taskPut = paths.getAsJsonObject("/api/v1/accounts/{username}/tasks/{id}").getAsJsonObject("put")
                .getAsJsonObject("responses");
        for (String status : new String[] {"200", "400", "401", "403", "404", "412", "413", "415", "429"}) {
            assertTrue(taskPut.has(status), "PUT task lists " + status);
        }
        JsonObject register = paths.getAsJsonObject("/api/v1/accounts").getAsJsonObject("post")
                .getAsJsonObject("responses");
        assertTrue(register.has("201") && register.has("409"));
        for (String op : operations(document())) {
            String[] mp = op.split(" ", 2);
            JsonObject o = paths.getAsJsonObject(mp[1]).getAsJsonObject(mp[0].toLowerCase(Locale.ROOT));
            assertTrue(o.has("summary") && o.getAsJsonObject("responses").size() >= 2, op);
        }
    }
}
