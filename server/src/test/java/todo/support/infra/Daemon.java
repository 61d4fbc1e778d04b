package todo.support.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server the harness runs in the foreground as a child process, on a port fixed at creation so that it can be
 * stopped, killed and started again where its clients expect it. Its log and files live in a temporary directory,
 * deleted on {@link #close}. Driven by one test thread.
 */
abstract class Daemon implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    final Path dir;
    final int port;
    private Proc proc;

    Daemon(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The command line that runs the server in the foreground. */
    abstract List<String> command();

    /** Whether the server answers on {@link #port} yet; polled after each start. */
    abstract boolean ready();

    abstract String name();

    public final int port() {
        return port;
    }

    public final boolean running() {
        return proc != null && proc.alive();
    }

    /** Starts the (stopped) server; returns once it answers. */
    public final void startAgain() {
        if (running()) {
            throw new IllegalStateException(this + " is already running");
        }
        proc = Proc.spawnReady(name() + " :" + port, command(), dir.resolve(name() + ".log"), this::ready,
                READY_TIMEOUT);
    }

    /** Graceful stop (SIGTERM), waiting until it has exited. */
    public final void stop() {
        proc.close();
    }

    /** SIGKILL, as a crash, waiting until it has gone. */
    public final void kill() {
        proc.kill();
        proc.close();
    }

    /** The end of the server's own log, for failure messages. */
    public final String logTail() {
        return proc == null ? "" : proc.logTail();
    }

    @Override
    public final void close() {
        try {
            if (proc != null) {
                proc.close();
            }
        } finally {
            Dirs.delete(dir);
        }
    }

    /** Runs {@link #startAgain} on a new daemon, closing it again when that fails. */
    static <D extends Daemon> D started(D daemon) {
        try {
            daemon.startAgain();
            return daemon;
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }
}
