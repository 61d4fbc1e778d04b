package todo.support.infra;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One external process started by the harness, its output appended to a log file. Foreground daemons
 * (nats-server, HAProxy) are started with {@link #spawn}, one-shot commands (initdb, pg_ctl) run with {@link #run}.
 * Not thread-safe: one test thread drives it.
 */
final class Proc implements AutoCloseable {
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final Duration READY_POLL = Duration.ofMillis(50);

    private final String name;
    private final Process process;
    private final Path log;

    private Proc(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in the background; it is stopped at JVM exit unless closed before. */
    static Proc spawn(String name, List<String> command, Path log) {
        Proc p = new Proc(name, builder(command, log).start0(), log);
        Reaper.add(p);
        return p;
    }

    /**
     * Starts {@code command} in the background and returns once {@code ready} holds (polled); throws, with the end
     * of the log, when the process exits first or {@code timeout} passes.
     */
    static Proc spawnReady(String name, List<String> command, Path log, BooleanSupplier ready, Duration timeout) {
        Proc p = spawn(name, command, log);
        try {
            await(name).atMost(timeout).pollInterval(READY_POLL).until(() -> ready.getAsBoolean() || !p.alive());
        } catch (ConditionTimeoutException e) {
            p.close();
            throw new IllegalStateException(name + " did not start within " + timeout + "\n" + p.logTail(), e);
        }
        if (!p.alive()) {
            p.close();
            throw new IllegalStateException(name + " exited at start\n" + p.logTail());
        }
        return p;
    }

    /** Runs {@code command} to completion; a non-zero exit or a timeout throws with the end of its log. */
    static void run(List<String> command, Path log, Duration timeout) {
        Process p = builder(command, log).start0();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout
                        + "\n" + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue()
                    + "\n" + tail(log));
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not exited after {@link #STOP_GRACE}. Blocks until it is gone. */
    void stop() {
        process.destroy();
        awaitExit(STOP_GRACE);
    }

    /** SIGKILL: no chance to clean up, like a crash. Blocks until it is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
    }

    /** The last lines of the log, for error messages. */
    String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        Reaper.remove(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private static Builder builder(List<String> command, Path log) {
        return new Builder(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
    }

    private record Builder(ProcessBuilder pb) {
        Process start0() {
            try {
                return pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", pb.command()), e);
            }
        }
    }
}
