package todo.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.RawClient;
import todo.support.TestServer;

/**
 * Frames are decoded on the selector thread that read them ({@link SelectorDecoding}): whatever the reads cut, every
 * request is answered once, in order, and the read buffers go back to the library's pool.
 */
class SelectorDecodingTest {
    /** More than the library's pool of read buffers (3 with one worker): a buffer not returned would stall reads. */
    private static final int PIPELINED = 50;

    @TempDir
    Path dir;
    private TestServer server;
    private RawClient raw;

    @AfterEach
    void close() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theShippedJavaWebSocketLetsFramesBeDecodedOnTheSelectorThread() {
        WebSocketServer bare = new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
            @Override public void onOpen(WebSocket conn, ClientHandshake handshake) { }
            @Override public void onClose(WebSocket conn, int code, String reason, boolean remote) { }
            @Override public void onMessage(WebSocket conn, String message) { }
            @Override public void onError(WebSocket conn, Exception ex) { }
            @Override public void onStart() { }
        };
        assertTrue(new SelectorDecoding(bare).available(),
                "Java-WebSocket's read buffer pool moved: frames would be decoded on its workers, one hop more");
    }

    @Test
    void requestsRunTogetherInOneWriteOrSplitByteByByteAreEachAnsweredOnceInOrder() throws Exception {
        server = TestServer.start(TestServer.config(dir).withMaxRate(0));
        raw = new RawClient(server.server.wsPort());
        ByteArrayOutputStream together = new ByteArrayOutputStream();
        for (int i = 1; i <= PIPELINED; i++) {
            together.write(raw.textFrame("{\"type\":\"ping\",\"id\":" + i + "}"));
        }
        raw.sendBytes(together.toByteArray());
        byte[] split = raw.textFrame("{\"type\":\"ping\",\"id\":" + (PIPELINED + 1) + "}");
        for (byte b : split) {
            raw.sendBytes(new byte[] {b}); // no Nagle on the client: mostly one read per byte on the server
        }
        raw.sendText("{\"type\":\"ping\",\"id\":" + (PIPELINED + 2) + "}");
        for (int i = 1; i <= PIPELINED + 2; i++) {
            JsonObject reply = read();
            assertEquals(i, reply.get("re").getAsInt(), "replies in request order");
            assertTrue(reply.get("ok").getAsBoolean(), reply.toString());
        }
    }

    private JsonObject read() throws Exception {
        byte[] frame = raw.readFrame();
        assertEquals(RawClient.OP_TEXT, raw.opcode());
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
