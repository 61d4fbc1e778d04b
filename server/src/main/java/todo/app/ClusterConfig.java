package todo.app;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cluster settings (issue 9): the NATS servers to join ({@code --nats}, empty: no bus) and this node's name
 * ({@code --node-id}; null until chosen: {@link #nodeIdOrDefault} picks the host name and a random suffix).
 * Immutable.
 */
public record ClusterConfig(List<String> nats, String nodeId) {
    public static final ClusterConfig NONE = new ClusterConfig(List.of(), null);
    public static final int MAX_NODE_ID = 64;
    static final String NATS_NEEDS_POSTGRES = "--nats needs PostgreSQL (--db postgresql://HOST:PORT/DB?user=U&password=P):"
            + " nodes share their data through it, and a SQLite file cannot be shared between nodes";
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NODE_ID + "}");

    public ClusterConfig {
        nats = List.copyOf(nats);
    }

    public ClusterConfig withNats(List<String> urls) {
        return new ClusterConfig(urls, nodeId);
    }

    public ClusterConfig withNodeId(String id) {
        return new ClusterConfig(nats, id);
    }

    /** True when the node joins a bus. */
    public boolean clustered() {
        return !nats.isEmpty();
    }

    /** The node's name: the one given, else the host name (up to 48 characters) and 4 random hex digits. */
    public String nodeIdOrDefault() {
        if (nodeId != null) {
            return nodeId;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.length() > 48) host = host.substring(0, 48);
        byte[] suffix = new byte[2];
        new SecureRandom().nextBytes(suffix);
        return (host.isEmpty() ? "node" : host) + "-" + HexFormat.of().formatHex(suffix);
    }

    static boolean validNodeId(String v) {
        return NODE_ID.matcher(v).matches();
    }

    /** Why {@code url} is not a {@code nats://HOST:PORT} address, or null when it is one. */
    static String natsProblem(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("nats")) {
                return "expected nats://HOST:PORT, not " + url;
            }
            if (u.getHost() == null || u.getPort() < 1) {
                return "expected nats://HOST:PORT with a host and a port, not " + url;
            }
            return null;
        } catch (URISyntaxException e) {
            return "expected nats://HOST:PORT, not " + url;
        }
    }
}
