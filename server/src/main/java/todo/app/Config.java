package todo.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import todo.net.NetConfig;
import todo.security.Passwords;
import todo.store.pg.PgUrl;
import todo.verbs.Limits;

/**
 * Immutable server settings. Built from defaults, then environment variables, then flags (flags win).
 * The {@code with*} methods return copies, for tests and embedding. {@code postgres} is the
 * {@code postgresql://…} address when {@code --db} gave one (then {@code db} is unused), else null: SQLite.
 * {@code cluster} holds the NATS addresses and the node's name ({@link ClusterConfig}). {@code warmUp}: whether
 * {@code Main} runs {@link WarmUp} before the listeners open ({@code Server.start} never does).
 */
public record Config(String host, int port, int wsPort, Path db, List<String> allowOrigins, int maxRate,
                     int passwordIterations, int pingInterval, NetConfig net, Limits limits, String postgres,
                     ClusterConfig cluster, boolean warmUp) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_WS_PORT = 8081;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_DB = "todo.db";
    /** Messages per second per connection; bursts may reach twice this. */
    public static final int DEFAULT_MAX_RATE = 100;
    /**
     * Seconds between WebSocket pings. A peer that has not answered for 1.5 intervals is dropped at the next
     * check, so a dead peer goes within two intervals: 60 s by default, inside the 90 s we promise.
     */
    public static final int DEFAULT_PING_INTERVAL = 30;

    public static final String USAGE = """
            Usage: java -jar server/target/todo-server.jar [options]

              --port N              HTTP port for the web client and /healthz (default 8080; 0 = any free port)
              --ws-port N           WebSocket port (default 8081; 0 = any free port)
              --host H              address to bind (default 127.0.0.1)
              --db PATH             SQLite database file (default ./todo.db)
              --db postgresql://HOST:PORT/DB?user=U&password=P
                                    PostgreSQL instead of SQLite (the schema is created and migrated at start)
              --nats nats://HOST:PORT  join the cluster bus (repeatable); needs --db postgresql://…
              --node-id NAME        this node's name in logs and /healthz (default: host name + random suffix)
              --allow-origin O      also accept WebSocket handshakes from this Origin (repeatable)
              --max-rate N          requests per second per connection, bursts of 2N (default 100; 0 = no limit)
              --password-iterations N  PBKDF2 iterations for new passwords (default 600000)
              --ping-interval N     seconds between WebSocket pings; a silent peer is dropped within 2N (default 30)
              --hash-queue-per-connection N  password checks queued or running per connection (default 1)
              --hash-queue-per-address N     the same per remote address, IPv6 /64 (default 8)
              --max-tasks-per-list N  tasks one list may hold (default 10000)
              --max-lists-per-user N  lists one user may be a member of (default 1000)
              --bulk-chunk N        tasks changed per writer transaction by the bulk verbs (default 500)
              --warm-up on|off      at start, run the request path for about two seconds on a scratch
                                    database, so that the first clients do not meet cold code (default on)

            Connection limits (both ports; see docs/protocol.md for what a refused client is told):
              --max-connections N   open TCP connections in all (default 10000; lowered to fit ulimit -n)
              --max-connections-per-address N  open TCP connections from one address (default 2000)
              --handshake-timeout S seconds for a WebSocket handshake to complete (default 10)
              --max-handshake-bytes N  WebSocket handshake request size, 1024-65536 (default 16384)
              --http-header-timeout S  seconds for an HTTP request head to arrive (default 10)
              --http-request-timeout S seconds for a whole HTTP exchange (default 30)
              --http-max-header-bytes N  HTTP request line and headers size (default 16384)
              --http-max-body-bytes N    HTTP request body size (default 65536)
              --public-host NAME    a DNS name browsers reach the server by, besides --host and
                                    localhost (repeatable); see "DNS rebinding" in docs/protocol.md
              --help                print this help and exit

            Environment variables (flags win): TODO_PORT, TODO_WS_PORT, TODO_HOST, TODO_DB,
            TODO_ALLOW_ORIGIN (comma-separated), TODO_MAX_RATE, TODO_PASSWORD_ITERATIONS,
            TODO_PING_INTERVAL, TODO_MAX_CONNECTIONS, TODO_MAX_CONNECTIONS_PER_ADDRESS,
            TODO_HANDSHAKE_TIMEOUT, TODO_MAX_HANDSHAKE_BYTES, TODO_HTTP_HEADER_TIMEOUT,
            TODO_HTTP_REQUEST_TIMEOUT, TODO_HTTP_MAX_HEADER_BYTES, TODO_HTTP_MAX_BODY_BYTES,
            TODO_PUBLIC_HOST (comma-separated), TODO_HASH_QUEUE_PER_CONNECTION, TODO_HASH_QUEUE_PER_ADDRESS,
            TODO_MAX_TASKS_PER_LIST, TODO_MAX_LISTS_PER_USER, TODO_BULK_CHUNK, TODO_NATS (comma-separated),
            TODO_NODE_ID, TODO_WARM_UP.
            """;

    public Config {
        allowOrigins = List.copyOf(allowOrigins);
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** Without connection limits or abuse limits: the defaults apply ({@link NetConfig#defaults()}, {@link Limits#defaults()}). */
    public Config(String host, int port, int wsPort, Path db, List<String> allowOrigins, int maxRate,
                  int passwordIterations, int pingInterval) {
        this(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, NetConfig.defaults(),
                Limits.defaults(), null, ClusterConfig.NONE, true);
    }

    public static Config defaults() {
        return new Config(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WS_PORT, Path.of(DEFAULT_DB), List.of(),
                DEFAULT_MAX_RATE, Passwords.DEFAULT_ITERATIONS, DEFAULT_PING_INTERVAL, NetConfig.defaults(),
                Limits.defaults(), null, ClusterConfig.NONE, true);
    }

    /** Thrown for a bad flag or value; the message is meant for the operator. */
    public static final class BadConfig extends Exception {
        public BadConfig(String message) {
            super(message);
        }
    }

    /** Defaults overridden by {@code env}, then by {@code args}. Returns null when {@code --help} was asked. */
    public static Config parse(String[] args, Map<String, String> env) throws BadConfig {
        Config c = defaults();
        List<String> origins = new ArrayList<>();
        if (env.get("TODO_PORT") != null) c = c.withPort(port("TODO_PORT", env.get("TODO_PORT")));
        if (env.get("TODO_WS_PORT") != null) c = c.withWsPort(port("TODO_WS_PORT", env.get("TODO_WS_PORT")));
        if (env.get("TODO_HOST") != null) c = c.withHost(env.get("TODO_HOST"));
        if (env.get("TODO_DB") != null) c = db(c, "TODO_DB", env.get("TODO_DB"));
        if (env.get("TODO_MAX_RATE") != null) c = c.withMaxRate(count("TODO_MAX_RATE", env.get("TODO_MAX_RATE"), 0));
        if (env.get("TODO_PASSWORD_ITERATIONS") != null) {
            c = c.withPasswordIterations(count("TODO_PASSWORD_ITERATIONS", env.get("TODO_PASSWORD_ITERATIONS"), 1));
        }
        if (env.get("TODO_PING_INTERVAL") != null) {
            c = c.withPingInterval(count("TODO_PING_INTERVAL", env.get("TODO_PING_INTERVAL"), 1));
        }
        if (env.get("TODO_NATS") != null) c = c.withCluster(c.cluster().withNats(nats("TODO_NATS", env.get("TODO_NATS"))));
        if (env.get("TODO_WARM_UP") != null) c = c.withWarmUp(onOff("TODO_WARM_UP", env.get("TODO_WARM_UP")));
        if (env.get("TODO_NODE_ID") != null) c = c.withCluster(c.cluster().withNodeId(nodeId("TODO_NODE_ID", env.get("TODO_NODE_ID"))));
        c = c.withNet(netFromEnv(c.net(), env));
        c = c.withLimits(limitsFromEnv(c.limits(), env));
        if (env.get("TODO_ALLOW_ORIGIN") != null) {
            for (String o : env.get("TODO_ALLOW_ORIGIN").split(",")) {
                if (!o.isBlank()) origins.add(o.strip());
            }
        }
        List<String> flagOrigins = new ArrayList<>();
        List<String> flagPublicHosts = new ArrayList<>();
        List<String> flagNats = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new BadConfig(flag.startsWith("--") ? flag + " needs a value" : "unknown argument: " + flag);
            }
            String v = args[++i];
            switch (flag) {
                case "--port" -> c = c.withPort(port(flag, v));
                case "--ws-port" -> c = c.withWsPort(port(flag, v));
                case "--host" -> c = c.withHost(v);
                case "--db" -> c = db(c, flag, v);
                case "--allow-origin" -> flagOrigins.add(v);
                case "--max-rate" -> c = c.withMaxRate(count(flag, v, 0));
                case "--password-iterations" -> c = c.withPasswordIterations(count(flag, v, 1));
                case "--ping-interval" -> c = c.withPingInterval(count(flag, v, 1));
                case "--public-host" -> flagPublicHosts.add(v.strip());
                case "--nats" -> flagNats.addAll(nats(flag, v));
                case "--node-id" -> c = c.withCluster(c.cluster().withNodeId(nodeId(flag, v)));
                case "--warm-up" -> c = c.withWarmUp(onOff(flag, v));
                // ---- abuse limits ----
                case "--hash-queue-per-connection" -> c = c.withLimits(c.limits().withHashPerConnection(count(flag, v, 1)));
                case "--hash-queue-per-address" -> c = c.withLimits(c.limits().withHashPerAddress(count(flag, v, 1)));
                case "--max-tasks-per-list" -> c = c.withLimits(c.limits().withTasksPerList(count(flag, v, 1)));
                case "--max-lists-per-user" -> c = c.withLimits(c.limits().withListsPerUser(count(flag, v, 1)));
                case "--bulk-chunk" -> c = c.withLimits(c.limits().withBulkChunk(count(flag, v, 1)));
                default -> c = c.withNet(netFlag(c.net(), flag, v));
            }
        }
        if (!flagPublicHosts.isEmpty()) {
            c = c.withNet(c.net().withPublicHosts(flagPublicHosts));
        }
        if (!flagNats.isEmpty()) {
            c = c.withCluster(c.cluster().withNats(flagNats));
        }
        if (!c.cluster().nats().isEmpty() && c.postgres() == null) {
            throw new BadConfig(ClusterConfig.NATS_NEEDS_POSTGRES);
        }
        return c.withAllowOrigins(flagOrigins.isEmpty() ? origins : flagOrigins);
    }

    /** One or more comma-separated {@code nats://HOST:PORT} addresses. */
    private static List<String> nats(String name, String v) throws BadConfig {
        List<String> out = new ArrayList<>();
        for (String u : v.split(",")) {
            if (u.isBlank()) continue;
            String problem = ClusterConfig.natsProblem(u.strip());
            if (problem != null) throw new BadConfig(name + ": " + problem);
            out.add(u.strip());
        }
        if (out.isEmpty()) throw new BadConfig(name + " needs a nats://HOST:PORT address");
        return out;
    }

    private static String nodeId(String name, String v) throws BadConfig {
        if (!ClusterConfig.validNodeId(v)) {
            throw new BadConfig(name + " must be 1 to " + ClusterConfig.MAX_NODE_ID + " letters, digits, '.', '_' or '-', not " + v);
        }
        return v;
    }

    private static Limits limitsFromEnv(Limits l, Map<String, String> env) throws BadConfig {
        String v;
        if ((v = env.get("TODO_HASH_QUEUE_PER_CONNECTION")) != null) {
            l = l.withHashPerConnection(count("TODO_HASH_QUEUE_PER_CONNECTION", v, 1));
        }
        if ((v = env.get("TODO_HASH_QUEUE_PER_ADDRESS")) != null) {
            l = l.withHashPerAddress(count("TODO_HASH_QUEUE_PER_ADDRESS", v, 1));
        }
        if ((v = env.get("TODO_MAX_TASKS_PER_LIST")) != null) l = l.withTasksPerList(count("TODO_MAX_TASKS_PER_LIST", v, 1));
        if ((v = env.get("TODO_MAX_LISTS_PER_USER")) != null) l = l.withListsPerUser(count("TODO_MAX_LISTS_PER_USER", v, 1));
        if ((v = env.get("TODO_BULK_CHUNK")) != null) l = l.withBulkChunk(count("TODO_BULK_CHUNK", v, 1));
        return l;
    }

    // ---- connection limits (issue 6) ----------------------------------------------------------------------

    private static final List<String> NET_FLAGS = List.of("--max-connections", "--max-connections-per-address",
            "--handshake-timeout", "--max-handshake-bytes", "--http-header-timeout", "--http-request-timeout",
            "--http-max-header-bytes", "--http-max-body-bytes");

    private static NetConfig netFromEnv(NetConfig n, Map<String, String> env) throws BadConfig {
        for (String flag : NET_FLAGS) {
            String name = "TODO_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            if (env.get(name) != null) {
                n = netFlag(n, name, env.get(name));
            }
        }
        if (env.get("TODO_PUBLIC_HOST") != null) {
            List<String> hosts = new ArrayList<>();
            for (String h : env.get("TODO_PUBLIC_HOST").split(",")) {
                if (!h.isBlank()) hosts.add(h.strip());
            }
            n = n.withPublicHosts(hosts);
        }
        return n;
    }

    /** Applies one connection-limit flag (or its environment variable, named in {@code name}). */
    private static NetConfig netFlag(NetConfig n, String name, String v) throws BadConfig {
        String flag = name.startsWith("TODO_") ? "--" + name.substring(5).replace('_', '-').toLowerCase(java.util.Locale.ROOT) : name;
        return switch (flag) {
            case "--max-connections" -> n.withMaxConnections(count(name, v, 1), n.maxConnectionsPerAddress());
            case "--max-connections-per-address" -> n.withMaxConnections(n.maxConnections(), count(name, v, 1));
            case "--handshake-timeout" -> n.withHandshake(count(name, v, 1), n.maxHandshakeBytes());
            case "--max-handshake-bytes" -> {
                int b = count(name, v, 1024);
                if (b > NetConfig.MAX_HANDSHAKE_BYTES_CEILING) {
                    throw new BadConfig(name + " must be at most " + NetConfig.MAX_HANDSHAKE_BYTES_CEILING + ", not " + v);
                }
                yield n.withHandshake(n.handshakeTimeoutSeconds(), b);
            }
            case "--http-header-timeout" -> n.withHttp(count(name, v, 1), n.httpRequestTimeoutSeconds(),
                    n.maxHttpHeaderBytes(), n.maxHttpBodyBytes());
            case "--http-request-timeout" -> n.withHttp(n.httpHeaderTimeoutSeconds(), count(name, v, 1),
                    n.maxHttpHeaderBytes(), n.maxHttpBodyBytes());
            case "--http-max-header-bytes" -> n.withHttp(n.httpHeaderTimeoutSeconds(), n.httpRequestTimeoutSeconds(),
                    count(name, v, 1024), n.maxHttpBodyBytes());
            case "--http-max-body-bytes" -> n.withHttp(n.httpHeaderTimeoutSeconds(), n.httpRequestTimeoutSeconds(),
                    n.maxHttpHeaderBytes(), count(name, v, 0));
            default -> throw new BadConfig("unknown option: " + name);
        };
    }

    /** A {@code postgresql://} address selects PostgreSQL (checked here); anything else is a SQLite path. */
    private static Config db(Config c, String name, String v) throws BadConfig {
        if (!PgUrl.isPostgres(v)) {
            return c.withDb(Path.of(v));
        }
        try {
            PgUrl.parse(v);
        } catch (IllegalArgumentException e) {
            throw new BadConfig(name + ": " + e.getMessage());
        }
        return c.withPostgres(v);
    }

    private static boolean onOff(String name, String v) throws BadConfig {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadConfig(name + " must be on or off, not " + v);
        };
    }

    private static int port(String name, String v) throws BadConfig {
        int p = count(name, v, 0);
        if (p > 65_535) throw new BadConfig(name + " must be a port number from 0 to 65535, not " + v);
        return p;
    }

    private static int count(String name, String v, int min) throws BadConfig {
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min) throw new BadConfig(name + " must be at least " + min + ", not " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new BadConfig(name + " must be a whole number, not " + v);
        }
    }

    public Config withHost(String h) { return new Config(h, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withPort(int p) { return new Config(host, p, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withWsPort(int p) { return new Config(host, port, p, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withDb(Path d) { return new Config(host, port, wsPort, d, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, null, cluster, warmUp); }
    public Config withAllowOrigins(List<String> o) { return new Config(host, port, wsPort, db, o, maxRate, passwordIterations, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withMaxRate(int r) { return new Config(host, port, wsPort, db, allowOrigins, r, passwordIterations, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withPasswordIterations(int n) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, n, pingInterval, net, limits, postgres, cluster, warmUp); }
    public Config withPingInterval(int s) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, s, net, limits, postgres, cluster, warmUp); }
    public Config withNet(NetConfig n) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, n, limits, postgres, cluster, warmUp); }
    public Config withLimits(Limits l) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, l, postgres, cluster, warmUp); }
    public Config withCluster(ClusterConfig k) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, postgres, k, warmUp); }
    /** PostgreSQL at this {@code postgresql://} address instead of the SQLite file; null for SQLite. */
    public Config withPostgres(String address) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, address, cluster, warmUp); }
    public Config withWarmUp(boolean w) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, net, limits, postgres, cluster, w); }

    /** As the record's, with the PostgreSQL password masked: settings may be logged, credentials must not be. */
    @Override
    public String toString() {
        String pg = postgres == null ? null : postgres.replaceAll("(?i)password=[^&]*", "password=***");
        return "Config[host=" + host + ", port=" + port + ", wsPort=" + wsPort + ", db=" + db + ", allowOrigins="
                + allowOrigins + ", maxRate=" + maxRate + ", passwordIterations=" + passwordIterations
                + ", pingInterval=" + pingInterval + ", net=" + net + ", limits=" + limits + ", postgres=" + pg + ", cluster=" + cluster + ", warmUp=" + warmUp + "]";
    }
}
