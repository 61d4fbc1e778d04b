package todo.support;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.enums.Opcode;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket client for frame-level tests: it sends binary frames and fragments as the test says, and
 * keeps every text message it receives as text, whether JSON or not (no request ids, no parsing). The library's
 * reader thread appends to {@link #messages}; the test thread reads it.
 */
public final class FrameClient extends WebSocketClient {
    /** Every text message received, in arrival order. */
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private FrameClient(URI uri) {
        super(uri);
    }

    /** A client connected to {@code url} (no Origin); fails the test if the handshake does not complete. */
    public static FrameClient open(String url) throws InterruptedException {
        FrameClient c = new FrameClient(URI.create(url));
        if (!c.connectBlocking(10, TimeUnit.SECONDS)) throw new AssertionError("could not connect to " + url);
        return c;
    }

    /** One fragment of a text message, its UTF-8 bytes; {@code last} ends the message. */
    public void sendFragment(String text, boolean last) {
        sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), last);
    }

    /** The {@code n}-th text message (from 0) as a JSON object, once it has arrived. */
    public JsonObject awaitJson(int n) {
        await().atMost(TestClient.TIMEOUT).until(() -> messages.size() > n);
        return JsonParser.parseString(messages.get(n)).getAsJsonObject();
    }

    /** Waits for the server to close the connection; returns the close code. */
    public int awaitClose() throws Exception {
        try {
            return closed.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TestClient.TIMEOUT, e);
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
        messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        // Surfaces as a close or a missing message in the test that caused it.
    }
}
