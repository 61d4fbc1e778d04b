package todo.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import todo.app.Config;
import todo.app.Server;

/**
 * A server alone in its own JVM, so that its heap can be measured without the benchmark's 1,000 client objects
 * and 2,000 client threads in it. Started by {@link ServerBench} with the SQLite file's folder as the only
 * argument; prints {@code WS <port>}, then answers commands on stdin, one per line:
 * {@code heap} → {@code HEAP <bytes used after GC>}, {@code threads} → {@code THREADS <n>},
 * {@code connections} → {@code CONNECTIONS <n>}, {@code quit}.
 */
public final class BenchServerProcess {
    private BenchServerProcess() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0).withWsPort(0)
                .withDb(dir.resolve("todo.db")).withMaxRate(0).withPasswordIterations(1000)
                // The abuse limits out of the way of the benchmark's parallel registrations, as compare.sh does.
                .withLimits(Config.defaults().limits().withHashPerConnection(256).withHashPerAddress(256)
                        .withTasksPerList(100_000_000));
        Server server = Server.start(config);
        System.out.println("WS " + server.wsPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.strip()) {
                case "heap" -> System.out.println("HEAP " + heapAfterGc());
                case "threads" -> System.out.println("THREADS " + Thread.activeCount());
                case "connections" -> System.out.println("CONNECTIONS " + server.connections());
                case "quit" -> {
                    server.close();
                    System.out.println("BYE");
                    System.out.flush();
                    return;
                }
                default -> System.out.println("ERR unknown command " + line);
            }
            System.out.flush();
        }
        server.close();
    }

    /** Heap in use after full collections, settled: the smallest of a few GC-then-measure rounds. */
    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
