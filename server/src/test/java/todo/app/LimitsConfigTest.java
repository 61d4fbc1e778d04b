package todo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import todo.verbs.Limits;

/** The abuse limits are set by flags and environment variables, flags winning, with safe defaults. */
class LimitsConfigTest {
    @Test
    void withoutFlagsTheDefaultLimitsApply() throws Exception {
        assertEquals(Limits.defaults(), Config.parse(new String[0], Map.of()).limits());
    }

    @Test
    void everyLimitHasAFlag() throws Exception {
        Config c = Config.parse(new String[] {"--hash-queue-per-connection", "2", "--hash-queue-per-address", "3",
                "--max-tasks-per-list", "4", "--max-lists-per-user", "5", "--bulk-chunk", "6"}, Map.of());
        assertEquals(new Limits(2, 3, 4, 5, 6, Limits.DEFAULT_EDITING_TIMEOUT_MILLIS), c.limits());
    }

    @Test
    void everyLimitHasAnEnvironmentVariableThatAFlagOverrides() throws Exception {
        Map<String, String> env = Map.of("TODO_HASH_QUEUE_PER_CONNECTION", "2", "TODO_HASH_QUEUE_PER_ADDRESS", "3",
                "TODO_MAX_TASKS_PER_LIST", "4", "TODO_MAX_LISTS_PER_USER", "5", "TODO_BULK_CHUNK", "6");
        assertEquals(new Limits(2, 3, 4, 5, 6, Limits.DEFAULT_EDITING_TIMEOUT_MILLIS), Config.parse(new String[0], env).limits());
        assertEquals(7, Config.parse(new String[] {"--bulk-chunk", "7"}, env).limits().bulkChunk());
    }

    @Test
    void aLimitBelowOneIsRefusedWithAMessageNamingTheFlag() {
        Config.BadConfig e = assertThrows(Config.BadConfig.class,
                () -> Config.parse(new String[] {"--max-tasks-per-list", "0"}, Map.of()));
        assertEquals("--max-tasks-per-list must be at least 1, not 0", e.getMessage());
    }
}
