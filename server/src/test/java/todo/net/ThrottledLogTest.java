package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** A limit hit over and over is logged once per period, with how often it was hit. */
class ThrottledLogTest {
    private final List<Object[]> warnings = new ArrayList<>();

    /** A logger that records the arguments of every warn call. */
    private Logger recording() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("warn")) {
                        warnings.add(args);
                    }
                    return m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void theFirstHitIsLoggedAndTheNextOnesWithinThePeriodAreOnlyCounted() {
        ThrottledLog w = new ThrottledLog(recording(), "things refused");
        for (int i = 0; i < 1000; i++) {
            w.warn("attempt " + i);
        }
        assertEquals(1, warnings.size(), "one line for a burst");
        Object[] args = (Object[]) warnings.get(0)[1];
        assertEquals("things refused", args[0]);
        assertEquals(1L, args[1]);
        assertEquals("attempt 0", args[2]);
    }
}
