package todo.store;

import java.util.Arrays;

/**
 * Fractional keys for the order of a list's tasks: {@link #between} makes a key that sorts (byte order) strictly
 * between two others, so a move writes one row and never renumbers its neighbours. Stateless; any thread.
 *
 * <p>A key is a sequence of integers, each written as a head character that gives its sign and digit count
 * followed by that many base-62 digits ({@code 0-9A-Za-z}, in ASCII order): {@code a}..{@code j} for 1..10 digits of
 * a non-negative value, {@code J}..{@code A} for 1..10 digits of a negative one (digits of 62^d minus its
 * magnitude, so that more negative sorts lower). Each encoded integer sorts as its value and none is a prefix of
 * another, so keys compare byte by byte exactly as the integer sequences compare (a proper prefix first).
 * The first task of a list is {@code a0} (the sequence 0), the next at the bottom {@code a1}, and so on.
 *
 * <p>Between two keys, the result differs from the lower one in at most one integer, one step from it or from
 * the upper one, instead of halving the gap. So moves at one spot count up or down in a new last integer:
 * n moves right after one task (or right before it, or to the top or bottom of a list) make keys at most
 * {@code 2 + digits(n)} characters longer than that neighbour's, where digits(n) is the number of base-62
 * digits of n (3 up to 238,327 moves). Only an adversarial zigzag, each move between the last two moved, grows
 * keys by about one character per move; so does every scheme that never renumbers.
 */
public final class Positions {
    static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = 62;
    /** Digits of one integer at most: its magnitude stays below 62^10 (about 8.4e17). */
    static final int MAX_DIGITS = 10;
    private static final long LIMIT = pow(MAX_DIGITS);

    private Positions() {}

    /** The key of the first task of an empty list. */
    public static String first() {
        return encode(new long[] {0});
    }

    /**
     * A key strictly between {@code lower} and {@code upper} (null: no bound on that side). Both non-null keys
     * must come from this class, with {@code lower} sorting before {@code upper}.
     *
     * @throws IllegalArgumentException for a malformed key, or bounds out of order
     */
    public static String between(String lower, String upper) {
        if (lower == null && upper == null) {
            return first();
        }
        if (upper == null) {
            return encode(new long[] {step(decode(lower)[0], 1)});
        }
        if (lower == null) {
            return encode(new long[] {step(decode(upper)[0], -1)});
        }
        long[] a = decode(lower);
        long[] b = decode(upper);
        if (lower.compareTo(upper) >= 0) {
            throw new IllegalArgumentException("keys out of order: " + lower + " >= " + upper);
        }
        int i = 0;
        while (i < a.length && a[i] == b[i]) {
            i++;
        }
        if (i == a.length) {
            // lower is a proper prefix of upper: one below upper's next integer, after lower's.
            return encode(append(a, i, step(b[i], -1)));
        }
        if (a[i] < b[i] - 1) {
            long mid = (a[i] & b[i]) + ((a[i] ^ b[i]) >> 1);
            return encode(append(a, i, mid));
        }
        if (i + 1 < a.length) {
            return encode(append(a, i + 1, step(a[i + 1], 1)));
        }
        return encode(append(a, i + 1, 0));
    }

    /**
     * The SQL expression of the key of the {@code rank}-th task (0 first) of a list, for a migration that gives
     * existing tasks positions in their current order: {@code rankExpr} is an integer expression below 62^5.
     * The keys are those of the single integer {@code rank}, as {@link #between} counts at the bottom.
     * Portable SQLite and PostgreSQL.
     */
    public static String rankKeySql(String rankExpr) {
        StringBuilder sql = new StringBuilder("CASE");
        for (int d = 1; d <= 5; d++) {
            sql.append(d < 5 ? " WHEN " + rankExpr + " < " + pow(d) + " THEN " : " ELSE ");
            sql.append("'").append((char) ('a' + d - 1)).append("'");
            for (int k = d - 1; k >= 0; k--) {
                sql.append(" || substr('").append(DIGITS).append("', CAST((").append(rankExpr).append(" / ")
                    .append(pow(k)).append(") % ").append(BASE).append(" AS integer) + 1, 1)");
            }
        }
        return sql.append(" END").toString();
    }

    /** The key of the single integer {@code n}: what {@link #rankKeySql} computes, for tests. */
    static String ofRank(long n) {
        return encode(new long[] {n});
    }

    // ---- encoding ------------------------------------------------------------------------------------------

    static String encode(long[] ints) {
        StringBuilder out = new StringBuilder();
        for (long v : ints) {
            if (v >= 0) {
                String digits = digits(v, 0);
                out.append((char) ('a' + digits.length() - 1)).append(digits);
            } else {
                int d = digits(-v, 0).length();
                out.append((char) ('J' - d + 1)).append(digits(pow(d) + v, d));
            }
        }
        return out.toString();
    }

    static long[] decode(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty position");
        }
        long[] out = new long[key.length()];
        int n = 0;
        int at = 0;
        while (at < key.length()) {
            char head = key.charAt(at++);
            boolean negative = head >= 'A' && head <= 'J';
            if (!negative && !(head >= 'a' && head <= 'j')) {
                throw new IllegalArgumentException("malformed position " + key);
            }
            int d = negative ? 'J' - head + 1 : head - 'a' + 1;
            if (at + d > key.length()) {
                throw new IllegalArgumentException("malformed position " + key);
            }
            long value = 0;
            for (int k = 0; k < d; k++) {
                int digit = DIGITS.indexOf(key.charAt(at++));
                if (digit < 0) {
                    throw new IllegalArgumentException("malformed position " + key);
                }
                value = value * BASE + digit;
            }
            long v = negative ? value - pow(d) : value;
            // Exactly one spelling per value, or byte order and value order would disagree.
            if (!encode(new long[] {v}).equals(key.substring(at - d - 1, at))) {
                throw new IllegalArgumentException("non-canonical position " + key);
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] append(long[] prefixOf, int length, long last) {
        long[] out = Arrays.copyOf(prefixOf, length + 1);
        out[length] = last;
        return out;
    }

    private static long step(long v, int by) {
        long next = v + by;
        if (next <= -LIMIT || next >= LIMIT) {
            throw new IllegalStateException("position integer out of range: " + next);
        }
        return next;
    }

    /** {@code v} (non-negative) in base 62, left-padded with zeros to {@code width}. */
    private static String digits(long v, int width) {
        StringBuilder s = new StringBuilder();
        do {
            s.append(DIGITS.charAt((int) (v % BASE)));
            v /= BASE;
        } while (v > 0);
        while (s.length() < width) {
            s.append('0');
        }
        return s.reverse().toString();
    }

    private static long pow(int d) {
        long p = 1;
        for (int k = 0; k < d; k++) {
            p *= BASE;
        }
        return p;
    }
}
