package todo.support.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import todo.support.Ports;

/**
 * HAProxy in front of N server nodes, for tests. It runs the repository's own {@code deploy/haproxy.cfg} with
 * only the addresses swapped: the frontend binds a free port on 127.0.0.1, and each backend's server lines are
 * replaced by one per node (WebSocket backend: the node's WebSocket port, checked on its HTTP port; HTTP backend:
 * its HTTP port). Runs in the foreground as a child process; stoppable and startable again on the same port.
 * Driven by one test thread.
 */
public final class HaProxy extends Daemon {
    /** The shipped config, relative to the repository root. */
    static final Path SHIPPED_CONFIG = Path.of("deploy", "haproxy.cfg");
    static final String WS_BACKEND = "backend todo_ws";
    static final String HTTP_BACKEND = "backend todo_http";
    private static final int PROBE_TIMEOUT_MILLIS = 1_000;

    /** One server node behind the balancer. */
    public record Node(String name, int httpPort, int wsPort) {}

    private final Path binary;
    private final Path config;

    private HaProxy(Path binary, Path dir, int port) {
        super(dir, port);
        this.binary = binary;
        this.config = dir.resolve("haproxy.cfg");
    }

    /** A running HAProxy on a free port in front of {@code nodes}; returns once it answers. */
    public static HaProxy start(List<Node> nodes) {
        HaProxy lb = new HaProxy(Binaries.haproxy(), Dirs.create("haproxy"), Ports.free());
        try {
            Files.writeString(lb.config, rewrite(Files.readString(shippedConfig()), lb.port, nodes));
        } catch (IOException e) {
            lb.close();
            throw new UncheckedIOException(e);
        }
        return started(lb);
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/";
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The generated config, for failure messages. */
    public Path config() {
        return config;
    }

    /** -db: stay in the foreground, so this process is HAProxy and stopping it stops HAProxy. */
    @Override
    List<String> command() {
        return List.of(binary.toString(), "-db", "-f", config.toString());
    }

    @Override
    String name() {
        return "haproxy";
    }

    @Override
    public String toString() {
        return "HAProxy on 127.0.0.1:" + port;
    }

    /**
     * The shipped config with the frontend's bind line pointing at {@code port} and the server lines of both
     * backends replaced by one per node. Everything else (routing, timeouts, health checks) is kept as shipped.
     */
    static String rewrite(String shipped, int port, List<Node> nodes) {
        List<String> out = new ArrayList<>();
        String section = "";
        boolean serversWritten = false;
        for (String line : shipped.split("\n", -1)) {
            String trimmed = line.strip();
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                section = trimmed;
                serversWritten = false;
            }
            if (trimmed.startsWith("bind ")) {
                out.add("    bind 127.0.0.1:" + port);
            } else if (trimmed.startsWith("server ")) {
                if (!serversWritten) {
                    out.addAll(servers(section, nodes));
                    serversWritten = true;
                }
            } else {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    private static List<String> servers(String section, List<Node> nodes) {
        List<String> lines = new ArrayList<>();
        for (Node n : nodes) {
            if (section.equals(WS_BACKEND)) {
                lines.add("    server " + n.name() + " 127.0.0.1:" + n.wsPort() + " check port " + n.httpPort());
            } else if (section.equals(HTTP_BACKEND)) {
                lines.add("    server " + n.name() + " 127.0.0.1:" + n.httpPort() + " check");
            } else {
                throw new IllegalStateException("server lines in an unexpected section of " + SHIPPED_CONFIG
                        + ": " + section);
            }
        }
        return lines;
    }

    /** Surefire runs in server/; the config lives at the repository root. */
    private static Path shippedConfig() {
        for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
            Path candidate = base.resolve(SHIPPED_CONFIG);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(SHIPPED_CONFIG + " not found above " + Path.of("").toAbsolutePath());
    }

    /** /config.json is answered by HAProxy itself, so it tells whether HAProxy is up, whatever the nodes do. */
    @Override
    boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(httpUrl() + "config.json").toURL().openConnection();
            c.setConnectTimeout(PROBE_TIMEOUT_MILLIS);
            c.setReadTimeout(PROBE_TIMEOUT_MILLIS);
            try {
                return c.getResponseCode() == 200
                        && new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("\"ws\"");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
