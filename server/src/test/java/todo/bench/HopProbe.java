package todo.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import todo.app.Config;
import todo.app.Server;
import todo.support.RawClient;

/**
 * Where an idle request's round trip goes, hop by hop (issue 11): sequential pings from one blocking client in this
 * JVM, so that the client's and the servers' {@link System#nanoTime} stamps share a clock. Three servers:
 * Java-WebSocket echoing on its decode worker; the same echoing after one hand-off to a single-thread executor (our
 * loop's shape); and the real server answering {@code ping}. For the first two, each round trip is split at the
 * worker's {@code onMessage} and the executor's start. Not a test (surefire's patterns do not match it); by hand:
 * <pre>
 * mvn -q -o -pl server test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -XX:+UseSerialGC -cp server/target/test-classes:server/target/classes:$(cat /tmp/cp.txt) todo.bench.HopProbe [N]
 * </pre>
 */
public final class HopProbe {
    private HopProbe() {}

    /** An echo server; {@code reply} gets (connection, message) on the worker thread. */
    static final class Echo extends WebSocketServer {
        final BiConsumer<WebSocket, String> reply;
        volatile long onMessage;

        Echo(BiConsumer<WebSocket, String> reply) {
            super(new InetSocketAddress("127.0.0.1", 0));
            this.reply = reply;
            setTcpNoDelay(true);
            setConnectionLostTimeout(0);
        }

        @Override public void onMessage(WebSocket c, String m) { onMessage = System.nanoTime(); reply.accept(c, m); }
        @Override public void onOpen(WebSocket c, ClientHandshake h) {}
        @Override public void onClose(WebSocket c, int code, String r, boolean remote) {}
        @Override public void onError(WebSocket c, Exception e) {}
        @Override public void onStart() {}
    }

    static volatile long loopStart;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "probe-loop"));

        Echo direct = new Echo(WebSocket::send);
        run("Java-WebSocket echo on its worker", direct, n, false);

        Echo hop = new Echo((c, m) -> loop.execute(() -> { loopStart = System.nanoTime(); c.send(m); }));
        run("same + one hand-off to a loop thread", hop, n, true);
        loop.shutdown();

        Path dir = Files.createTempDirectory("hop-probe");
        Server s = Server.start(Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0)
                .withDb(dir.resolve("todo.db")).withMaxRate(0));
        try (RawClient c = new RawClient(s.wsPort())) {
            long[] total = new long[n];
            for (int i = -n / 5; i < n; i++) {
                long t0 = System.nanoTime();
                c.sendText("{\"type\":\"ping\",\"id\":" + i + "}");
                c.readFrame();
                if (i >= 0) total[i] = System.nanoTime() - t0;
            }
            print("the server's ping (selector, worker + JSON, loop + dispatch, selector)", total, null, null);
        } finally {
            s.close();
        }
    }

    private static void run(String label, Echo server, int n, boolean withLoop) throws Exception {
        server.start();
        while (server.getPort() == 0) Thread.sleep(10);
        long[] total = new long[n], toWorker = new long[n], toLoop = new long[n];
        try (RawClient c = new RawClient(server.getPort())) {
            for (int i = -n / 5; i < n; i++) { // the first fifth warms up the JIT and is not counted
                long t0 = System.nanoTime();
                c.sendText("{\"type\":\"ping\",\"id\":" + i + "}");
                c.readFrame();
                long t1 = System.nanoTime();
                if (i >= 0) {
                    total[i] = t1 - t0;
                    toWorker[i] = server.onMessage - t0;
                    toLoop[i] = loopStart - server.onMessage;
                }
            }
        }
        print(label, total, toWorker, withLoop ? toLoop : null);
        server.stop(1000);
    }

    private static void print(String label, long[] total, long[] toWorker, long[] toLoop) {
        System.out.printf("%-72s round trip us p50 %s p99 %s max %s%n", label, p(total, 0.5), p(total, 0.99), p(total, 1));
        if (toWorker != null) {
            System.out.printf("    client send -> worker onMessage   p50 %s p99 %s%n", p(toWorker, 0.5), p(toWorker, 0.99));
        }
        if (toLoop != null) {
            System.out.printf("    worker -> loop thread runs        p50 %s p99 %s%n", p(toLoop, 0.5), p(toLoop, 0.99));
        }
    }

    private static String p(long[] v, double q) {
        return Stats.fmt(Stats.percentile(v.clone(), v.length, q * 100) / 1000);
    }
}
