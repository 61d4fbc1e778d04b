package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import todo.model.Task;

/** The wire's JSON text: {@link JsonText#of} writes exactly what {@link JsonElement#toString()} writes. */
class JsonTextTest {
    static void same(JsonElement e) {
        assertEquals(e.toString(), JsonText.of(e));
    }

    @Test
    void aTaskWithQuotesControlCharactersHtmlAndAstralTextIsWrittenAsGsonWritesIt() {
        Instant at = Instant.parse("2026-12-02T10:15:30.120Z");
        same(Wire.task(new Task(7, 3, "say \"hi\" \\ <script>&'=</script>", "tab\there\nline\u0000\u001f\u2028\u2029",
                null, true, at, at, "émilie", "名前 😀", 42, "a0")));
    }

    @Test
    void nullsInObjectsAndArraysAreWritten() {
        JsonObject o = new JsonObject();
        o.add("due", JsonNull.INSTANCE);
        JsonArray a = new JsonArray();
        a.add(JsonNull.INSTANCE);
        a.add(1);
        o.add("list", a);
        same(o);
        same(JsonNull.INSTANCE);
    }

    @Test
    void numbersOfEveryKindAreWrittenAsGsonWritesThem() {
        JsonArray a = new JsonArray();
        for (Number n : new Number[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e300, Double.NaN,
                Double.POSITIVE_INFINITY, (byte) 7, 3.25f}) {
            a.add(n);
        }
        same(a);
    }

    @Test
    void emptyAndNestedContainersAreWrittenAsGsonWritesThem() {
        JsonElement e = new JsonObject();
        for (int i = 0; i < 50; i++) {
            JsonArray a = new JsonArray();
            a.add(e);
            a.add(new JsonArray());
            JsonObject o = new JsonObject();
            o.add("k" + i, a);
            e = o;
        }
        same(e);
    }

    @Test
    void randomStringsAcrossUnicodeAreWrittenAsGsonWritesThem() {
        SplittableRandom random = new SplittableRandom(20261202);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(0, 40);
            for (int j = 0; j < n; j++) {
                // Mostly the ASCII range Gson escapes selectively, then any UTF-16 unit, lone surrogates included.
                s.append((char) (random.nextBoolean() ? random.nextInt(0, 128) : random.nextInt(0, 0x10000)));
            }
            JsonObject o = new JsonObject();
            o.add(s.toString(), new JsonPrimitive(s.toString()));
            same(o);
        }
    }
}
