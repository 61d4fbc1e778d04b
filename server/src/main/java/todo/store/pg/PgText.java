package todo.store.pg;

/**
 * Text as PostgreSQL stores it: {@code text} cannot contain U+0000, which the protocol accepts (and SQLite keeps).
 * U+0000 is stored as U+FFFF '0', and U+FFFF itself as U+FFFF 'e', so every string comes back exactly as sent;
 * a string with neither (nearly all) is stored unchanged. Stateless; any thread.
 */
final class PgText {
    static final char NUL = '\u0000';
    /** A noncharacter: valid in UTF-8 and in PostgreSQL, and never meaningful in text people type. */
    static final char ESCAPE = '\uFFFF';
    static final char ESCAPED_NUL = '0';
    static final char ESCAPED_ESCAPE = 'e';

    private PgText() {}

    static String encode(String s) {
        if (s == null || (s.indexOf(NUL) < 0 && s.indexOf(ESCAPE) < 0)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == NUL) {
                b.append(ESCAPE).append(ESCAPED_NUL);
            } else if (c == ESCAPE) {
                b.append(ESCAPE).append(ESCAPED_ESCAPE);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** @throws IllegalStateException for text this class did not write (an escape not followed by 0 or e) */
    static String decode(String s) {
        if (s == null || s.indexOf(ESCAPE) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ESCAPE) {
                b.append(c);
                continue;
            }
            char next = i + 1 < s.length() ? s.charAt(++i) : 0;
            if (next == ESCAPED_NUL) {
                b.append(NUL);
            } else if (next == ESCAPED_ESCAPE) {
                b.append(ESCAPE);
            } else {
                throw new IllegalStateException("stored text has a U+FFFF that is not an escape");
            }
        }
        return b.toString();
    }
}
