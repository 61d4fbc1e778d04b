package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date. The dialect keeps the version; each step runs in its own transaction together
 * with the version bump, so a crash leaves the database at a whole version. Steps are only ever appended: a
 * released step never changes.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /** The schema version this code writes and understands, in {@code dialect}. */
    static int latest(Dialect dialect) {
        return dialect.schemaSteps().size();
    }

    /**
     * Applies every missing step, on the writer connection before any other thread uses the database.
     *
     * @throws IllegalStateException when the database was written by a newer version of the server
     */
    static void migrate(Connection conn, Dialect dialect) throws SQLException {
        List<String[]> steps = dialect.schemaSteps();
        int current = dialect.schemaVersion(conn);
        if (current > steps.size()) {
            throw new IllegalStateException("database schema version " + current + " is newer than this server"
                + " supports (" + steps.size() + "); refusing to start rather than risk damaging it");
        }
        for (int version = current; version < steps.size(); version++) {
            apply(conn, dialect, version + 1, steps.get(version));
        }
    }

    private static void apply(Connection conn, Dialect dialect, int target, String[] statements) throws SQLException {
        Statements.exec(conn, dialect.beginWrite());
        try {
            for (String sql : statements) {
                Statements.exec(conn, sql);
            }
            dialect.setSchemaVersion(conn, target);
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
