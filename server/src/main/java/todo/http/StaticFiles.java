package todo.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
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
        URL url = StaticFiles.class.getClassLoader().getResource(ROOT + p);
        if (url == null || isDirectory(url)) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            byte[] body = in.readAllBytes();
            File f = new File(body, type(p), "\"" + sha256(body) + "\"");
            cache.put(p, f);
            return f;
        }
    }

    /** A folder such as {@code web/js} is a resource too (an empty one in a jar, a listing on disk): not a file. */
    private static boolean isDirectory(URL url) throws IOException {
        return switch (url.getProtocol()) {
            case "file" -> {
                try {
                    yield !Files.isRegularFile(Path.of(url.toURI()));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            }
            case "jar" -> ((JarURLConnection) url.openConnection()).getJarEntry().isDirectory();
            default -> false;
        };
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
