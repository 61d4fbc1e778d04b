package todo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for tests that must know a port before a server binds it, or bind the same one again after a restart.
 * Port 0 would hand out one from the kernel's ephemeral range (32768-60999 on Linux), where any outgoing
 * connection on the machine may take it as its local port in the meantime; these come from below that range.
 */
public final class Ports {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 200;

    private Ports() {}

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int free() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + LOW + "-" + HIGH
                + " after " + ATTEMPTS + " tries"));
    }
}
