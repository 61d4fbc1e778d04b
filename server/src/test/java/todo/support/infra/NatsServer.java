package todo.support.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import todo.support.Ports;

/**
 * A private core-NATS server for tests: {@code nats-server -a 127.0.0.1 -p PORT} on a free port, as a child process.
 * It can be stopped (SIGTERM) or killed (SIGKILL) and started again on the same port, to test reconnects.
 * Driven by one test thread.
 */
public final class NatsServer extends Daemon {
    private static final int PROBE_TIMEOUT_MILLIS = 1_000;

    private final Path binary;

    private NatsServer(Path binary, Path dir, int port) {
        super(dir, port);
        this.binary = binary;
    }

    /** A running server on a free port; returns once it greets clients. */
    public static NatsServer start() {
        return started(new NatsServer(Binaries.natsServer(), Dirs.create("nats"), Ports.free()));
    }

    /** The address in the form the server's {@code --nats} flag and jnats take. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    List<String> command() {
        return List.of(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port));
    }

    @Override
    String name() {
        return "nats-server";
    }

    @Override
    public String toString() {
        return "nats-server on " + url();
    }

    /** A NATS server greets every new connection with an INFO line. */
    @Override
    boolean ready() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MILLIS);
            s.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line != null && line.startsWith("INFO ");
        } catch (IOException e) {
            return false;
        }
    }
}
