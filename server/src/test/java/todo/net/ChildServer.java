package todo.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import todo.support.MainProcess;

/**
 * The real {@code todo.app.Main} in a child process ({@link MainProcess}), optionally under {@code ulimit -n}, on
 * ephemeral ports and a database in the given folder. Settings go through environment variables, so the same test
 * also runs against a build that does not know them (to show that it fails there). Closing it kills the process.
 */
final class ChildServer implements AutoCloseable {
    final MainProcess main;
    final int httpPort;
    final int wsPort;

    private ChildServer(MainProcess main, int httpPort, int wsPort) {
        this.main = main;
        this.httpPort = httpPort;
        this.wsPort = wsPort;
    }

    /** @param openFiles the {@code ulimit -n} to run under, or 0 for the inherited limit */
    static ChildServer start(Path dir, int openFiles, Map<String, String> env) throws IOException, InterruptedException {
        MainProcess p = MainProcess.start(dir, openFiles, env, "--port", "0", "--ws-port", "0",
                "--db", dir.resolve("todo.db").toString(), "--password-iterations", "1000");
        int http = MainProcess.port(MainProcess.HTTP_LINE, p.line());
        int ws = MainProcess.port(MainProcess.WS_LINE, p.line());
        return new ChildServer(p, http, ws);
    }

    /** SIGTERM, then the exit status. */
    int terminate() throws InterruptedException {
        main.process.destroy();
        return main.awaitExit();
    }

    String stderr() {
        return main.stderr();
    }

    @Override
    public void close() throws InterruptedException {
        main.close();
    }
}
