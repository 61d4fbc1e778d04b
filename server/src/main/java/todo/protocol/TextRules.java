package todo.protocol;

/**
 * Rules on the characters of request text, shared by every field. Stateless; called on the event loop while a
 * request is validated, before anything reaches storage.
 */
public final class TextRules {
    private TextRules() {}

    /**
     * Whether {@code s} holds a UTF-16 surrogate without its pair (JSON lets a client send {@code "\ud800"}).
     * Such text has no UTF-8 form: stored, it would silently become {@code ?}, and two different strings one.
     */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} shows nothing: empty once whitespace, controls and invisible characters are removed. */
    public static boolean isInvisible(String s) {
        return s.codePoints().allMatch(TextRules::invisible);
    }

    /**
     * Whitespace, controls, format characters (zero-width spaces and joiners, direction marks, BOM...), and the
     * other code points Unicode marks as default-ignorable or that render as blank (fillers, variation
     * selectors, the blank Braille pattern).
     */
    private static boolean invisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED) {
            return true;
        }
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || cp == 0x2800 || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0 || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }
}
