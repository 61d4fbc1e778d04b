package todo.app;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The warm-up's protocol-v1 client: sends requests, matches replies by {@code re}, counts events. Its own reader
 * thread (the library's) completes the replies; {@link #call} and {@link #pipeline} block the caller (the
 * warm-up's thread, never the loop).
 */
final class WarmUpClient implements AutoCloseable {
    static final long REPLY_TIMEOUT_SECONDS = 10;

    private final Socket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private int requests;

    private WarmUpClient(URI uri) {
        this.socket = new Socket(uri);
    }

    /** Connects and completes the handshake, or throws. */
    static WarmUpClient open(URI uri) throws InterruptedException, WarmUpException {
        WarmUpClient c = new WarmUpClient(uri);
        if (!c.socket.connectBlocking(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            c.close();
            throw new WarmUpException("could not connect to " + uri);
        }
        return c;
    }

    /** Sends one request (a {@code type} and its fields, given as name, value pairs) and returns its reply. */
    JsonObject call(String type, Object... fields) throws InterruptedException, WarmUpException {
        return await(send(type, fields));
    }

    /** Sends {@code count} requests built by {@code request} without waiting, then awaits all their replies. */
    List<JsonObject> pipeline(int count, Request request) throws InterruptedException, WarmUpException {
        List<CompletableFuture<JsonObject>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object[] r = request.fields(i);
            Object[] fields = new Object[r.length - 1];
            System.arraycopy(r, 1, fields, 0, fields.length);
            sent.add(send((String) r[0], fields));
        }
        List<JsonObject> replies = new ArrayList<>(count);
        for (CompletableFuture<JsonObject> f : sent) {
            replies.add(await(f));
        }
        return replies;
    }

    /** The i-th request of a pipeline: its type, then name, value pairs. */
    interface Request {
        Object[] fields(int i);
    }

    int requests() {
        return requests;
    }

    /** Error replies received (the warm-up's script expects none). */
    int errors() {
        return errors.get();
    }

    /** Events (frames without {@code re}) received so far. */
    int events() {
        return events.get();
    }

    private CompletableFuture<JsonObject> send(String type, Object... fields) {
        int id = ids.incrementAndGet();
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.addProperty("id", id);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object v = fields[i + 1];
            String name = (String) fields[i];
            if (v instanceof Number n) o.addProperty(name, n);
            else if (v instanceof Boolean b) o.addProperty(name, b);
            else o.addProperty(name, v == null ? null : v.toString());
        }
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        requests++;
        socket.send(o.toString());
        return reply;
    }

    private static JsonObject await(CompletableFuture<JsonObject> reply) throws InterruptedException, WarmUpException {
        try {
            return reply.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WarmUpException("connection lost: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new WarmUpException("no reply within " + REPLY_TIMEOUT_SECONDS + " s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.closeBlocking();
    }

    /** The library's client; its callbacks run on its reader thread. */
    private final class Socket extends WebSocketClient {
        Socket(URI uri) {
            super(uri);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            // nothing to do: requests are sent by the warm-up's thread once connectBlocking returns
        }

        @Override
        public void onMessage(String text) {
            JsonObject frame = JsonParser.parseString(text).getAsJsonObject();
            JsonElement re = frame.get("re");
            if (re == null) {
                events.incrementAndGet();
                return;
            }
            if (!frame.get("ok").getAsBoolean()) {
                errors.incrementAndGet();
            }
            CompletableFuture<JsonObject> f = pending.remove(re.getAsInt());
            if (f != null) f.complete(frame);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            WarmUpException lost = new WarmUpException("closed " + code + " " + reason);
            pending.values().forEach(f -> f.completeExceptionally(lost));
        }

        @Override
        public void onError(Exception e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** The warm-up could not run its script; the server starts anyway. */
    static final class WarmUpException extends Exception {
        WarmUpException(String message) {
            super(message);
        }
    }
}
