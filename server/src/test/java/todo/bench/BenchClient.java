package todo.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A lean WebSocket client for the benchmark (adapted from {@code todo.support.TestClient}). Replies are matched by a
 * numeric {@code id} without parsing the whole frame; {@code task.created} events are handed to an
 * {@link EventSink} with their arrival time, after a cheap scan for the fields the benchmark needs. Everything else
 * (presence, list events) is only counted. The client keeps the work per frame small so that, on a 2-core machine,
 * the measurement steals as little CPU from the server as possible.
 */
final class BenchClient extends WebSocketClient {
    /** Bound on every wait of the setup helpers. */
    static final long SETUP_TIMEOUT_SECONDS = 60;
    private static final String CREATED_PREFIX = "{\"type\":\"task.created\",\"rev\":";

    /** What to do with a reply: called on the client's read thread. */
    interface ReplySink {
        void reply(long id, boolean ok, String frame, long nanos);
    }

    /** Receives each {@code task.created} event: its rev, the number in its task name ("t" + number), arrival time. */
    interface EventSink {
        void created(BenchClient client, long rev, long nameNumber, long nanos);
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Object> pending = new ConcurrentHashMap<>();
    final AtomicLong otherEvents = new AtomicLong();
    final AtomicLong otherEventChars = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile EventSink events;
    volatile String lastError;
    /** Free for the scenario: an index, a username. */
    int index;
    String username;
    String token;
    long listId;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private BenchClient(URI uri) {
        super(uri);
        setTcpNoDelay(true);
        setConnectionLostTimeout(0); // no pings from the benchmark's side: they would add traffic to the measurement
    }

    static BenchClient connect(String url) {
        BenchClient c = new BenchClient(URI.create(url));
        try {
            if (!c.connectBlocking(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not connect to " + url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return c;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /** Sends a request whose reply goes to {@code sink}. The frame must not contain an "id" yet. */
    void send(long id, String jsonWithoutClosingBrace, ReplySink sink) {
        pending.put(id, sink);
        send(jsonWithoutClosingBrace + ",\"id\":" + id + "}");
    }

    /** Setup helper: sends {@code req} and returns the parsed reply (whatever it says). */
    CompletableFuture<JsonObject> call(JsonObject req) {
        long id = nextId();
        JsonObject r = req.deepCopy();
        r.addProperty("id", id);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        send(r.toString());
        return f;
    }

    /** Setup helper: sends and waits for an ok reply. */
    JsonObject ok(JsonObject req) {
        JsonObject reply;
        try {
            reply = call(req).get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no reply to " + req + ": " + e, e);
        }
        if (!reply.get("ok").getAsBoolean()) {
            throw new IllegalStateException("expected ok for " + req + " but got " + reply);
        }
        return reply;
    }

    static JsonObject json(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v instanceof String s) o.addProperty((String) kv[i], s);
            else if (v instanceof Number n) o.addProperty((String) kv[i], n);
            else if (v instanceof Boolean b) o.addProperty((String) kv[i], b);
            else throw new IllegalArgumentException("unsupported " + v);
        }
        return o;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String m) {
        long now = System.nanoTime();
        if (m.startsWith("{\"re\":")) {
            int i = 6;
            long id = 0;
            boolean numeric = false;
            while (i < m.length() && Character.isDigit(m.charAt(i))) {
                id = id * 10 + (m.charAt(i) - '0');
                i++;
                numeric = true;
            }
            boolean ok = m.startsWith(",\"ok\":true", i);
            if (!ok) {
                errors.incrementAndGet();
                lastError = m.length() > 300 ? m.substring(0, 300) : m;
            }
            Object p = numeric ? pending.remove(id) : null;
            if (p instanceof ReplySink s) {
                s.reply(id, ok, m, now);
            } else if (p instanceof CompletableFuture<?> f) {
                @SuppressWarnings("unchecked")
                CompletableFuture<JsonObject> jf = (CompletableFuture<JsonObject>) f;
                jf.complete(JsonParser.parseString(m).getAsJsonObject());
            }
            return;
        }
        if (m.startsWith(CREATED_PREFIX)) {
            EventSink sink = events;
            if (sink != null) {
                sink.created(this, number(m, CREATED_PREFIX.length()), nameNumber(m), now);
            }
            return;
        }
        otherEvents.incrementAndGet();
        otherEventChars.addAndGet(m.length());
    }

    private static long number(String m, int from) {
        long v = 0;
        for (int i = from; i < m.length() && Character.isDigit(m.charAt(i)); i++) {
            v = v * 10 + (m.charAt(i) - '0');
        }
        return v;
    }

    /** The number in a task name of the form "t123"; -1 when the name has another form. */
    private static long nameNumber(String m) {
        int at = m.indexOf("\"name\":\"t");
        if (at < 0) {
            return -1;
        }
        return number(m, at + 9);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.complete(code);
        for (Object p : pending.values()) {
            if (p instanceof CompletableFuture<?> f) {
                f.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            }
        }
    }

    @Override
    public void onError(Exception ex) {
        lastError = String.valueOf(ex);
    }

    int pendingCount() {
        return pending.size();
    }

    void closeQuietly() {
        try {
            closeBlocking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // best effort
        }
    }
}
