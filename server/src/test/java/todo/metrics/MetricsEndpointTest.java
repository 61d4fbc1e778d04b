package todo.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import todo.support.SignedInTest;
import todo.support.TestClient;

/**
 * {@code GET /metrics} on the HTTP port (docs/metrics.md): Prometheus' text format, and counters that follow what
 * real WebSocket and HTTP clients do. Counters are bumped just after a reply or event is queued, so values are
 * awaited, never assumed the instant a reply arrives.
 */
class MetricsEndpointTest extends SignedInTest {
    private static final String OK_CREATE = "todo_requests_total{outcome=\"ok\",transport=\"ws\",verb=\"task.create\"}";

    private PromText scrape() {
        HttpResponse<String> r = server.get("metrics");
        assertEquals(200, r.statusCode(), r.body());
        return PromText.parse(r.body());
    }

    @Test
    void metricsAnswerInPrometheusTextFormatWithItsContentType() {
        HttpResponse<String> r = server.get("metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        PromText p = PromText.parse(r.body());
        assertTrue(p.families().containsAll(List.of("todo_ws_connections", "todo_reply_latency_seconds",
                "todo_delivery_latency_seconds", "todo_events_delivered_total", "todo_write_batch_size",
                "todo_write_batch_seconds", "todo_write_commit_seconds", "todo_send_queue_bytes",
                "todo_slow_consumer_closes_total", "todo_loop_queue_depth", "jvm_memory_used_bytes",
                "jvm_gc_collection_seconds", "process_cpu_seconds_total", "process_resident_memory_bytes")),
                "families: " + p.families());
        assertEquals("histogram", p.types.get("todo_delivery_latency_seconds"));
        assertEquals("counter", p.types.get("todo_requests_total"));
    }

    @Test
    void requestsAreCountedByVerbAndOutcome() {
        alice.createTask(list, "name", "one");
        alice.createTask(list, "name", "two");
        alice.error(json("type", "task.create", "list", list), "bad_request");
        alice.error(json("type", "task.get", "task", 999_999), "not_found");

        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> {
            PromText p = scrape();
            assertEquals(2, p.get(OK_CREATE));
            assertEquals(1, p.get("todo_requests_total{outcome=\"bad_request\",transport=\"ws\",verb=\"task.create\"}"));
            assertEquals(1, p.get("todo_requests_total{outcome=\"not_found\",transport=\"ws\",verb=\"task.get\"}"));
            assertEquals(1, p.get("todo_requests_total{outcome=\"ok\",transport=\"ws\",verb=\"register\"}"));
        });
    }

    @Test
    void everyReplyIsInTheReplyLatencyHistogram() {
        double before = scrape().get("todo_reply_latency_seconds_count{transport=\"ws\"}");
        for (int i = 0; i < 5; i++) {
            alice.settle();
        }
        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> assertEquals(before + 5,
                scrape().get("todo_reply_latency_seconds_count{transport=\"ws\"}")));
    }

    @Test
    void aTypeTheClientMadeUpIsCountedAsUnknownNotAsALabel() {
        alice.error(json("type", "made.up.by.the.client"), "unknown_type");

        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> assertEquals(1,
                scrape().get("todo_requests_total{outcome=\"unknown_type\",transport=\"ws\",verb=\"unknown\"}")));
        assertTrue(scrape().series.keySet().stream().noneMatch(k -> k.contains("made.up")));
    }

    @Test
    void anEventIsCountedOncePerRecipientWithItsLatencyFromTheCommit() {
        TestClient bob = server.user("bob");
        alice.share(list, "bob");
        alice.subscribe(list);
        bob.subscribe(list);
        alice.settle();
        bob.settle();
        await().atMost(TestClient.TIMEOUT).until(() -> scrape().get("todo_loop_queue_depth") == 0);
        PromText before = scrape();

        alice.createTask(list, "name", "for both");
        alice.awaitEvent("task.created");
        bob.awaitEvent("task.created");

        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> {
            PromText after = scrape();
            assertEquals(before.get("todo_events_delivered_total") + 2, after.get("todo_events_delivered_total"));
            assertEquals(before.get("todo_delivery_latency_seconds_count") + 2,
                    after.get("todo_delivery_latency_seconds_count"));
        });
    }

    @Test
    void writesShowAsCommittedBatches() {
        PromText before = scrape();
        alice.createTask(list, "name", "durable");

        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> {
            PromText after = scrape();
            double batches = after.get("todo_write_batch_size_count") - before.get("todo_write_batch_size_count");
            assertTrue(batches >= 1, "batches: " + batches);
            assertTrue(after.get("todo_write_batch_size_sum") - before.get("todo_write_batch_size_sum") >= batches);
            assertEquals(after.get("todo_write_batch_size_count"), after.get("todo_write_commit_seconds_count"));
            assertTrue(after.get("todo_write_batch_seconds_sum") >= after.get("todo_write_commit_seconds_sum"));
        });
    }

    @Test
    void openConnectionsFollowTheClients() {
        await().atMost(TestClient.TIMEOUT).until(() -> scrape().get("todo_ws_connections") == 1);
        TestClient second = server.connect();
        await().atMost(TestClient.TIMEOUT).until(() -> scrape().get("todo_ws_connections") == 2);
        second.close();
        await().atMost(TestClient.TIMEOUT).until(() -> scrape().get("todo_ws_connections") == 1);
    }

    @Test
    void restRequestsAreCountedAsHttp() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.httpUrl() + "api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json("username", "carol", "password", "password-carol")
                        .toString())).timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());

        await().atMost(TestClient.TIMEOUT).untilAsserted(() -> {
            PromText p = scrape();
            assertEquals(1, p.get("todo_requests_total{outcome=\"ok\",transport=\"http\",verb=\"register\"}"));
            assertEquals(1, p.get("todo_reply_latency_seconds_count{transport=\"http\"}"));
        });
    }
}
