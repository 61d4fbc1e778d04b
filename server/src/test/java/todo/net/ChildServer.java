package todo.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code todo.app.Main} in a child process, optionally under {@code ulimit -n}, on ephemeral ports and a
 * database in the given folder. Settings go through environment variables, so the same test also runs against a
 * build that does not know them (to show that it fails there). Closing it kills the process.
 */
final class ChildServer implements AutoCloseable {
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern WS_LINE = Pattern.compile("WebSocket listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    static final long WAIT_SECONDS = 30;

    final Process process;
    final Path stderr;
    final int httpPort;
    final int wsPort;

    private ChildServer(Process process, Path stderr, int httpPort, int wsPort) {
        this.process = process;
        this.stderr = stderr;
        this.httpPort = httpPort;
        this.wsPort = wsPort;
    }

    /** @param openFiles the {@code ulimit -n} to run under, or 0 for the inherited limit */
    static ChildServer start(Path dir, int openFiles, Map<String, String> env) throws IOException {
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "todo.app.Main",
                "--port", "0", "--ws-port", "0", "--db", dir.resolve("todo.db").toString(),
                "--password-iterations", "1000");
        List<String> cmd = new ArrayList<>();
        if (openFiles > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"));
        }
        cmd.addAll(java);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("TODO_"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int http = port(HTTP_LINE, out.readLine(), err);
        int ws = port(WS_LINE, out.readLine(), err);
        return new ChildServer(p, err, http, ws);
    }

    private static int port(Pattern p, String line, Path err) throws IOException {
        Matcher m = p.matcher(line == null ? "" : line);
        assertTrue(m.matches(), "unexpected stdout line [" + line + "]; stderr: " + Files.readString(err));
        return Integer.parseInt(m.group(1));
    }

    /** SIGTERM, then the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "did not exit after SIGTERM; stderr: " + stderr());
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
