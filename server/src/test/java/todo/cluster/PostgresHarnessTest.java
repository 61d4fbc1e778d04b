package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import todo.support.infra.Postgres;

/** The test harness's private PostgreSQL: it starts, HikariCP talks to it, and it comes back after an outage. */
class PostgresHarnessTest {
    static Postgres pg;
    static HikariDataSource pool;

    @BeforeAll
    static void start() {
        pg = Postgres.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(2_000);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    static void stop() {
        if (pool != null) pool.close();
        if (pg != null) pg.close();
    }

    @Test
    void aRowWrittenThroughHikariIsReadBackThroughAnotherConnection() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE round_trip (id bigint PRIMARY KEY, name text NOT NULL)");
        }
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO round_trip (id, name) VALUES (?, ?)")) {
            ps.setLong(1, 7);
            ps.setString(2, "Oat milk \u00e9\u6f22");
            assertEquals(1, ps.executeUpdate());
        }
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM round_trip WHERE id = ?")) {
            ps.setLong(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("Oat milk \u00e9\u6f22", rs.getString(1));
            }
        }
    }

    @Test
    void theServerRunsWithDurableCommitsAndReadCommitted() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            assertEquals("on", show(st, "fsync"));
            assertEquals("on", show(st, "synchronous_commit"));
            assertEquals("read committed", show(st, "transaction_isolation"));
        }
    }

    @Test
    void queriesFailWhileTheServerIsStoppedAndSucceedOnceItIsBack() throws SQLException {
        pg.stop();
        try {
            assertThrows(SQLException.class, () -> {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT 1").close();
                }
            });
        } finally {
            pg.startAgain();
        }
        // The pool still holds connections the stop cut; Hikari tests and replaces them on checkout.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT 1")) {
                return rs.next() && rs.getInt(1) == 1;
            }
        });
    }

    private static String show(Statement st, String setting) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
