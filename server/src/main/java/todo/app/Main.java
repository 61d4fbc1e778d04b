package todo.app;

import java.io.IOException;

/** Command-line entry: parse flags, start, print the two "listening" lines, stop gracefully on SIGTERM/Ctrl-C. */
public final class Main {
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
        Server server;
        try {
            server = Server.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("error: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "todo-shutdown"));
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        System.out.println("HTTP listening on http://" + host + ":" + server.httpPort() + "/");
        System.out.println("WebSocket listening on ws://" + host + ":" + server.wsPort() + "/");
        System.out.flush();
    }
}
