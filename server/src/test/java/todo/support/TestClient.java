package todo.support;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A real WebSocket client for tests: send a request, await the reply matched by {@code re}; events are collected
 * in arrival order. Every frame received (replies and events) is also kept in {@link #frames()}.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Client ws;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();

    private TestClient(URI uri, Map<String, String> headers) {
        this.ws = new Client(uri, headers);
    }

    public static TestClient connect(String url) {
        return connect(url, Map.of());
    }

    public static TestClient connect(String url, Map<String, String> headers) {
        return connect(new TestClient(URI.create(url), headers), url);
    }

    /**
     * A connection whose socket is bound to {@code localAddress} first, so the server sees it come from there
     * (Linux routes all of 127.0.0.0/8 to loopback, so a test can be "another address" as 127.0.0.2).
     */
    public static TestClient connectFrom(String url, String localAddress) {
        TestClient c = new TestClient(URI.create(url), Map.of());
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(localAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind to " + localAddress, e);
        }
        c.ws.setSocket(s);
        connect(c, url);
        String bound = c.ws.getLocalSocketAddress().getAddress().getHostAddress();
        if (!bound.equals(localAddress)) {
            c.close();
            throw new IllegalStateException("asked to connect from " + localAddress + " but connected from " + bound);
        }
        return c;
    }

    private static TestClient connect(TestClient c, String url) {
        try {
            if (!c.ws.connectBlocking(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not connect to " + url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return c;
    }

    /** A new connection to {@code url} logged in as {@code username}, who registered with password "password-" + username. */
    public static TestClient login(String url, String username) {
        TestClient c = connect(url);
        c.ok(json("type", "login", "username", username, "password", "password-" + username));
        return c;
    }

    /** Builds a JSON object from alternating keys and values (String, Number, Boolean, JsonElement or null). */
    public static JsonObject json(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            Object v = kv[i + 1];
            if (v == null) o.add(k, com.google.gson.JsonNull.INSTANCE);
            else if (v instanceof String s) o.addProperty(k, s);
            else if (v instanceof Number n) o.addProperty(k, n);
            else if (v instanceof Boolean b) o.addProperty(k, b);
            else if (v instanceof JsonElement e) o.add(k, e);
            else throw new IllegalArgumentException("unsupported value " + v);
        }
        return o;
    }

    /** Sends {@code request} with a fresh id and returns the future reply. */
    public CompletableFuture<JsonObject> send(JsonObject request) {
        String id = "t" + ids.incrementAndGet();
        JsonObject r = request.deepCopy();
        r.addProperty("id", id);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.send(r.toString());
        return f;
    }

    /** Sends and waits for the reply, whatever it says. */
    public JsonObject request(JsonObject request) {
        try {
            return send(request).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply to " + request + ": " + e, e);
        }
    }

    /** Sends and waits for an ok reply; fails the test on an error reply. */
    public JsonObject ok(JsonObject request) {
        JsonObject reply = request(request);
        if (!reply.get("ok").getAsBoolean()) {
            throw new AssertionError("expected ok for " + request + " but got " + reply);
        }
        return reply;
    }

    /** Sends and waits for an error reply; returns its code. */
    public String error(JsonObject request) {
        JsonObject reply = request(request);
        if (reply.get("ok").getAsBoolean()) {
            throw new AssertionError("expected an error for " + request + " but got " + reply);
        }
        return reply.get("error").getAsString();
    }

    /** Waits for a reply sent with {@link #send}, whatever it says; fails the test if none comes. */
    public static JsonObject reply(CompletableFuture<JsonObject> f) {
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply: " + e, e);
        }
    }

    /** Waits for a reply sent with {@link #send}; fails the test on an error reply. */
    public static JsonObject okReply(CompletableFuture<JsonObject> f) {
        JsonObject r = reply(f);
        if (!r.get("ok").getAsBoolean()) throw new AssertionError("expected ok but got " + r);
        return r;
    }

    /** Waits for every reply, in the order given, and fails the test on an error reply. */
    public static List<JsonObject> okReplies(List<CompletableFuture<JsonObject>> fs) {
        List<JsonObject> out = new ArrayList<>();
        fs.forEach(f -> out.add(okReply(f)));
        return out;
    }

    // ---- the verbs of docs/protocol.md, as one line each --------------------------------------------------

    /** {@code lists}: every list this user is a member of. */
    public List<JsonObject> lists() {
        return Json.objects(ok(json("type", "lists")).getAsJsonArray("lists"));
    }

    /** The id of the first list in {@code lists}: after register, the user's "My tasks". */
    public long firstList() {
        return Json.id(lists().get(0));
    }

    /** The ids of every list this user is a member of. */
    public Set<Long> listIds() {
        return Json.ids(lists());
    }

    /** List {@code id} as {@code lists} shows it to this user; fails if the user does not see it. */
    public JsonObject list(long id) {
        return Json.withId(lists(), id, "lists");
    }

    /** {@code list.create}; returns the new list's id. */
    public long createList(String title) {
        return Json.id(ok(json("type", "list.create", "title", title)).getAsJsonObject("list"));
    }

    /** {@code list.share} with {@code username}; returns the list as it is after. */
    public JsonObject share(long list, String username) {
        return ok(json("type", "list.share", "list", list, "username", username)).getAsJsonObject("list");
    }

    /** {@code task.create} in {@code list} with these fields (alternating keys and values); returns the task. */
    public JsonObject createTask(long list, Object... fields) {
        JsonObject req = json(fields);
        req.addProperty("type", "task.create");
        if (!req.has("list")) req.addProperty("list", list);
        return ok(req).getAsJsonObject("task");
    }

    /** {@code tasks} of {@code list}, with an optional filter (alternating keys and values). */
    public List<JsonObject> tasks(long list, Object... filter) {
        JsonObject req = json(filter);
        req.addProperty("type", "tasks");
        req.addProperty("list", list);
        return Json.objects(ok(req).getAsJsonArray("tasks"));
    }

    /** The ids of the tasks in {@code list}. */
    public Set<Long> taskIds(long list) {
        return Json.ids(tasks(list));
    }

    /** {@code subscribe} to {@code list}, with optional extra fields such as {@code "since", 3}; the ok reply. */
    public JsonObject subscribe(long list, Object... extra) {
        JsonObject req = json(extra);
        req.addProperty("type", "subscribe");
        req.addProperty("list", list);
        return ok(req);
    }

    /**
     * Sends a {@code ping} and waits for its reply: the server answers in order, so every event sent to this
     * client before the ping has arrived by then.
     */
    public void settle() {
        ok(json("type", "ping"));
    }

    /** The events of {@code type} about list {@code list} (their {@code list.id}). */
    public List<JsonObject> events(String type, long list) {
        return events(type).stream().filter(e -> Json.id(e.getAsJsonObject("list")) == list).toList();
    }

    /** The position in {@link #frames()} of this frame; -1 if it never arrived. */
    public int indexOf(JsonObject frame) {
        return frames().indexOf(frame);
    }

    /** The reply with this {@code re}, once it has arrived (also for frames sent with {@link #sendRaw}). */
    public JsonObject awaitReply(String re) {
        return await().atMost(TIMEOUT).until(() -> frames().stream()
                .filter(f -> re.equals(Json.re(f))).findFirst().orElse(null), f -> f != null);
    }

    /**
     * Sends and waits for an error reply with this code and a message that is not blank; returns the whole
     * reply.
     */
    public JsonObject error(JsonObject request, String code) {
        return Replies.assertError(request(request), code, request.toString());
    }

    /** Sends raw text (not necessarily JSON). */
    public void sendRaw(String text) {
        ws.send(text);
    }

    public List<JsonObject> events() {
        return new ArrayList<>(events);
    }

    public List<JsonObject> events(String type) {
        return events.stream().filter(e -> type.equals(e.get("type").getAsString())).toList();
    }

    public List<JsonObject> frames() {
        return new ArrayList<>(frames);
    }

    /** Waits for the first event of {@code type} matching {@code p}. */
    public JsonObject awaitEvent(String type, Predicate<JsonObject> p) {
        return await().atMost(TIMEOUT).until(
                () -> events(type).stream().filter(p).findFirst().orElse(null), e -> e != null);
    }

    public JsonObject awaitEvent(String type) {
        return awaitEvent(type, e -> true);
    }

    /** Waits until at least {@code n} events of {@code type} arrived; returns them. */
    public List<JsonObject> awaitEvents(String type, int n) {
        return await().atMost(TIMEOUT).until(() -> events(type), l -> l.size() >= n);
    }

    /** Waits for the connection to close and returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection did not close", e);
        }
    }

    /** WebSocket pings from the server that this client answered with a pong (the library answers them). */
    public int pingsAnswered() {
        return pings.get();
    }

    public boolean isOpen() {
        return ws.isOpen();
    }

    @Override
    public void close() {
        try {
            ws.closeBlocking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Client extends WebSocketClient {
        Client(URI uri, Map<String, String> headers) {
            super(uri, headers);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onWebsocketPing(WebSocket conn, Framedata f) {
            super.onWebsocketPing(conn, f); // sends the pong
            pings.incrementAndGet();
        }

        @Override
        public void onMessage(String message) {
            JsonObject o = JsonParser.parseString(message).getAsJsonObject();
            frames.add(o);
            if (o.has("re")) {
                JsonElement re = o.get("re");
                CompletableFuture<JsonObject> f = re.isJsonNull() ? null : pending.remove(re.getAsString());
                if (f != null) {
                    f.complete(o);
                }
            } else {
                events.add(o);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed.complete(code);
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed " + code)));
        }

        @Override
        public void onError(Exception ex) {
            // Surfaces as a close or a missing reply in the test that caused it.
        }
    }
}
