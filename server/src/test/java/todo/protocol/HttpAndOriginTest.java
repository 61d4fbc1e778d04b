package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import todo.support.ServerTest;
import todo.support.Ports;
import todo.support.TestClient;
import todo.support.TestServer;

/** The HTTP side (static files, /config.json) and the Origin check of the WebSocket handshake. */
class HttpAndOriginTest extends ServerTest {
    int httpPort;
    int wsPort;

    @BeforeEach
    void ports() {
        httpPort = server.server.httpPort();
        wsPort = server.server.wsPort();
    }

    // ---- a raw HTTP/1.1 client (exact paths and Host headers, no normalisation) ----------------------------

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Response http(int port, String method, String path, Map<String, String> extraHeaders)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(20_000);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Host", "127.0.0.1:" + port);
            headers.put("Connection", "close");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.put("Content-Length", "0");
            }
            headers.putAll(extraHeaders);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] all = s.getInputStream().readAllBytes();
            return parse(all);
        }
    }

    private static Response parse(byte[] all) {
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(end >= 0, "no end of headers in " + new String(all, StandardCharsets.ISO_8859_1));
        String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(status, headers, Arrays.copyOfRange(all, end + 4, all.length));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Response get(String path) throws IOException {
        return http(httpPort, "GET", path, Map.of());
    }

    /** The CSP directive starting with {@code name}, split into its tokens. */
    private static List<String> directive(String csp, String name) {
        for (String d : csp.split(";")) {
            List<String> tokens = Arrays.asList(d.trim().split("\\s+"));
            if (tokens.get(0).equals(name)) {
                return tokens.subList(1, tokens.size());
            }
        }
        throw new AssertionError("no " + name + " in CSP " + csp);
    }

    // ---- static files --------------------------------------------------------------------------------------

    @Test
    void theRootServesIndexHtmlAsHtml() throws Exception {
        Response r = get("/");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.headers().toString());
        byte[] expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("web/index.html")) {
            assertNotNull(in, "the web client is on the classpath");
            expected = in.readAllBytes();
        }
        assertArrayEquals(expected, r.body());
        assertTrue(r.text().toLowerCase(Locale.ROOT).startsWith("<!doctype html"), r.text());
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyOwnScriptsAndTheServersWebSocket() throws Exception {
        String csp = get("/").header("Content-Security-Policy");
        assertNotNull(csp, "Content-Security-Policy header");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(directive(csp, "connect-src").contains("ws://127.0.0.1:" + wsPort), csp);
    }

    @Test
    void theContentSecurityPolicyAllowsTheWebSocketOnTheHostThePageWasReachedBy() throws Exception {
        Response r = http(httpPort, "GET", "/", Map.of("Host", "localhost:" + httpPort));
        String csp = r.header("Content-Security-Policy");
        assertTrue(directive(csp, "connect-src").contains("ws://localhost:" + wsPort), csp);
    }

    @Test
    void staticFilesCarryCacheControlAndAnETag() throws Exception {
        Response r = get("/");
        assertNotNull(r.header("Cache-Control"), r.headers().toString());
        assertNotNull(r.header("ETag"), r.headers().toString());
        assertFalse(r.header("ETag").isBlank());
    }

    @Test
    void aMatchingIfNoneMatchGets304WithoutABody() throws Exception {
        String etag = get("/").header("ETag");
        Response r = http(httpPort, "GET", "/", Map.of("If-None-Match", etag));
        assertEquals(304, r.status());
        assertEquals(0, r.body().length);
    }

    @Test
    void aStaleIfNoneMatchGetsTheFullFile() throws Exception {
        Response r = http(httpPort, "GET", "/", Map.of("If-None-Match", "\"not-the-etag\""));
        assertEquals(200, r.status());
        assertTrue(r.body().length > 0);
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        assertEquals(404, get("/no-such-file.html").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/%2e%2e/", "/%2e%2e/pom.xml", "/..%2fpom.xml", "/%2e%2e%2f%2e%2e%2fpom.xml",
            "/js/../../pom.xml", "/.%2e/pom.xml", "/%2e%2e%5cpom.xml", "/../todo/app/Main.class",
            "/../../server/pom.xml", "/..", "/./index.html/../../pom.xml"})
    void pathTraversalIs404(String path) throws Exception {
        Response r = get(path);
        assertEquals(404, r.status(), path + " answered " + r.status() + " " + r.text());
        assertFalse(r.text().contains("<project"), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void otherMethodsThanGetAre405(String method) throws Exception {
        assertEquals(405, http(httpPort, method, "/", Map.of()).status());
        assertEquals(405, http(httpPort, method, "/config.json", Map.of()).status());
    }

    // ---- /config.json --------------------------------------------------------------------------------------

    @Test
    void configJsonNamesTheWebSocketAddress() throws Exception {
        Response r = get("/config.json");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.headers().toString());
        JsonObject expected = new JsonObject();
        expected.addProperty("ws", "ws://127.0.0.1:" + wsPort + "/");
        assertEquals(expected, JsonParser.parseString(r.text()));
    }

    @Test
    void configJsonUsesTheHostTheServerWasReachedBy() throws Exception {
        Response r = http(httpPort, "GET", "/config.json", Map.of("Host", "localhost:" + httpPort));
        JsonObject body = JsonParser.parseString(r.text()).getAsJsonObject();
        assertEquals("ws://localhost:" + wsPort + "/", body.get("ws").getAsString());
    }

    // ---- Origin check --------------------------------------------------------------------------------------

    /** The status line's code for a raw WebSocket handshake with these extra headers. */
    private int handshake(Map<String, String> headers) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", wsPort), 10_000);
            s.setSoTimeout(20_000);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + wsPort);
            all.put("Upgrade", "websocket");
            all.put("Connection", "Upgrade");
            all.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            all.put("Sec-WebSocket-Version", "13");
            all.putAll(headers);
            StringBuilder req = new StringBuilder("GET / HTTP/1.1\r\n");
            all.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1).trim();
            assertTrue(status.startsWith("HTTP/1.1 "), "status line: " + status);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private void assertRefused(Map<String, String> headers) throws IOException {
        assertThrows(IllegalStateException.class, () -> server.connect(headers), "handshake with " + headers);
        int status = handshake(headers);
        assertTrue(status >= 400, "an HTTP error instead of the upgrade, not " + status);
    }

    @Test
    void aHandshakeFromAForeignOriginIsRefused() throws Exception {
        assertRefused(Map.of("Origin", "http://evil.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "http://127.0.0.1", "https://127.0.0.1", "file://", "http://127.0.0.1.evil.example:%d",
            "http://evil.example:%d", "not a url"})
    void aHandshakeFromAnOriginThatIsNotTheServersPageIsRefused(String origin) throws Exception {
        assertRefused(Map.of("Origin", String.format(origin, httpPort)));
    }

    @Test
    void anOriginOnAnotherPortOfTheSameHostIsRefused() throws Exception {
        int other = Ports.free();
        assertRefused(Map.of("Origin", "http://127.0.0.1:" + other));
        assertRefused(Map.of("Origin", "http://127.0.0.1:" + other, "Host", "127.0.0.1:" + wsPort));
    }

    /** What a browser sends through a balancer that serves the page and the WebSocket on one address. */
    @Test
    void aPageFromTheAddressTheHandshakeWasSentToIsAllowedAsBehindABalancer() throws Exception {
        for (Map<String, String> headers : List.of(
                Map.of("Origin", "http://127.0.0.1:8000", "Host", "127.0.0.1:8000"),
                Map.of("Origin", "https://localhost", "Host", "localhost"),
                Map.of("Origin", "http://[::1]:8000", "Host", "[::1]:8000"))) {
            server.connect(headers).ok(json("type", "ping"));
            assertEquals(101, handshake(headers), headers.toString());
        }
    }

    @Test
    void aPageFromTheAddressTheHandshakeWasSentToIsRefusedUnderANameTheServerIsNotConfiguredFor() throws Exception {
        assertRefused(Map.of("Origin", "http://evil.example:8000", "Host", "evil.example:8000")); // DNS rebinding
        assertRefused(Map.of("Origin", "http://127.0.0.1:8000", "Host", "127.0.0.1:8001"));
        assertRefused(Map.of("Origin", "http://127.0.0.1:8000", "Host", "127.0.0.1"));
    }

    @Test
    void anOriginWhoseHostDiffersFromTheHostHeaderIsRefused() throws Exception {
        assertRefused(Map.of("Origin", "http://localhost:" + httpPort));
    }

    @Test
    void theServersOwnPageOriginIsAllowed() throws Exception {
        TestClient c = server.connect(Map.of("Origin", "http://127.0.0.1:" + httpPort));
        c.ok(json("type", "ping"));
        assertEquals(101, handshake(Map.of("Origin", "http://127.0.0.1:" + httpPort)));
    }

    @Test
    void theServersOwnPageReachedByAnotherNameIsAllowed() throws Exception {
        Map<String, String> headers = Map.of("Origin", "http://localhost:" + httpPort, "Host", "localhost:" + wsPort);
        TestClient c = server.connect(headers);
        c.ok(json("type", "ping"));
        assertEquals(101, handshake(headers));
    }

    @Test
    void aHandshakeWithoutOriginIsAllowed() throws Exception {
        assertEquals(101, handshake(Map.of()));
        server.connect(Map.of()).ok(json("type", "ping"));
    }

    @Test
    void anOriginPassedWithAllowOriginIsAllowedAndOthersStayRefused() throws Exception {
        TestServer other = anotherServer("allow", c -> c.withAllowOrigins(List.of("https://app.example")));
        TestClient c = other.connect(Map.of("Origin", "https://app.example"));
        c.ok(json("type", "ping"));
        assertThrows(IllegalStateException.class, () -> other.connect(Map.of("Origin", "http://evil.example")));
        assertThrows(IllegalStateException.class, () -> other.connect(Map.of("Origin", "https://app.example:8443")));
    }
}
