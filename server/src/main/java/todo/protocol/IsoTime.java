package todo.protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as the wire writes them: ISO-8601 UTC with milliseconds always present, e.g. 2026-11-23T10:15:30.120Z.
 * Every task in a reply or event carries two, so this runs on the event loop for every write; the general
 * {@link DateTimeFormatter} took a fifth of the loop's samples in a durable-writes run (bench/README.md). Years
 * 1970 to 9999 take a direct path; anything else goes through the formatter, with the same result. Stateless;
 * any thread.
 */
final class IsoTime {
    static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** 10000-01-01T00:00:00Z: the first instant whose year needs five digits. */
    private static final long END_OF_FAST_PATH_MS = 253_402_300_800_000L;
    private static final long MS_PER_DAY = 86_400_000L;

    private IsoTime() {}

    /** The instant, truncated to milliseconds, as the wire writes it. */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds >= END_OF_FAST_PATH_MS / 1000) {
            return FORMATTER.format(t);
        }
        long ms = seconds * 1000 + t.getNano() / 1_000_000;
        LocalDate day = LocalDate.ofEpochDay(ms / MS_PER_DAY);
        int inDay = (int) (ms % MS_PER_DAY);
        char[] c = new char[24];
        digits(c, 0, day.getYear(), 4);
        c[4] = '-';
        digits(c, 5, day.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, day.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, inDay / 3_600_000, 2);
        c[13] = ':';
        digits(c, 14, inDay / 60_000 % 60, 2);
        c[16] = ':';
        digits(c, 17, inDay / 1000 % 60, 2);
        c[19] = '.';
        digits(c, 20, inDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
