package todo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opens the database's connections, each with the pragmas every connection needs. */
final class Connections {
    /** How long a connection waits for a lock held by another connection before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MS = 5000;

    private Connections() {}

    /** The single read-write connection; switches the database to WAL so readers run beside it. */
    static Connection openWriter(Path file, boolean synchronousFull) throws SQLException {
        Connection conn = open(file);
        try {
            String mode = queryString(conn, Sql.JOURNAL_MODE_WAL);
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("could not switch " + file + " to WAL journal mode (got " + mode + ")");
            }
            common(conn, synchronousFull);
            return conn;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(conn, e);
            throw e;
        }
    }

    /** A connection that refuses writes ({@code query_only}); open it after the writer, which set WAL mode. */
    static Connection openReader(Path file, boolean synchronousFull) throws SQLException {
        Connection conn = open(file);
        try {
            common(conn, synchronousFull);
            Statements.exec(conn, Sql.QUERY_ONLY);
            return conn;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(conn, e);
            throw e;
        }
    }

    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void common(Connection conn, boolean synchronousFull) throws SQLException {
        Statements.exec(conn, Sql.FOREIGN_KEYS_ON);
        Statements.exec(conn, synchronousFull ? Sql.SYNCHRONOUS_FULL : Sql.SYNCHRONOUS_NORMAL);
        Statements.exec(conn, String.format(Sql.BUSY_TIMEOUT, BUSY_TIMEOUT_MS));
    }

    private static String queryString(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void closeAfterFailure(Connection conn, Exception failure) {
        try {
            conn.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
