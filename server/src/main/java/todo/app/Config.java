package todo.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import todo.security.Passwords;
import todo.store.pg.PgUrl;

/**
 * Immutable server settings. Built from defaults, then environment variables, then flags (flags win).
 * The {@code with*} methods return copies, for tests and embedding. {@code postgres} is the
 * {@code postgresql://…} address when {@code --db} gave one (then {@code db} is unused), else null: SQLite.
 */
public record Config(String host, int port, int wsPort, Path db, List<String> allowOrigins, int maxRate,
                     int passwordIterations, int pingInterval, String postgres) {
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
              --allow-origin O      also accept WebSocket handshakes from this Origin (repeatable)
              --max-rate N          requests per second per connection, bursts of 2N (default 100; 0 = no limit)
              --password-iterations N  PBKDF2 iterations for new passwords (default 600000)
              --ping-interval N     seconds between WebSocket pings; a silent peer is dropped within 2N (default 30)
              --help                print this help and exit

            Environment variables (flags win): TODO_PORT, TODO_WS_PORT, TODO_HOST, TODO_DB,
            TODO_ALLOW_ORIGIN (comma-separated), TODO_MAX_RATE, TODO_PASSWORD_ITERATIONS,
            TODO_PING_INTERVAL.
            """;

    public Config {
        allowOrigins = List.copyOf(allowOrigins);
    }

    public static Config defaults() {
        return new Config(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WS_PORT, Path.of(DEFAULT_DB), List.of(),
                DEFAULT_MAX_RATE, Passwords.DEFAULT_ITERATIONS, DEFAULT_PING_INTERVAL, null);
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
                case "--db" -> c = db(c, flag, v);
                case "--allow-origin" -> flagOrigins.add(v);
                case "--max-rate" -> c = c.withMaxRate(count(flag, v, 0));
                case "--password-iterations" -> c = c.withPasswordIterations(count(flag, v, 1));
                case "--ping-interval" -> c = c.withPingInterval(count(flag, v, 1));
                default -> throw new BadConfig("unknown option: " + flag);
            }
        }
        return c.withAllowOrigins(flagOrigins.isEmpty() ? origins : flagOrigins);
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

    public Config withHost(String h) { return new Config(h, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, postgres); }
    public Config withPort(int p) { return new Config(host, p, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, postgres); }
    public Config withWsPort(int p) { return new Config(host, port, p, db, allowOrigins, maxRate, passwordIterations, pingInterval, postgres); }
    public Config withDb(Path d) { return new Config(host, port, wsPort, d, allowOrigins, maxRate, passwordIterations, pingInterval, null); }
    public Config withAllowOrigins(List<String> o) { return new Config(host, port, wsPort, db, o, maxRate, passwordIterations, pingInterval, postgres); }
    public Config withMaxRate(int r) { return new Config(host, port, wsPort, db, allowOrigins, r, passwordIterations, pingInterval, postgres); }
    public Config withPasswordIterations(int n) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, n, pingInterval, postgres); }
    /** PostgreSQL at this {@code postgresql://} address instead of the SQLite file; null for SQLite. */
    public Config withPostgres(String address) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, pingInterval, address); }
    public Config withPingInterval(int s) { return new Config(host, port, wsPort, db, allowOrigins, maxRate, passwordIterations, s, postgres); }
}
