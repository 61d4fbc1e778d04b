package todo.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Turns a JSON tree into text, the same text as {@link JsonElement#toString()}, without its {@code StringWriter}:
 * that one appends to a synchronised {@code StringBuffer}, one lock per character Gson writes one at a time (quotes,
 * colons, commas), and encoding replies and events was half of the event loop's time in the 16 x 32 writes
 * benchmark, a fifth of it in those locks (issue 11). Same Gson writer, same settings (lenient, no HTML escaping,
 * nulls written). Any thread; stateless.
 */
public final class JsonText {
    private static final TypeAdapter<JsonElement> TREES = new Gson().getAdapter(JsonElement.class);
    /** Room for a typical reply or event, so that most never grow their buffer. */
    private static final int INITIAL_CHARS = 256;

    private JsonText() {
    }

    /** {@code e} as JSON text, never null; {@code e} must not be null. */
    public static String of(JsonElement e) {
        Chars out = new Chars();
        JsonWriter w = new JsonWriter(out);
        w.setStrictness(Strictness.LENIENT);
        try {
            TREES.write(w, e);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to memory failed", ex); // not reached: Chars never throws
        }
        return out.text.toString();
    }

    /** A {@link Writer} into an unsynchronised {@link StringBuilder}; confined to the call that made it. */
    private static final class Chars extends Writer {
        final StringBuilder text = new StringBuilder(INITIAL_CHARS);

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            text.append(s, off, off + len);
        }

        @Override
        public Writer append(CharSequence s) {
            text.append(s);
            return this;
        }

        @Override
        public Writer append(char c) {
            text.append(c);
            return this;
        }

        @Override
        public void flush() {
            // Nothing buffered outside the builder.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
