package todo.http;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web client's files, read from the classpath folder {@code web/} (the jar packages {@code web-client/}
 * there). Files are cached in memory with their ETag after the first read. Thread-safe.
 */
final class StaticFiles {
    static final String ROOT = "web/";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** A file ready to serve. */
    record File(byte[] body, String contentType, String etag) {}

    private final Map<String, File> cache = new ConcurrentHashMap<>();

    /** The file for a request path, or null. Paths with {@code ..}, backslashes or hidden segments never match. */
    File find(String path) throws IOException {
        String p = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        if (p.contains("..") || p.contains("\\") || p.contains("/.") || p.startsWith(".") || p.endsWith("/")) {
            return null;
        }
        File cached = cache.get(p);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + p)) {
            if (in == null) {
                return null;
            }
            byte[] body = in.readAllBytes();
            File f = new File(body, type(p), "\"" + sha256(body) + "\"");
            cache.put(p, f);
            return f;
        }
    }

    private static String type(String p) {
        int dot = p.lastIndexOf('.');
        String ext = dot < 0 ? "" : p.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
