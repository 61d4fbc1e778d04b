package todo.support.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import todo.support.Ports;

/**
 * A private PostgreSQL cluster for tests: initdb into a temporary directory, pg_ctl start on a free port on
 * 127.0.0.1 with its Unix socket in that directory, trust authentication for user {@code postgres}, and one
 * database ({@link #DATABASE}) created. It can be stopped and started again on the same port and data (to test
 * an outage) or crashed ({@code pg_ctl stop -m immediate}: no checkpoint, crash recovery on the next start).
 * When the tests run as root, initdb and pg_ctl run as the {@code postgres} user ({@code runuser -u postgres --}),
 * because PostgreSQL refuses to run as root. Driven by one test thread.
 */
public final class Postgres implements AutoCloseable {
    public static final String DATABASE = "todo";
    public static final String USER = "postgres";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final List<String> asOwner;
    private boolean running;

    private Postgres(Path dir, int port, List<String> asOwner) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("harness.log");
        this.port = port;
        this.asOwner = asOwner;
    }

    /** A fresh cluster with default settings (fsync and synchronous_commit on), running, database created. */
    public static Postgres start() {
        return start(Map.of());
    }

    /** A fresh cluster with {@code settings} added to postgresql.conf (name to value, quoted as needed). */
    public static Postgres start(Map<String, String> settings) {
        Path initdb = Binaries.postgres("initdb");
        Binaries.postgres("pg_ctl");
        List<String> asOwner = runningAsRoot() ? List.of(runuser(), "-u", USER, "--") : List.of();
        Path dir = Dirs.create("pg");
        Postgres pg = new Postgres(dir, Ports.free(), asOwner);
        Reaper.add(pg);
        try {
            pg.handToOwner();
            pg.run(List.of(initdb.toString(), "-D", pg.data.toString(), "-U", USER, "--auth=trust",
                    "--encoding=UTF8", "--no-locale", "--no-sync"));
            pg.configure(settings);
            pg.startAgain();
            pg.createDatabase(DATABASE);
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The address in the form the server's {@code --db} flag takes (issue 9). */
    public String url() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** {@link #url()} of another database of this cluster, with extra {@code &name=value} parameters appended. */
    public String url(String database, String extraParams) {
        return "postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER + extraParams;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** A new JDBC connection to {@link #DATABASE}; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Creates an empty database, for a test that wants one of its own. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names here are lower-case identifiers: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed", e);
        }
    }

    public boolean running() {
        return running;
    }

    /** Starts the stopped cluster again, same port and data; returns once it accepts connections. */
    public void startAgain() {
        run(List.of(pgCtl(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(), "-w",
                "-t", String.valueOf(COMMAND_TIMEOUT.toSeconds()), "start"));
        running = true;
    }

    /** Clean shutdown ({@code -m fast}: open sessions are cut, their transactions rolled back). */
    public void stop() {
        pgCtlStop("fast");
    }

    /** Stops every process at once without a checkpoint, as a crash would; the next start runs recovery. */
    public void crash() {
        pgCtlStop("immediate");
    }

    /** Stops the cluster (immediately: the data is thrown away) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (running) {
                crash();
            }
        } finally {
            Reaper.remove(this);
            Dirs.delete(dir);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " in " + dir;
    }

    /** The server's own log, for failure messages. */
    public String logTail() {
        return Proc.tail(dir.resolve("postgres.log"));
    }

    private void pgCtlStop(String mode) {
        run(List.of(pgCtl(), "-D", data.toString(), "-m", mode, "-w",
                "-t", String.valueOf(COMMAND_TIMEOUT.toSeconds()), "stop"));
        running = false;
    }

    private void configure(Map<String, String> settings) {
        StringBuilder conf = new StringBuilder("\n# todo.support.infra.Postgres\n")
                .append("port = ").append(port).append('\n')
                .append("listen_addresses = '127.0.0.1'\n")
                .append("unix_socket_directories = '").append(dir).append("'\n");
        settings.forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As root, the directory must belong to the user initdb and the server run as. */
    private void handToOwner() {
        if (asOwner.isEmpty()) {
            return;
        }
        try {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(dir, owner);
        } catch (IOException e) {
            throw new IllegalStateException("running as root, but cannot hand " + dir + " to user " + USER
                    + " (PostgreSQL refuses to run as root; Debian's postgresql package creates that user)", e);
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(command);
        Proc.run(full, log, COMMAND_TIMEOUT);
    }

    private static String pgCtl() {
        return Binaries.postgres("pg_ctl").toString();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String runuser() {
        return Binaries.find("runuser", List.of()).map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("running as root without runuser (util-linux)"));
    }
}
