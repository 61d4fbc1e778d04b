package todo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * The writer's figures as a node reports them on {@code GET /metrics} (so the benchmark shows what an operator
 * sees): transactions, ops, time in transactions and in COMMIT. Two scrapes subtracted give one window's figures.
 * Immutable; any thread.
 */
record WriteFigures(double batches, double ops, double txSeconds, double commitSeconds) {

    /** Scrapes the node whose HTTP port is {@code httpPort}. Blocks. */
    static WriteFigures scrape(int httpPort) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new WriteFigures(value(body, "todo_write_batch_size_count"), value(body, "todo_write_batch_size_sum"),
                value(body, "todo_write_batch_seconds_sum"), value(body, "todo_write_commit_seconds_sum"));
    }

    /** This window's figures: these minus {@code before}'s. */
    WriteFigures since(WriteFigures before) {
        return new WriteFigures(batches - before.batches, ops - before.ops, txSeconds - before.txSeconds,
                commitSeconds - before.commitSeconds);
    }

    /** One line: transactions, mean ops in each, mean milliseconds per transaction and per COMMIT. */
    String describe() {
        return String.format(Locale.ROOT, "%.0f transactions of %.0f ops on average, %.2f ms each (COMMIT %.2f ms)",
                batches, ops / Math.max(1, batches), 1e3 * txSeconds / Math.max(1, batches),
                1e3 * commitSeconds / Math.max(1, batches));
    }

    private static double value(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in /metrics");
    }
}
