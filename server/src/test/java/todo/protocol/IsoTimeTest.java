package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The wire's time format: the direct path writes exactly what the general formatter writes. */
class IsoTimeTest {
    static void same(Instant t) {
        assertEquals(IsoTime.FORMATTER.format(t), IsoTime.format(t), t.toString());
    }

    @Test
    void instantsAcrossTheFastPathFormatLikeTheGeneralFormatter() {
        SplittableRandom random = new SplittableRandom(20261202);
        for (int i = 0; i < 100_000; i++) {
            same(Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L), random.nextInt(1_000_000_000)));
        }
    }

    @Test
    void theEdgesOfTheFastPathAndBeyondFormatLikeTheGeneralFormatter() {
        for (String t : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2024-02-29T23:59:59.999Z", "2026-11-23T10:15:30.120Z", "2026-11-23T10:15:30.120999Z",
                "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-06-15T12:00:00Z"}) {
            same(Instant.parse(t));
        }
        assertEquals("2026-11-23T10:15:30.120Z", IsoTime.format(Instant.parse("2026-11-23T10:15:30.120999Z")));
    }
}
