package todo.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encode once, send many: builds the WebSocket frame of an outgoing text and keeps the last one, so that when the
 * loop hands the same {@code String} instance to many connections (a broadcast: {@code FanOut} serialises an event
 * once and gives every recipient that text), its UTF-8 bytes and frame header are built once and every recipient is
 * queued a {@link ByteBuffer#duplicate() duplicate} over the same bytes. Server frames are not masked, so the bytes
 * are the same for everyone. Identity, not equality, is compared: a hit costs one reference check, and two equal
 * texts from different events are merely encoded twice.
 *
 * <p>Loop thread only (it is {@link WsPeer#send}'s helper). The bytes are never written to after they are built;
 * each duplicate has its own position, which is all the library's writer moves.
 */
final class SharedFrames {
    /** FIN + text opcode. */
    private static final byte FIN_TEXT = (byte) 0x81;
    private static final int MAX_7_BIT = 125;
    private static final int MAX_16_BIT = 0xFFFF;

    private String lastText;
    private ByteBuffer lastFrame;

    /**
     * The frame of {@code text}, positioned at its start: a buffer of its own, sharing its bytes with the other
     * frames returned for the same instance. A lone surrogate is encoded as {@code ?}, as the library does.
     */
    ByteBuffer frameOf(String text) {
        if (text != lastText) {
            lastFrame = encode(text);
            lastText = text;
        } else if (!lastFrame.isDirect()) {
            // A second recipient: a broadcast. The JDK copies a heap buffer into a temporary direct one for every
            // socket write (7 % of the loop's time in a saturated fan-out); a direct copy is written as it is.
            // Its memory goes with the last duplicate, at a GC: one frame per event, however many recipients.
            lastFrame = ByteBuffer.allocateDirect(lastFrame.remaining()).put(lastFrame.duplicate()).flip();
        }
        return lastFrame.duplicate();
    }

    /** One unmasked, unfragmented RFC 6455 text frame. */
    static ByteBuffer encode(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        int header = n <= MAX_7_BIT ? 2 : n <= MAX_16_BIT ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + n);
        b.put(FIN_TEXT);
        if (n <= MAX_7_BIT) {
            b.put((byte) n);
        } else if (n <= MAX_16_BIT) {
            b.put((byte) 126);
            b.putShort((short) n);
        } else {
            b.put((byte) 127);
            b.putLong(n);
        }
        b.put(payload);
        b.flip();
        return b;
    }
}
