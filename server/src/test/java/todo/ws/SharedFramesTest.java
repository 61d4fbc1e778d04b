package todo.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

/** The frames built once per text are the RFC 6455 frames a client reads, at every length encoding. */
class SharedFramesTest {
    private static String decode(ByteBuffer frame) throws Exception {
        ByteBuffer heap = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip(); // the draft reads array()
        List<Framedata> frames = new Draft_6455().translateFrame(heap);
        assertEquals(1, frames.size());
        Framedata f = frames.get(0);
        assertEquals(Opcode.TEXT, f.getOpcode());
        assertEquals(true, f.isFin());
        return StandardCharsets.UTF_8.decode(f.getPayloadData()).toString();
    }

    @Test
    void aTextOfEveryLengthFormDecodesToItself() throws Exception {
        for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536, 200_000}) {
            String text = "x".repeat(n);
            assertEquals(text, decode(SharedFrames.encode(text)), "length " + n);
        }
    }

    @Test
    void multiByteCharactersCountInTheLengthAsBytes() throws Exception {
        String text = "é".repeat(63) + "\uD83D\uDE00"; // 126 + 4 bytes: needs the 16-bit length
        assertEquals(text, decode(SharedFrames.encode(text)));
    }

    @Test
    void theSameTextInstanceSharesItsBytesButNotItsPositionAndIsDirectFromItsSecondUse() throws Exception {
        SharedFrames frames = new SharedFrames();
        String text = "{\"type\":\"task.created\"}";
        ByteBuffer a = frames.frameOf(text);
        ByteBuffer b = frames.frameOf(text);
        assertNotSame(a, b);
        assertTrue(b.isDirect(), "from the second recipient on, a direct buffer: written without a copy");
        assertTrue(frames.frameOf(text).isDirect());
        a.position(a.limit()); // as if written to one socket
        assertEquals(text, decode(b));
        ByteBuffer c = frames.frameOf(new String(text)); // equal, not the same: encoded afresh, still right
        assertEquals(text, decode(c));
    }
}
