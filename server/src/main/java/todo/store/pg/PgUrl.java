package todo.store.pg;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code --db postgresql://HOST:PORT/DB?user=U&password=P} address: checked once at start, turned into the
 * JDBC URL, and named without its password in every message. Immutable.
 *
 * @param jdbcUrl  what pgjdbc takes ({@code jdbc:} followed by the address; pgjdbc reads user and password)
 * @param redacted host, port and database only: safe for logs and error messages
 */
public record PgUrl(String jdbcUrl, String redacted) {
    public static final String SCHEME = "postgresql://";
    static final int DEFAULT_PORT = 5432;

    /** Whether {@code db} names PostgreSQL rather than a SQLite file. */
    public static boolean isPostgres(String db) {
        return db != null && db.startsWith(SCHEME);
    }

    /** @throws IllegalArgumentException naming what is wrong, without echoing a password */
    public static PgUrl parse(String db) {
        if (!isPostgres(db)) {
            throw new IllegalArgumentException("a PostgreSQL address starts with " + SCHEME);
        }
        URI uri;
        try {
            uri = new URI(db);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid address: expected " + SCHEME
                + "HOST:PORT/DB?user=U&password=P (percent-encode special characters)");
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("expected " + SCHEME + "HOST:PORT/DB?user=U&password=P");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new PgUrl("jdbc:" + db, SCHEME + uri.getHost() + ":" + port + "/" + database);
    }

    @Override
    public String toString() {
        return redacted;
    }
}
