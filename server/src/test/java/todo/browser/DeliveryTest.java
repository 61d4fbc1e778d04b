package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * How the page is delivered: from the server's HTTP port under a strict Content-Security-Policy, finding the
 * WebSocket through {@code /config.json}, whatever host name it was reached by. (Every browser test also fails on
 * any script error or CSP refusal in the console.)
 */
class DeliveryTest extends BrowserTest {

    @Test
    void thePageWorksWhenReachedByAnotherHostName() {
        Page page = browser("http://localhost:" + server.httpPort() + "/");
        page.register(user("alice"));
        page.addTasks("Reached via localhost");
        page.waitSynced();
        assertTrue(page.url().startsWith("http://localhost:"));
    }

    @Test
    void everyFileThePageLoadsIsServedUnderTheContentSecurityPolicy() throws Exception {
        Page page = browser();
        page.waitVisible("#signin-form");
        @SuppressWarnings("unchecked")
        java.util.List<String> urls = (java.util.List<String>) page.js(
                "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]");
        HttpClient http = HttpClient.newHttpClient();
        for (String url : urls) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, r.statusCode(), url);
            if (url.equals(urls.get(0))) {
                String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self' ws://"), csp);
            }
            assertTrue(url.startsWith(baseUrl()), "everything comes from the server itself: " + url);
        }
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/js/app.js")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/config.json")), urls.toString());
    }
}
