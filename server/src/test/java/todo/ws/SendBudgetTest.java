package todo.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server-wide bound on unsent data (issue 6, finding 7): which connections a sweep cuts. */
class SendBudgetTest {
    private static final long MIB = 1024 * 1024;

    private static Map<String, Long> queues(Object... nameAndBytes) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            m.put((String) nameAndBytes[i], (Long) nameAndBytes[i + 1]);
        }
        return m;
    }

    @Test
    void withinTheBudgetNobodyIsCut() {
        assertEquals(List.of(), SendBudget.toCut(queues("a", 3 * MIB, "b", 3 * MIB), 8 * MIB));
    }

    @Test
    void overTheBudgetTheLargestQueuesAreCutUntilTheRestFits() {
        Map<String, Long> q = queues("small", MIB, "largest", 8 * MIB, "tiny", 100 * 1024L, "second", 5 * MIB);
        assertEquals(List.of("largest"), SendBudget.toCut(q, 10 * MIB));
        assertEquals(List.of("largest", "second"), SendBudget.toCut(q, 2 * MIB));
    }

    @Test
    void aQueueUnderTheSparedSizeIsNeverCutEvenWhenTheRestStillDoesNotFit() {
        Map<String, Long> q = queues("big", 2 * MIB, "a", 200 * 1024L, "b", 200 * 1024L, "c", 200 * 1024L);
        assertEquals(List.of("big"), SendBudget.toCut(q, 100 * 1024L));
    }
}
