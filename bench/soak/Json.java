import java.util.ArrayList;
import java.util.List;

/** Tiny JSON readers for the wire protocol: the raw text of a top-level member (strings keep their quotes). Stateless. */
final class Json {
    private Json() {}

    /** Raw value of member {@code key} of the object {@code s}, or null. */
    static String top(String s, String key) {
        if (s == null) return null;
        int depth = 0, n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                int j = endOfString(s, i);
                if (depth == 1 && j - i - 1 == key.length() && s.startsWith(key, i + 1)) {
                    int k = j + 1;
                    while (k < n && s.charAt(k) <= ' ') k++;
                    if (k < n && s.charAt(k) == ':') return value(s, k + 1);
                }
                i = j;
            } else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') depth--;
        }
        return null;
    }

    /** Raw JSON value starting at (or after whitespace following) index i. */
    static String value(String s, int i) {
        while (i < s.length() && s.charAt(i) <= ' ') i++;
        int depth = 0, j = i;
        for (; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"') { j = endOfString(s, j); if (depth == 0) { j++; break; } }
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') { if (depth-- == 0) break; if (depth == 0) { j++; break; } }
            else if (c == ',' && depth == 0) break;
        }
        return s.substring(i, j).trim();
    }

    /** The elements of a raw JSON array, as raw values; empty for null or a non-array. */
    static List<String> elements(String array) {
        List<String> out = new ArrayList<>();
        if (array == null || !array.startsWith("[")) return out;
        int i = 1;
        while (true) {
            while (i < array.length() && (array.charAt(i) <= ' ' || array.charAt(i) == ',')) i++;
            if (i >= array.length() || array.charAt(i) == ']') return out;
            String v = value(array, i);
            out.add(v);
            i += v.length();
        }
    }

    static int endOfString(String s, int i) {
        int j = i + 1;
        while (s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
        return j;
    }

    /** A raw string value without its quotes (escapes kept); other values unchanged. */
    static String str(String raw) { return raw != null && raw.startsWith("\"") ? raw.substring(1, raw.length() - 1) : raw; }

    static long num(String raw) { return raw == null ? -1 : Long.parseLong(raw); }

    static boolean ok(String reply) { return "true".equals(top(reply, "ok")); }

    /** The error code of a reply, "ok" for a success. */
    static String code(String reply) { return ok(reply) ? "ok" : String.valueOf(str(top(reply, "error"))); }

    /** A JSON string literal for plain ASCII/BMP text (quotes and backslashes escaped). */
    static String q(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }
}
