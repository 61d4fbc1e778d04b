package todo.support.infra;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base for tests that need PostgreSQL: one private server ({@link Postgres}) per test class, started before its
 * first test and stopped after its last, and a fresh database per test from {@link #freshDatabase}. Skips (or fails
 * under CI=true) as {@link Postgres#start} does when PostgreSQL is not installed. Test thread only.
 */
public abstract class PostgresTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The running server of the current test class. */
    protected static Postgres pg;

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    /** Creates an empty database named {@code prefix_N}, N unique in this JVM, and returns its name. */
    protected static String freshDatabase(String prefix) {
        String database = prefix + "_" + DATABASES.incrementAndGet();
        pg.createDatabase(database);
        return database;
    }
}
