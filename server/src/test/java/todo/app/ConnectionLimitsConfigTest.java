package todo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import todo.net.NetConfig;

/** The connection-limit flags of issue 6, as an operator sets them; their effect is tested in todo.net. */
class ConnectionLimitsConfigTest {
    @Test
    void withNothingSetTheDocumentedLimitsApply() throws Exception {
        NetConfig n = Config.parse(new String[0], Map.of()).net();
        assertEquals(new NetConfig(10_000, 2_000, 10, 16_384, 10, 30, 16_384, 65_536, List.of()), n);
    }

    @Test
    void everyLimitHasAFlag() throws Exception {
        NetConfig n = Config.parse(new String[] {"--max-connections", "50", "--max-connections-per-address", "5",
                "--handshake-timeout", "3", "--max-handshake-bytes", "4096", "--http-header-timeout", "4",
                "--http-request-timeout", "9", "--http-max-header-bytes", "2048", "--http-max-body-bytes", "100",
                "--public-host", "todo.example", "--public-host", "todo.example.org"}, Map.of()).net();
        assertEquals(new NetConfig(50, 5, 3, 4096, 4, 9, 2048, 100, List.of("todo.example", "todo.example.org")), n);
    }

    @Test
    void everyLimitHasAnEnvironmentVariableAndTheFlagWins() throws Exception {
        Map<String, String> env = Map.of("TODO_MAX_CONNECTIONS", "50", "TODO_MAX_CONNECTIONS_PER_ADDRESS", "5",
                "TODO_HANDSHAKE_TIMEOUT", "3", "TODO_MAX_HANDSHAKE_BYTES", "4096", "TODO_HTTP_HEADER_TIMEOUT", "4",
                "TODO_HTTP_REQUEST_TIMEOUT", "9", "TODO_HTTP_MAX_HEADER_BYTES", "2048", "TODO_HTTP_MAX_BODY_BYTES", "100",
                "TODO_PUBLIC_HOST", "a.example, b.example");
        assertEquals(new NetConfig(50, 5, 3, 4096, 4, 9, 2048, 100, List.of("a.example", "b.example")),
                Config.parse(new String[0], env).net());
        assertEquals(7, Config.parse(new String[] {"--max-connections", "7"}, env).net().maxConnections());
    }

    @Test
    void aHandshakeLimitBeyondTheReadBufferIsRefusedNamingTheFlag() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> Config.parse(new String[] {"--max-handshake-bytes", "100000"}, Map.of()));
        assertTrue(e.getMessage().contains("--max-handshake-bytes"), e.getMessage());
    }

    @Test
    void aZeroConnectionCapIsRefusedNamingTheVariable() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> Config.parse(new String[0], Map.of("TODO_MAX_CONNECTIONS_PER_ADDRESS", "0")));
        assertTrue(e.getMessage().contains("TODO_MAX_CONNECTIONS_PER_ADDRESS"), e.getMessage());
    }

    @Test
    void theUsageListsEveryLimitFlag() {
        for (String flag : List.of("--max-connections", "--max-connections-per-address", "--handshake-timeout",
                "--max-handshake-bytes", "--http-header-timeout", "--http-request-timeout", "--http-max-header-bytes",
                "--http-max-body-bytes", "--public-host")) {
            assertTrue(Config.USAGE.contains(flag), flag);
        }
    }
}
