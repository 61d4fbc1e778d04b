package todo.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import todo.app.Config;
import todo.support.infra.Postgres;

/**
 * Which store the test servers run on: the SQLite file in the test's folder (the default), or, with
 * {@code -Dtodo.test.store=postgres} (the second surefire run of {@code todo.protocol}), one private PostgreSQL
 * for the whole run with a fresh schema per test folder (pgjdbc's {@code currentSchema}: schemas are light, where
 * hundreds of databases would take gigabytes), so that both stores answer one protocol suite.
 * Without PostgreSQL installed the tests skip with a notice (fail under CI=true): {@link Postgres#start()}.
 * Called from test threads; synchronized.
 */
public final class Backend {
    public static final String PROPERTY = "todo.test.store";
    public static final String POSTGRES = "postgres";

    /**
     * The protocol suite tests the protocol, not PostgreSQL's durability (todo.store.pg and todo.cluster run
     * with the defaults): without fsync, creating a schema per test and committing cost less.
     */
    static final Map<String, String> FAST = Map.of("fsync", "off", "full_page_writes", "off");

    private static Postgres pg; // started at first use; the harness's shutdown hook stops it
    private static final Map<Path, String> SCHEMAS = new HashMap<>();

    private Backend() {}

    /** Whether this run's servers use PostgreSQL. */
    public static boolean postgres() {
        return POSTGRES.equals(System.getProperty(PROPERTY));
    }

    /** {@code c} on this run's store: unchanged for SQLite; for PostgreSQL the database of {@code dir}. */
    public static Config apply(Config c, Path dir) {
        return postgres() ? c.withPostgres(address(dir)) : c;
    }

    /** The {@code postgresql://} address of {@code dir}'s schema, created at the first call for it. */
    public static synchronized String address(Path dir) {
        if (pg == null) {
            pg = Postgres.start(FAST);
        }
        String schema = SCHEMAS.computeIfAbsent(dir.toAbsolutePath(), d -> {
            String name = "t" + (SCHEMAS.size() + 1);
            try (Connection c = pg.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("CREATE SCHEMA " + name + " failed", e);
            }
            return name;
        });
        return pg.url(Postgres.DATABASE, "&currentSchema=" + schema);
    }
}
