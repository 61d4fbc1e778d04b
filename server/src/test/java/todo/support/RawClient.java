package todo.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written by hand over a plain socket, so that the test decides when (if ever) it reads and
 * whether it answers pings (it never does). Its receive window is kept small so that not reading soon pushes
 * back on the server.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final SecureRandom random = new SecureRandom();
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects and completes the handshake (no Origin, as a script's client would). */
    public RawClient(int port) throws IOException {
        socket.setReceiveBufferSize(4096); // before connect, so the window stays small
        socket.setTcpNoDelay(true); // each frame leaves at once (HopProbe times single round trips)
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        byte[] key = new byte[16];
        random.nextBytes(key);
        String handshake = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(handshake.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) throw new IOException("handshake refused: " + head);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new EOFException("handshake: " + b);
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** One masked text frame, as a client must send. */
    public void sendText(String text) throws IOException {
        sendBytes(textFrame(text));
    }

    /** Bytes as they are, in one write: frames built by {@link #textFrame}, whole, split or run together. */
    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The bytes of one masked text frame. */
    public byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i % 4]);
        return f.toByteArray();
    }

    public static final int OP_TEXT = 0x1;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;

    private int opcode;

    /** The opcode of the frame {@link #readFrame} read last. */
    public int opcode() {
        return opcode;
    }

    /** Reads one frame from the server; returns its payload and sets {@link #opcode()}. */
    public byte[] readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        if ((b1 & 0x80) != 0) in.readInt(); // servers do not mask, but skip a mask if present
        byte[] p = new byte[(int) len];
        in.readFully(p);
        opcode = b0 & 0x0f;
        return p;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
