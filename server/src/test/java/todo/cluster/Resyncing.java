package todo.cluster;

import static org.awaitility.Awaitility.await;
import static todo.support.TestClient.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import todo.support.Json;
import todo.support.TestClient;

/**
 * A client as the web client behaves: it keeps a list's tasks from a subscribe and the events after it, and when
 * its connection drops it reconnects (through the balancer), signs in with its token, resubscribes with
 * {@code since} its last rev and replays the create that got no reply, with the same key. It records each
 * create acknowledged and any event that broke the rev sequence. One thread drives it.
 */
final class Resyncing implements AutoCloseable {
    static final Duration RECONNECT = Duration.ofSeconds(60);

    private final String url;
    private final String token;
    private final long list;
    private TestClient conn;
    private int processed;
    private long rev = -1;
    final Map<Long, JsonObject> tasks = new HashMap<>();
    final Set<String> acked = new HashSet<>();
    final List<String> violations = new ArrayList<>();
    int reconnects;

    Resyncing(String url, String token, long list) {
        this.url = url;
        this.token = token;
        this.list = list;
        connect();
    }

    private void connect() {
        await().atMost(RECONNECT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            TestClient c = TestClient.connect(url);
            try {
                c.ok(json("type", "auth", "token", token));
                JsonObject reply = rev < 0 ? c.subscribe(list) : c.subscribe(list, "since", rev);
                conn = c;
                processed = 0;
                applySnapshot(reply);
                return true;
            } catch (RuntimeException | AssertionError e) {
                c.close();
                throw e;
            }
        });
    }

    /** Creates a task named and keyed {@code key}, until one reply says ok (reconnecting as often as needed). */
    void create(String key) {
        while (true) {
            JsonObject reply = null;
            try {
                reply = conn.request(json("type", "task.create", "list", list, "name", key, "key", key));
            } catch (RuntimeException | AssertionError e) {
                // No reply: the connection went. Catch up on what it delivered, then resync elsewhere.
            }
            if (reply != null && reply.get("ok").getAsBoolean()) {
                acked.add(key);
                return;
            }
            if (reply == null || !conn.isOpen()) {
                catchUp();
                conn.close();
                reconnects++;
                connect();
            }
        }
    }

    /** Applies the events received on the current connection since the last call. */
    void catchUp() {
        List<JsonObject> events = conn.events();
        for (; processed < events.size(); processed++) {
            JsonObject e = events.get(processed);
            String type = e.get("type").getAsString();
            if (!type.startsWith("task.")) {
                continue;
            }
            long r = Json.rev(e);
            if (r != rev + 1) {
                violations.add("expected rev " + (rev + 1) + " but got " + e);
            }
            rev = Math.max(rev, r);
            JsonObject task = e.getAsJsonObject("task");
            if (type.equals("task.deleted")) {
                tasks.remove(Json.id(task));
            } else {
                tasks.put(Json.id(task), task);
            }
        }
    }

    private void applySnapshot(JsonObject reply) {
        if (reply.get("full").getAsBoolean()) {
            tasks.clear();
        }
        for (JsonElement t : reply.getAsJsonArray("tasks")) {
            tasks.put(Json.id(t.getAsJsonObject()), t.getAsJsonObject());
        }
        for (JsonElement id : reply.getAsJsonArray("deleted")) {
            tasks.remove(id.getAsLong());
        }
        rev = reply.get("rev").getAsLong();
    }

    long rev() {
        return rev;
    }

    @Override
    public void close() {
        if (conn != null) conn.close();
    }
}
