package todo.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import todo.security.Passwords;
import todo.verbs.Limits;

/**
 * Immutable server settings. Built from defaults, then environment variables, then flags (flags win).
 * The {@code with*} methods return copies, for tests and embedding.
 */
public record Config(String host, int port, int wsPort, Path db, List<String> allowOrigins, int maxRate,
                     int passwordIterations, int pingInterval, Limits limits) {
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
              --allow-origin O      also accept WebSocket handshakes from this Origin (repeatable)
              --max-rate N          requests per second per connection, bursts of 2N (default 100; 0 = no limit)
              --password-iterations N  PBKDF2 iterations for new passwords (default 600000)
              --ping-interval N     seconds between WebSocket pings; a silent peer is dropped within 2N (default 30)
              --hash-queue-per-connection N  password checks queued or running per connection (default 1)
              --hash-queue-per-address N     the same per remote address, IPv6 /64 (default 8)
              --max-tasks-per-list N  tasks one list may hold (default 10000)
              --max-lists-per-user N  lists one user may be a member of (default 1000)
              --bulk-chunk N        tasks changed per writer transaction by the bulk verbs (default 500)
              --help                print this help and exit

            Environment variables (flags win): TODO_PORT, TODO_WS_PORT, TODO_HOST, TODO_DB,
            TODO_ALLOW_ORIGIN (comma-separated), TODO_MAX_RATE, TODO_PASSWORD_ITERATIONS,
            TODO_PING_INTERVAL, TODO_HASH_QUEUE_PER_CONNECTION, TODO_HASH_QUEUE_PER_ADDRESS,
            TODO_MAX_TASKS_PER_LIST, TODO_MAX_LISTS_PER_USER, TODO_BULK_CHUNK.
            """;

    public Config {
        allowOrigins = List.copyOf(allowOrigins);
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Settings with the default {@link Limits}. */
    public Config(String host, int port, int wsPort, Path db, List<String> allowOrigins, int maxRate,
                  int passwordIterations, int pingInterval) {
        this(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, Limits.defaults());
    }

    public static Config defaults() {
        return new Config(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WS_PORT, Path.of(DEFAULT_DB), List.of(),
                DEFAULT_MAX_RATE, Passwords.DEFAULT_ITERATIONS, DEFAULT_PING_INTERVAL);
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
        if (env.get("TODO_DB") != null) c = c.withDb(Path.of(env.get("TODO_DB")));
        if (env.get("TODO_MAX_RATE") != null) c = c.withMaxRate(count("TODO_MAX_RATE", env.get("TODO_MAX_RATE"), 0));
        if (env.get("TODO_PASSWORD_ITERATIONS") != null) {
            c = c.withPasswordIterations(count("TODO_PASSWORD_ITERATIONS", env.get("TODO_PASSWORD_ITERATIONS"), 1));
        }
        if (env.get("TODO_PING_INTERVAL") != null) {
            c = c.withPingInterval(count("TODO_PING_INTERVAL", env.get("TODO_PING_INTERVAL"), 1));
        }
        c = c.withLimits(limitsFromEnv(c.limits(), env));
        if (env.get("TODO_ALLOW_ORIGIN") != null) {
            for (String o : env.get("TODO_ALLOW_ORIGIN").split(",")) {
                if (!o.isBlank()) origins.add(o.strip());
            }
        }
        List<String> flagOrigins = new ArrayList<>();
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
                case "--db" -> c = c.withDb(Path.of(v));
                case "--allow-origin" -> flagOrigins.add(v);
                case "--max-rate" -> c = c.withMaxRate(count(flag, v, 0));
                case "--password-iterations" -> c = c.withPasswordIterations(count(flag, v, 1));
                case "--ping-interval" -> c = c.withPingInterval(count(flag, v, 1));
                // ---- abuse limits ----
                case "--hash-queue-per-connection" -> c = c.withLimits(c.limits().withHashPerConnection(count(flag, v, 1)));
                case "--hash-queue-per-address" -> c = c.withLimits(c.limits().withHashPerAddress(count(flag, v, 1)));
                case "--max-tasks-per-list" -> c = c.withLimits(c.limits().withTasksPerList(count(flag, v, 1)));
                case "--max-lists-per-user" -> c = c.withLimits(c.limits().withListsPerUser(count(flag, v, 1)));
                case "--bulk-chunk" -> c = c.withLimits(c.limits().withBulkChunk(count(flag, v, 1)));
                default -> throw new BadConfig("unknown option: " + flag);
            }
        }
        return c.withAllowOrigins(flagOrigins.isEmpty() ? origins : flagOrigins);
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

    public Config withHost(String h) { return new Config(h, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, limits); }
    public Config withPort(int p) { return new Config(host, p, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, limits); }
    public Config withWsPort(int p) { return new Config(host, port, p, db, allowOrigins, maxRate, passwordIterations, pingInterval, limits); }
    public Config withDb(Path d) { return new Config(host, port, wsPort, d, allowOrigins, maxRate, passwordIterations, pingInterval, limits); }
    public Config withAllowOrigins(List<String> o) { return new Config(host, port, wsPort, db, o, maxRate, passwordIterations, pingInterval, limits); }
    public Config withMaxRate(int r) { return new Config(host, port, wsPort, db, allowOrigins, r, passwordIterations, pingInterval, limits); }
    public Config withPasswordIterations(int n) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, n, pingInterval, limits); }
    public Config withPingInterval(int s) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, s, limits); }
    public Config withLimits(Limits l) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, l); }
}
