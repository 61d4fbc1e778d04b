package todo.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an HTTP/1.x request head (request line and headers, without the final empty line), strictly: anything
 * ambiguous is refused rather than guessed at, since guessing differently from a proxy in front is how requests
 * get smuggled. Stateless; any thread.
 */
final class HeadParser {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern TARGET = Pattern.compile("/[\\x21-\\x7e]*");

    /** A head that cannot be served, with the status to answer. */
    static final class BadHead extends Exception {
        final int status;

        BadHead(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The request, with an empty body, and the body length it announces. */
    record Head(HttpRequest request, int contentLength) {}

    private HeadParser() {}

    /** @param head the bytes before the blank line; @param maxBody the largest body accepted */
    static Head parse(byte[] head, int length, InetSocketAddress remote, int maxBody) throws BadHead {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
            throw new BadHead(400, "malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new BadHead(parts[2].startsWith("HTTP/") ? 505 : 400, "unsupported version " + parts[2]);
        }
        if (!TARGET.matcher(parts[1]).matches()) {
            throw new BadHead(400, "the request target must be a path");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new BadHead(400, "malformed header line");
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new BadHead(501, "Transfer-Encoding is not supported: send Content-Length");
        }
        int contentLength = contentLength(headers.get("content-length"), maxBody);
        return new Head(new HttpRequest(parts[0], parts[1], parts[2], headers, new byte[0], remote), contentLength);
    }

    private static int contentLength(List<String> values, int maxBody) throws BadHead {
        if (values == null) {
            return 0;
        }
        String v = values.get(0);
        for (String other : values) {
            if (!other.equals(v)) {
                throw new BadHead(400, "conflicting Content-Length");
            }
        }
        if (!v.matches("\\d{1,10}")) {
            throw new BadHead(400, "malformed Content-Length");
        }
        long n = Long.parseLong(v);
        if (n > maxBody) {
            throw new BadHead(413, "body larger than " + maxBody + " bytes");
        }
        return (int) n;
    }
}
