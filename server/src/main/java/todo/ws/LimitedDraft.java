package todo.ws;

import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with a hard cap on message size. The base class checks each frame's length header before buffering,
 * but for fragmented messages only the first and the final fragment: middle continuation frames pile up unchecked,
 * so a message that never finishes could grow without bound. This counts every fragment.
 * One instance per connection ({@link #copyInstance}); called on the connection's decoder thread only.
 */
final class LimitedDraft extends Draft_6455 {
    private final int maxMessageBytes;
    private long messageBytes;

    LimitedDraft(int maxMessageBytes) {
        super(Collections.emptyList(), List.<IProtocol>of(new Protocol("")), maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Draft copyInstance() {
        return new LimitedDraft(maxMessageBytes);
    }

    @Override
    public void processFrame(WebSocketImpl ws, Framedata frame) throws InvalidDataException {
        Opcode op = frame.getOpcode();
        if (op == Opcode.TEXT || op == Opcode.BINARY || op == Opcode.CONTINUOUS) {
            if (op != Opcode.CONTINUOUS) {
                messageBytes = 0;
            }
            messageBytes += frame.getPayloadData().remaining();
            if (messageBytes > maxMessageBytes) {
                throw new LimitExceededException("message larger than " + maxMessageBytes + " bytes", maxMessageBytes);
            }
            if (frame.isFin()) {
                messageBytes = 0;
            }
        }
        super.processFrame(ws, frame);
    }
}
