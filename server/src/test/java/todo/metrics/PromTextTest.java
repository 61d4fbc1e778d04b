package todo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tests' reader of the text format refuses what Prometheus would, so a passing parse means something. */
class PromTextTest {
    private static final String HISTOGRAM = """
            # HELP h_seconds a histogram
            # TYPE h_seconds histogram
            h_seconds_bucket{le="0.1"} 1
            h_seconds_bucket{le="+Inf"} %s
            h_seconds_count 2
            h_seconds_sum 0.3
            """;

    @Test
    void aWellFormedExpositionIsRead() {
        PromText p = PromText.parse(HISTOGRAM.formatted("2") + "# TYPE c_total counter\nc_total{b=\"y\",a=\"x\"} 3.0\n");
        assertEquals(3.0, p.get("c_total{a=\"x\",b=\"y\"}"));
        assertEquals(2, p.get("h_seconds_count"));
    }

    @Test
    void aHistogramWhoseInfBucketIsNotItsCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromText.parse(HISTOGRAM.formatted("3")));
    }

    @Test
    void aSampleOutsideItsFamilyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PromText.parse("# TYPE a gauge\nb 1\n"));
    }

    @Test
    void aLineThatIsNotTheFormatIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PromText.parse("# TYPE a gauge\na{x=unquoted} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PromText.parse("# TYPE a gauge\na one\n"));
    }

    @Test
    void aDuplicateSeriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromText.parse("# TYPE a gauge\na 1\na 2\n"));
    }
}
