package todo.app;

import java.io.IOException;

/**
 * Command-line entry: parse flags, start, print the two "listening" lines, stop gracefully on SIGTERM/Ctrl-C and
 * exit 0 after a clean stop. If a listener fails for good, stop and exit {@link #EXIT_LISTENER_FAILED} so that a
 * supervisor restarts the process.
 */
public final class Main {
    public static final int EXIT_LISTENER_FAILED = 1;
    /** The status the JVM ends with once the shutdown hook has stopped the server (a signal would give 128+N). */
    private static volatile int exitStatus;

    private Main() {}

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.parse(args, System.getenv());
        } catch (Config.BadConfig e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(Config.USAGE);
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.print(Config.USAGE);
            return;
        }
        if (config.warmUp()) {
            WarmUp.run();
        }
        Server server;
        try {
            server = Server.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("error: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            Runtime.getRuntime().halt(exitStatus);
        }, "todo-shutdown"));
        server.failed().thenAccept(why -> {
            System.err.println("error: " + why + "; exiting so that a supervisor can restart the server");
            exitStatus = EXIT_LISTENER_FAILED;
            new Thread(() -> System.exit(EXIT_LISTENER_FAILED), "todo-exit").start();
        });
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        System.out.println("HTTP listening on http://" + host + ":" + server.httpPort() + "/");
        System.out.println("WebSocket listening on ws://" + host + ":" + server.wsPort() + "/");
        System.out.flush();
    }
}
