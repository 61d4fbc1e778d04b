package todo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.error.ApiException;
import todo.error.ErrorCode;

/**
 * One storage thread's connection and the {@link Repo} bound to it, confined to that thread. When the database
 * goes away (a PostgreSQL restart, say), {@link #lost} drops the dead connection and the next {@link #repo} opens
 * a new one, so the thread recovers by itself once the database is back. SQLite's connection never goes away.
 */
final class Link implements AutoCloseable {
    /** Opens a connection ready for this thread's transactions. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** How long {@link #lost} waits for the database to answer a liveness probe. */
    static final int VALID_TIMEOUT_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Link.class);

    private final Opener opener;
    private final Dialect dialect;
    private final Clock clock;
    private Connection conn;
    private Repo repo;

    /** @param first an open connection to start with, or null to open one at the first use */
    Link(Opener opener, Dialect dialect, Clock clock, Connection first) {
        this.opener = opener;
        this.dialect = dialect;
        this.clock = clock;
        if (first != null) {
            bind(first);
        }
    }

    /**
     * What a caller gets when its op did not run because the database could not be reached: nothing of it was
     * applied, and retrying later is safe (creates with a key are idempotent).
     */
    static ApiException unavailable() {
        return new ApiException(ErrorCode.INTERNAL, "database unavailable: the request was not completed");
    }

    /** The connection, opening one when there is none. */
    Connection connection() throws SQLException {
        if (conn == null) {
            bind(opener.open());
            LOG.info("database connection opened");
        }
        return conn;
    }

    /** The repositories of {@link #connection()}; call that first. */
    Repo repo() {
        return repo;
    }

    /**
     * After a failure: answers whether the connection is gone (closed, or not answering a probe); when it is,
     * drops it, so that the next {@link #connection()} opens a new one.
     */
    boolean lost() {
        if (conn == null) {
            return true;
        }
        boolean valid;
        try {
            valid = conn.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            LOG.warn("database connection lost; a new one is opened for the next transaction");
            close();
        }
        return !valid;
    }

    /** Closes the repositories and the connection (a pooled one goes back to its pool). */
    @Override
    public void close() {
        if (conn == null) {
            return;
        }
        repo.close();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.warn("closing a database connection failed", e);
        }
        conn = null;
        repo = null;
    }

    private void bind(Connection c) {
        conn = c;
        repo = new Repo(c, dialect, clock);
    }
}
