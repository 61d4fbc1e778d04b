package todo.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Raw sockets for tests of the transport: connect from a chosen loopback address (127.0.0.2 is another client as
 * far as the server can tell), send bytes, read what comes back.
 */
final class Sockets {
    static final String ATTACKER = "127.0.0.2";
    static final String HONEST = "127.0.0.3";

    private Sockets() {}

    /** A TCP connection to 127.0.0.1:{@code port} from {@code from}. */
    static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(15_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** A WebSocket upgrade request for {@code path} with extra header lines (each ending in CRLF). */
    static String upgrade(int port, String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** The response head (status line and headers), or what arrived before the server closed; "" on nothing. */
    static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                b.write(c);
            }
        } catch (SocketTimeoutException e) {
            return b.toString(StandardCharsets.ISO_8859_1) + "(timed out)";
        } catch (IOException e) {
            return b.toString(StandardCharsets.ISO_8859_1) + "(" + e.getMessage() + ")";
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line of the response to a WebSocket upgrade sent from {@code from}. */
    static String handshake(String from, int port, String path, String extraHeaders) throws IOException {
        try (Socket s = connect(from, port)) {
            send(s, upgrade(port, path, extraHeaders));
            return head(s).lines().findFirst().orElse("");
        }
    }

    /** True when the server has closed {@code s} (EOF or reset) within the socket's read timeout. */
    static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // skip whatever it said before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
