package todo.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date. The version lives in {@code PRAGMA user_version}; each step runs in its own
 * transaction together with the version bump, so a crash leaves the database at a whole version.
 * Steps are only ever appended: a released step never changes.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Element {@code i} takes the schema from version {@code i} to {@code i + 1}. */
    private static final List<String[]> STEPS = List.<String[]>of(
        Sql.SCHEMA_V1,
        Sql.SCHEMA_V2
    );

    private Migrations() {}

    /** The schema version this code writes and understands. */
    static int latest() {
        return STEPS.size();
    }

    static int userVersion(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(Sql.GET_USER_VERSION)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Applies every missing step, on the writer connection before any other thread uses the database.
     *
     * @throws IllegalStateException when the database was written by a newer version of the server
     */
    static void migrate(Connection conn) throws SQLException {
        int current = userVersion(conn);
        if (current > latest()) {
            throw new IllegalStateException("database schema version " + current + " is newer than this server"
                + " supports (" + latest() + "); refusing to start rather than risk damaging it");
        }
        for (int version = current; version < latest(); version++) {
            apply(conn, version + 1, STEPS.get(version));
        }
    }

    private static void apply(Connection conn, int target, String[] statements) throws SQLException {
        Statements.exec(conn, Sql.BEGIN_IMMEDIATE);
        try {
            for (String sql : statements) {
                Statements.exec(conn, sql);
            }
            Statements.exec(conn, String.format(Sql.SET_USER_VERSION, target));
            Statements.exec(conn, Sql.COMMIT);
        } catch (SQLException | RuntimeException e) {
            try {
                Statements.exec(conn, Sql.ROLLBACK);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        LOG.info("database schema migrated to version {}", target);
    }
}
