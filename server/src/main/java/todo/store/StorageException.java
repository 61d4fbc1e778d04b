package todo.store;

import java.sql.SQLException;

/**
 * An unexpected database failure (I/O error, full disk, broken invariant). Unlike
 * {@link todo.error.ApiException} it is a bug or an outage, not an answer: callers map it to {@code internal}.
 */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure of one statement, naming it (the SQL text holds no values: they are parameters). */
    static StorageException of(String sql, SQLException cause) {
        return new StorageException(cause.getMessage() + " [" + sql.strip().replaceAll("\\s+", " ") + "]", cause);
    }
}
