package todo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import todo.support.TestServer;
import todo.support.infra.Binaries;

/**
 * Both listeners ask the kernel for a queue of {@link NetConfig#LISTEN_BACKLOG} connections, read back as the
 * kernel keeps it: {@code ss -ltn} shows a listening socket's backlog limit in its Send-Q column. Found by
 * {@code bench/compare.sh}: the WebSocket listener had Java's default of 50, so 100 clients connecting at once lost
 * SYNs and waited a second for the retry. Skipped with a notice when {@code ss} (iproute2) is missing, except in CI.
 */
class ListenBacklogTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needSs() {
        Binaries.debian("ss", "iproute2");
    }

    @Test
    void theWebSocketListenerQueuesAReconnectStormInsteadOfDroppingItsSyns() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertEquals(expectedBacklog(), backlog(s.server.wsPort()));
        }
    }

    @Test
    void theHttpListenerQueuesAsManyAsTheWebSocketListener() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertEquals(expectedBacklog(), backlog(s.server.httpPort()));
        }
    }

    /** What the kernel grants: the request, capped at {@code net.core.somaxconn}. */
    private static int expectedBacklog() throws IOException {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        if (!Files.exists(somaxconn)) {
            return NetConfig.LISTEN_BACKLOG;
        }
        // Not Files.readString: on this JDK it returns one character of a /proc/sys file ("4" of "4096").
        int cap = Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim());
        return Math.min(NetConfig.LISTEN_BACKLOG, cap);
    }

    /** The backlog limit of the socket listening on {@code port}, from {@code ss -Hltn}. */
    private static int backlog(int port) throws Exception {
        Process p = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "ss did not finish");
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port, e.g. "LISTEN 0 1024 127.0.0.1:41617 0.0.0.0:*"
        String[] lines = out.split("\n");
        assertEquals(1, lines.length, "one listening socket on port " + port + ", ss printed: " + out);
        String[] cols = lines[0].trim().split("\\s+");
        assertEquals("LISTEN", cols[0], out);
        return Integer.parseInt(cols[2]);
    }
}
