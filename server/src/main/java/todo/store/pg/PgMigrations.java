package todo.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a PostgreSQL database's schema up to date, at every node's start. The version lives in the
 * {@code schema_version} table, one row per applied step. Each step runs in its own transaction together with its
 * version row, so a crash leaves the database at a whole version (PostgreSQL's DDL is transactional). Nodes
 * starting at once take turns on an advisory lock; the later ones find the work done. Called on the thread that
 * opens the store, before any other use of the database.
 */
public final class PgMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(PgMigrations.class);

    /** Element {@code i} takes the schema from version {@code i} to {@code i + 1}. */
    private static final List<String[]> STEPS = List.of(PgSchema.V1, PgSchema.V2, PgSchema.V3, PgSchema.V4,
            PgSchema.V5, PgSchema.V6, PgSchema.V7, PgSchema.V8);

    private PgMigrations() {}

    /** The steps, for {@link PgDialect#schemaSteps()}. */
    static List<String[]> steps() {
        return STEPS;
    }

    /** The schema version this code writes and understands. */
    public static int latest() {
        return STEPS.size();
    }

    /** The database's schema version: 0 for a database never migrated. Does not write. */
    public static int version(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery(PgSchema.VERSION_TABLE_EXISTS)) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery(PgSchema.CURRENT_VERSION)) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * Applies every missing step. Leaves {@code conn}'s auto-commit setting as it found it (the writer's is off).
     *
     * @throws IllegalStateException when the database was written by a newer version of the server
     */
    public static void migrate(Connection conn) throws SQLException {
        migrateTo(conn, latest());
    }

    /** {@link #migrate} up to version {@code target} only: for tests of a migration from an older version. */
    static void migrateTo(Connection conn, int target) throws SQLException {
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            while (step(conn, target)) {
                // one step per transaction, until none is missing
            }
        } finally {
            conn.setAutoCommit(autoCommit);
        }
    }

    /** Applies the next missing step, if any, in one transaction; answers whether it applied one. */
    private static boolean step(Connection conn, int targetVersion) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(PgSchema.LOCK);
            st.execute(PgSchema.CREATE_VERSION_TABLE);
            int current;
            try (ResultSet rs = st.executeQuery(PgSchema.CURRENT_VERSION)) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > latest()) {
                throw new IllegalStateException("database schema version " + current + " is newer than this"
                    + " server supports (" + latest() + "); refusing to start rather than risk damaging it");
            }
            if (current >= targetVersion) {
                conn.commit();
                return false;
            }
            int target = current + 1;
            for (String sql : STEPS.get(current)) {
                st.execute(sql);
            }
            try (PreparedStatement ps = conn.prepareStatement(PgSchema.RECORD_VERSION)) {
                ps.setInt(1, target);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
            conn.commit();
            LOG.info("database schema migrated to version {}", target);
            return true;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }
}
