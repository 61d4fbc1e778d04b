package todo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags and environment variables as an operator uses them; the process-level behaviour is in CliTest. */
class ConfigTest {
    private static Config parse(Map<String, String> env, String... args) throws Config.BadConfig {
        return Config.parse(args, env);
    }

    @Test
    void withNothingSetTheDocumentedDefaultsApply() throws Exception {
        Config c = parse(Map.of());
        assertEquals(new Config("127.0.0.1", 8080, 8081, Path.of("todo.db"), List.of(), 100, 600_000, 30), c);
    }

    @Test
    void thePingIntervalComesFromTheEnvironmentAndTheFlagWins() throws Exception {
        assertEquals(5, parse(Map.of("TODO_PING_INTERVAL", "5")).pingInterval());
        assertEquals(2, parse(Map.of("TODO_PING_INTERVAL", "5"), "--ping-interval", "2").pingInterval());
    }

    @Test
    void aPingIntervalBelowOneSecondIsRefusedWithAMessageNamingTheFlag() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class, () -> parse(Map.of(), "--ping-interval", "0"));
        assertTrue(e.getMessage().contains("--ping-interval"), e.getMessage());
    }

    @Test
    void theWarmUpIsOnByDefaultAndTurnedOffByTheEnvironmentOrTheFlag() throws Exception {
        assertTrue(parse(Map.of()).warmUp());
        assertEquals(false, parse(Map.of("TODO_WARM_UP", "off")).warmUp());
        assertEquals(false, parse(Map.of(), "--warm-up", "off").warmUp());
        assertTrue(parse(Map.of("TODO_WARM_UP", "off"), "--warm-up", "on").warmUp());
    }

    @Test
    void aWarmUpValueOtherThanOnOrOffIsRefusedWithAMessageNamingTheFlag() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class, () -> parse(Map.of(), "--warm-up", "yes"));
        assertTrue(e.getMessage().contains("--warm-up") && e.getMessage().contains("on or off"), e.getMessage());
    }

    @Test
    void helpIsAnsweredWithNullSoThatMainPrintsTheUsage() throws Exception {
        assertNull(parse(Map.of(), "--port", "9000", "--help"));
        assertTrue(Config.USAGE.contains("--ping-interval"));
    }

    @Test
    void aPostgresqlAddressInDbSelectsPostgresAndAnythingElseStaysASqlitePath() throws Exception {
        String address = "postgresql://127.0.0.1:5432/todo?user=todo&password=secret";
        assertEquals(address, parse(Map.of(), "--db", address).postgres());
        assertEquals(address, parse(Map.of("TODO_DB", address)).postgres());
        Config file = parse(Map.of("TODO_DB", address), "--db", "data/todo.db");
        assertNull(file.postgres());
        assertEquals(Path.of("data/todo.db"), file.db());
    }

    @Test
    void aMalformedPostgresqlAddressIsRefusedWithoutEchoingItsPassword() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> parse(Map.of(), "--db", "postgresql://127.0.0.1:5432/?user=todo&password=secret"));
        assertTrue(e.getMessage().contains("--db"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    private static final String PG = "postgresql://127.0.0.1:5432/todo?user=todo&password=secret";

    @Test
    void natsIsRepeatableAndComesCommaSeparatedFromTheEnvironment() throws Exception {
        assertEquals(List.of("nats://127.0.0.1:4222", "nats://127.0.0.1:4223"),
                parse(Map.of(), "--db", PG, "--nats", "nats://127.0.0.1:4222", "--nats", "nats://127.0.0.1:4223")
                        .cluster().nats());
        assertEquals(List.of("nats://a:4222", "nats://b:4222"),
                parse(Map.of("TODO_NATS", "nats://a:4222, nats://b:4222", "TODO_DB", PG)).cluster().nats());
        assertEquals(List.of("nats://c:4222"),
                parse(Map.of("TODO_NATS", "nats://a:4222", "TODO_DB", PG), "--nats", "nats://c:4222").cluster().nats());
    }

    @Test
    void natsWithoutPostgresqlIsRefusedWithAMessageSayingWhy() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> parse(Map.of(), "--nats", "nats://127.0.0.1:4222"));
        assertTrue(e.getMessage().contains("--nats needs PostgreSQL"), e.getMessage());
        assertThrows(Config.BadConfig.class,
                () -> parse(Map.of(), "--db", "todo.db", "--nats", "nats://127.0.0.1:4222"));
    }

    @Test
    void aNatsAddressMustBeNatsHostPort() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> parse(Map.of(), "--db", PG, "--nats", "http://127.0.0.1:4222"));
        assertTrue(e.getMessage().contains("--nats"), e.getMessage());
        assertThrows(Config.BadConfig.class, () -> parse(Map.of(), "--db", PG, "--nats", "nats://127.0.0.1"));
    }

    @Test
    void theNodeIdIsTheOneGivenElseTheHostNameWithARandomSuffix() throws Exception {
        assertEquals("node1", parse(Map.of(), "--node-id", "node1").cluster().nodeIdOrDefault());
        assertEquals("n2", parse(Map.of("TODO_NODE_ID", "n2")).cluster().nodeIdOrDefault());
        String a = parse(Map.of()).cluster().nodeIdOrDefault();
        assertTrue(a.matches("[A-Za-z0-9._-]+-[0-9a-f]{4}"), a);
        assertThrows(Config.BadConfig.class, () -> parse(Map.of(), "--node-id", "no spaces"));
    }
}
