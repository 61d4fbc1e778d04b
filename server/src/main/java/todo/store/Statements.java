package todo.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the constants of {@link Sql} on one connection, caching each prepared statement, and turns
 * {@link SQLException} into {@link StorageException}. Used by one thread at a time (the connection's owner).
 *
 * <p>Every method reads its result set to the end and closes it before returning, so a cached statement is never
 * in use twice at once and no statement is left pending when a transaction ends. Row mappers must only read
 * columns, never run queries.
 */
final class Statements implements AutoCloseable {

    /** Reads one row; must not run other statements. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Statements.class);

    private final Connection conn;
    private final Dialect dialect;
    private final Map<String, Prepared> cache = new HashMap<>();
    private long writes;
    private TxCache txCache;
    private PendingCreates pending;
    /** Statements that need not see the held-back creates (they read other rows), so do not send them first. */
    private final Set<String> beforeHeldBack = new HashSet<>();

    /** A cached statement, and whether it may change rows (anything but a plain {@code SELECT}). */
    private record Prepared(PreparedStatement ps, boolean write) {
    }

    Statements(Connection conn, Dialect dialect) {
        this.conn = conn;
        this.dialect = dialect;
    }

    /** The first row mapped, or null when there is none. */
    <T> T one(String sql, RowMapper<T> mapper, Object... params) {
        try (ResultSet raw = bind(sql, params).executeQuery()) {
            ResultSet rs = decoding(raw);
            return rs.next() ? mapper.map(rs) : null;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * {@link #one}, for a read that sees only rows of list {@code listId}: the held-back creates are sent first
     * only when some are in that list (the first create into each list of a batch reads its last position, and
     * must not send the other lists' creates one round trip at a time).
     */
    <T> T oneOfList(long listId, String sql, RowMapper<T> mapper, Object... params) {
        if (pending == null || pending.isEmpty() || pending.holds(listId)) {
            return one(sql, mapper, params);
        }
        PendingCreates held = pending;
        pending = null;
        try {
            return one(sql, mapper, params);
        } finally {
            pending = held;
        }
    }

    /** Every row mapped, in the query's order. */
    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try (ResultSet raw = bind(sql, params).executeQuery()) {
            ResultSet rs = decoding(raw);
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Whether the query yields at least one row. */
    boolean exists(String sql, Object... params) {
        return one(sql, rs -> Boolean.TRUE, params) != null;
    }

    /** Runs a statement with a {@code RETURNING} of one integer column, answering it. */
    long returningLong(String sql, Object... params) {
        Long value = one(sql, rs -> rs.getLong(1), params);
        if (value == null) {
            throw StorageException.of(sql, new SQLException("RETURNING produced no row"));
        }
        return value;
    }

    /** Runs an INSERT, UPDATE or DELETE, answering the number of rows changed. */
    int update(String sql, Object... params) {
        try {
            return bind(sql, params).executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Tells {@code cache} of every statement that may change rows, before it runs. */
    void reportWritesTo(TxCache cache) {
        this.txCache = cache;
    }

    /**
     * Sends {@code pending}'s held-back creates before any statement that might see their rows: the list locks
     * (which read lists not held yet, so with nothing held back), a member's role and the id draw do not.
     */
    void holdBackWith(PendingCreates pending) {
        this.pending = pending;
        for (String sql : new String[] {dialect.lockList(), dialect.lockListNoWait(), dialect.taskIds(),
                Sql.ROLE_OF_MEMBER, pending.statement()}) {
            if (sql != null) {
                beforeHeldBack.add(sql);
            }
        }
    }

    /** A create was held back: it counts as a write, as if its statement had run. */
    void heldBack() {
        writes++;
    }

    /** A failed statement counts as a write: it may have ended the transaction (PostgreSQL) or left it changed. */
    private StorageException failed(String sql, SQLException e) {
        writes++;
        return StorageException.of(sql, e);
    }

    /**
     * How many statements that may change rows (anything but a plain {@code SELECT}) have run on this connection,
     * plus how many statements failed. The writer compares it before and after an op: an op that failed without
     * running one has nothing to undo.
     */
    long writes() {
        return writes;
    }

    /** Runs a parameterless statement (transaction control, pragmas). Throws the raw exception: callers decide. */
    static void exec(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** {@code rs} with every {@code getString} passed through {@link Dialect#decodeText}, where it does anything. */
    private ResultSet decoding(ResultSet rs) {
        if (!dialect.encodesText()) {
            return rs;
        }
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
            (proxy, method, args) -> {
                Object value;
                try {
                    value = method.invoke(rs, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                return method.getName().equals("getString") ? dialect.decodeText((String) value) : value;
            });
    }

    private PreparedStatement bind(String sql, Object[] params) throws SQLException {
        if (pending != null && !pending.isEmpty() && !beforeHeldBack.contains(sql)) {
            pending.flush(this);
        }
        Prepared prepared = cache.get(sql);
        PreparedStatement ps;
        if (prepared == null) {
            ps = conn.prepareStatement(sql);
            prepared = new Prepared(ps, !sql.regionMatches(true, 0, "SELECT ", 0, 7));
            cache.put(sql, prepared);
        } else {
            ps = prepared.ps();
            ps.clearParameters();
        }
        if (prepared.write()) {
            writes++;
            if (txCache != null) {
                txCache.wrote(sql);
            }
        }
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof String text) {
                p = dialect.encodeText(text);
            } else if (p instanceof String[] texts) {
                p = Arrays.stream(texts).map(dialect::encodeText).toArray(String[]::new);
            }
            setParam(ps, i + 1, p);
        }
        return ps;
    }

    private static void setParam(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Integer i) {
            ps.setInt(index, i);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b); // SQLite's driver stores 0/1; PostgreSQL's binds a boolean
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (value instanceof long[] ids) {
            // PostgreSQL's "= ANY(?)": one bigint[] parameter (ChangeReads); SQLite has no arrays.
            ps.setArray(index, ps.getConnection().createArrayOf("bigint",
                Arrays.stream(ids).boxed().toArray(Long[]::new)));
        } else if (value instanceof Long[] longs) {
            // PostgreSQL only, as are the arrays below: the columns of PendingCreates' statement.
            ps.setArray(index, ps.getConnection().createArrayOf("bigint", longs));
        } else if (value instanceof String[] texts) {
            ps.setArray(index, ps.getConnection().createArrayOf("text", texts));
        } else if (value instanceof Boolean[] flags) {
            ps.setArray(index, ps.getConnection().createArrayOf("boolean", flags));
        } else {
            throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
        }
    }

    /** Closes the cached statements (not the connection). */
    @Override
    public void close() {
        for (Prepared prepared : cache.values()) {
            try {
                prepared.ps().close();
            } catch (SQLException e) {
                // Closing is best effort: the connection is closed right after, which finalizes it anyway.
                LOG.warn("closing a prepared statement failed", e);
            }
        }
        cache.clear();
    }
}
