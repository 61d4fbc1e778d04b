package todo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by role (from the thread names the server and Java-WebSocket use), so a
 * phase can say which thread was the bottleneck: the event loop, the SQLite writer, the WebSocket selector/workers,
 * or the benchmark's own clients (which share the machine's cores with the server).
 */
final class CpuMeter {
    static final String LOOP = "loop";
    static final String WRITER = "writer";
    static final String READERS = "readers";
    static final String WS = "ws selector+workers";
    static final String CLIENTS = "bench clients";
    static final String OTHER = "other JVM threads (JIT, ...)";
    static final String PROCESS = "whole JVM process (incl. GC)";
    static final String MACHINE = "machine, all processes";

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = new LinkedHashMap<>();
    private final long wallStart = System.nanoTime();
    private final long processStart = processCpu();
    private final long[] machineStart = machineJiffies();

    private CpuMeter() {
        snapshotInto(start);
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** {busy, total} jiffies of all CPUs from /proc/stat; {-1, -1} when unavailable. */
    private static long[] machineJiffies() {
        try {
            String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    /** Per group: CPU nanoseconds since {@link #start()} (threads started since count from zero). */
    Map<String, Long> stop() {
        Map<Long, Long> now = new LinkedHashMap<>();
        Map<Long, String> names = snapshotInto(now);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String g : new String[] {LOOP, WRITER, READERS, WS, CLIENTS, OTHER}) {
            out.put(g, 0L);
        }
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            long before = start.getOrDefault(e.getKey(), 0L);
            out.merge(group(names.get(e.getKey())), Math.max(0, e.getValue() - before), Long::sum);
        }
        long p = processCpu();
        out.put(PROCESS, p < 0 || processStart < 0 ? -1 : p - processStart);
        long[] m = machineJiffies();
        long wall = System.nanoTime() - wallStart;
        int cpus = Runtime.getRuntime().availableProcessors();
        // Expressed as CPU nanoseconds over the same wall time, so it reads like the others (200% = 2 cores busy).
        out.put(MACHINE, m[0] < 0 || m[1] == machineStart[1] ? -1
                : (long) ((double) (m[0] - machineStart[0]) / (m[1] - machineStart[1]) * cpus * wall));
        return out;
    }

    long wallStart() {
        return wallStart;
    }

    private static Map<Long, String> snapshotInto(Map<Long, Long> into) {
        Map<Long, String> names = new LinkedHashMap<>();
        long[] ids = MX.getAllThreadIds();
        java.lang.management.ThreadInfo[] infos = MX.getThreadInfo(ids); // names only, no stacks
        for (int i = 0; i < ids.length; i++) {
            long cpu = MX.getThreadCpuTime(ids[i]);
            if (cpu >= 0 && infos[i] != null) {
                into.put(ids[i], cpu);
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        return names;
    }

    static String group(String name) {
        if (name == null) return OTHER;
        if (name.equals("todo-loop")) return LOOP;
        if (name.equals("todo-writer")) return WRITER;
        if (name.startsWith("todo-read-")) return READERS;
        if (name.startsWith("WebSocketSelector-") || name.startsWith("WebSocketWorker-")) return WS;
        if (name.startsWith("WebSocketConnectReadThread-") || name.startsWith("WebSocketWriteThread-")
                || name.startsWith("bench-") || name.equals("main")) return CLIENTS;
        return OTHER;
    }
}
