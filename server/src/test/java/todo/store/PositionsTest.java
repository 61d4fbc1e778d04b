package todo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** The fractional keys of task order: always strictly between, and short under many moves at one spot. */
class PositionsTest {
    /** Moves at one spot in these tests. */
    static final int MOVES = 10_000;

    /** The documented bound: a neighbour's length plus 2 plus the base-62 digits of the number of moves. */
    static int bound(String neighbour, int moves) {
        return neighbour.length() + 2 + (Positions.ofRank(moves).length() - 1);
    }

    private static void assertBetween(String lower, String upper, String key) {
        if (lower != null) assertTrue(lower.compareTo(key) < 0, lower + " < " + key);
        if (upper != null) assertTrue(key.compareTo(upper) < 0, key + " < " + upper);
        assertEquals(key, Positions.encode(Positions.decode(key)), "canonical " + key);
    }

    @Test
    void theFirstKeyAndKeysAtTheBottomCountUp() {
        assertEquals("a0", Positions.first());
        assertEquals("a1", Positions.between("a0", null));
        assertEquals("az", Positions.between("ay", null));
        assertEquals("b10", Positions.between("az", null));
        assertEquals("Jz", Positions.between(null, "a0"));
    }

    @Test
    void aKeyBetweenTwoOthersSortsStrictlyBetweenThemInByteOrder() {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>(List.of(Positions.first()));
        for (int n = 0; n < 5000; n++) {
            int at = random.nextInt(keys.size() + 1);
            String lower = at == 0 ? null : keys.get(at - 1);
            String upper = at == keys.size() ? null : keys.get(at);
            String key = Positions.between(lower, upper);
            assertBetween(lower, upper, key);
            keys.add(at, key);
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(String::compareTo);
        assertEquals(sorted, keys, "inserted in order means sorted in byte order");
    }

    @Test
    void negativeAndMultiDigitIntegersKeepTheirOrder() {
        long[] values = {-238_328, -3845, -3844, -62, -61, -1, 0, 1, 61, 62, 3843, 3844, 238_327};
        for (int i = 1; i < values.length; i++) {
            String lo = Positions.encode(new long[] {values[i - 1]});
            String hi = Positions.encode(new long[] {values[i]});
            assertTrue(lo.compareTo(hi) < 0, lo + " < " + hi);
            assertEquals(values[i], Positions.decode(hi)[0]);
        }
    }

    /** Runs {@code MOVES} inserts, each computed from the previous key; answers the longest key seen. */
    private static int longest(String start, BinaryOperator<String> next) {
        String key = start;
        int longest = key.length();
        for (int n = 0; n < MOVES; n++) {
            key = next.apply(key, null);
            longest = Math.max(longest, key.length());
        }
        return longest;
    }

    @Test
    void thousandsOfMovesRightAfterOneTaskKeepKeysShort() {
        String x = "a5";
        String[] last = {"a6"};
        int longest = longest(x, (k, u) -> {
            String key = Positions.between(x, last[0]);
            assertBetween(x, last[0], key);
            last[0] = key;
            return key;
        });
        assertTrue(longest <= bound(x, MOVES), "longest key " + longest);
    }

    @Test
    void thousandsOfMovesRightBeforeOneTaskKeepKeysShort() {
        String y = "a6";
        String[] last = {"a5"};
        int longest = longest(y, (k, u) -> {
            String key = Positions.between(last[0], y);
            assertBetween(last[0], y, key);
            last[0] = key;
            return key;
        });
        assertTrue(longest <= bound(y, MOVES), "longest key " + longest);
    }

    @Test
    void thousandsOfMovesToTheTopOrTheBottomKeepKeysShort() {
        int top = longest("a0", (k, u) -> Positions.between(null, k));
        int bottom = longest("a0", (k, u) -> Positions.between(k, null));
        assertTrue(top <= bound("a0", MOVES), "top " + top);
        assertTrue(bottom <= bound("a0", MOVES), "bottom " + bottom);
    }

    @Test
    void boundsOutOfOrderOrMalformedKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Positions.between("a5", "a5"));
        assertThrows(IllegalArgumentException.class, () -> Positions.between("a6", "a5"));
        assertThrows(IllegalArgumentException.class, () -> Positions.between("", null));
        assertThrows(IllegalArgumentException.class, () -> Positions.between("b05", null), "leading zero");
        assertThrows(IllegalArgumentException.class, () -> Positions.between("a", null), "truncated");
        assertThrows(IllegalArgumentException.class, () -> Positions.between("z0", null), "unknown head");
    }

    @Test
    void theMigrationsRankExpressionComputesTheSameKeysAsJava() throws Exception {
        long[] ranks = {0, 1, 61, 62, 63, 3843, 3844, 238_327, 238_328, 14_776_335, 14_776_336, 99_999_999};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement ps = c.prepareStatement("SELECT " + Positions.rankKeySql("?1"))) {
            for (long r : ranks) {
                ps.setLong(1, r);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(Positions.ofRank(r), rs.getString(1), "rank " + r);
                }
            }
        }
    }
}
