package todo.support.infra;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops whatever the harness started if the test JVM exits first (a failed test, Ctrl-C): every PostgreSQL,
 * nats-server and HAProxy registers here while it runs. A JVM killed with SIGKILL cannot clean up; the processes'
 * temporary directories are named {@code todo-infra-*}. Thread-safe.
 */
final class Reaper {
    private static final Deque<AutoCloseable> LIVE = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::closeAll, "infra-reaper"));
    }

    private Reaper() {}

    static void add(AutoCloseable running) {
        synchronized (LIVE) {
            LIVE.push(running);
        }
    }

    static void remove(AutoCloseable stopped) {
        synchronized (LIVE) {
            LIVE.remove(stopped);
        }
    }

    private static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (LIVE) {
                next = LIVE.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("infra-reaper: could not stop " + next + ": " + e);
            }
        }
    }
}
