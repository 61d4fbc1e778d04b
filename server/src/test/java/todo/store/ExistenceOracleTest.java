package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.NewTask;

/**
 * A list someone else owns costs exactly as much to be refused as a list that does not exist, so timing cannot
 * tell them apart. Found by attack: {@code not_found} for an existing foreign list took about 330 µs against 125 µs
 * for a missing one, because the foreign list and its members were loaded before membership was checked. The
 * cost is counted here as SQL statements run, which timing follows and which does not depend on machine load.
 */
class ExistenceOracleTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final long MISSING = 999_999;

    @TempDir
    Path dir;

    private Connection raw;
    private Repo repo;
    private final AtomicInteger statements = new AtomicInteger();
    private long bob;
    private long alicesList;

    @BeforeEach
    void open() throws Exception {
        SqliteDialect dialect = new SqliteDialect(dir.resolve("todo.db"), false);
        raw = dialect.openWriter();
        Migrations.migrate(raw, dialect);
        repo = new Repo(counting(raw), dialect, Clock.systemUTC());
        Accounts accounts = repo.accounts();
        long alice = accounts.createUser("alice", null, new byte[16], new byte[32], 1, new byte[32], NOW, NOW).id();
        bob = accounts.createUser("bob", null, new byte[16], new byte[32], 1, new byte[] {1}, NOW, NOW).id();
        alicesList = repo.lists().create(alice, "Alice's", NOW).after().id();
        for (int i = 0; i < 20; i++) {
            repo.lists().share(alice, alicesList, accounts.createUser("member" + i, null, new byte[16], new byte[32],
                    1, new byte[] {2, (byte) i}, NOW, NOW).username());
        }
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
        raw.close();
    }

    /** A connection whose prepared statements count every execution. */
    private Connection counting(Connection real) {
        InvocationHandler conn = (proxy, m, args) -> {
            Object r = invoke(m, real, args);
            if (r instanceof PreparedStatement ps) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        (p, sm, sargs) -> {
                            if (sm.getName().startsWith("execute")) {
                                statements.incrementAndGet();
                            }
                            return invoke(sm, ps, sargs);
                        });
            }
            return r;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, conn);
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Statements that {@code op} runs on bob's behalf for {@code list} before it answers not_found. */
    private int statementsToRefuse(BiConsumer<Repo, Long> op, long list) {
        statements.set(0);
        ApiException e = assertThrows(ApiException.class, () -> op.accept(repo, list));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        return statements.get();
    }

    private void assertSameCost(BiConsumer<Repo, Long> op) {
        assertEquals(statementsToRefuse(op, MISSING), statementsToRefuse(op, alicesList),
                "statements for a missing list vs someone else's");
    }

    @Test
    void subscribingToSomeoneElsesListCostsTheSameAsToAMissingOne() {
        assertSameCost((r, list) -> r.tasks().snapshot(bob, list, null));
    }

    @Test
    void renamingSomeoneElsesListCostsTheSameAsAMissingOne() {
        assertSameCost((r, list) -> r.lists().rename(bob, list, "mine now"));
    }

    @Test
    void deletingOrSharingSomeoneElsesListCostsTheSameAsAMissingOne() {
        assertSameCost((r, list) -> r.lists().delete(bob, list));
        assertSameCost((r, list) -> r.lists().share(bob, list, "bob"));
        assertSameCost((r, list) -> r.lists().unshare(bob, list, "bob"));
    }

    @Test
    void readingOrChangingTasksOfSomeoneElsesListCostsTheSameAsAMissingOne() {
        assertSameCost((r, list) -> r.tasks().tasks(bob, list, null));
        assertSameCost((r, list) -> r.tasks().completeAll(bob, "bob", list, true, NOW));
        assertSameCost((r, list) -> r.tasks().create(bob, "bob", list, new NewTask("x", "", null, false, null), NOW));
    }
}
