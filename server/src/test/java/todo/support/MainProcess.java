package todo.support;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code todo.app.Main} as a child process on this test's class path, with no {@code TODO_*} variables
 * but those given. A daemon thread reads its stdout into a queue of lines; stderr goes to a file. Called from
 * the test thread.
 */
public final class MainProcess implements AutoCloseable {
    /** How long any one wait (a line, the exit) may take. */
    public static final long WAIT_SECONDS = 30;
    /** The first startup line. */
    public static final Pattern HTTP_LINE = Pattern.compile("HTTP listening on http://127\\.0\\.0\\.1:(\\d+)/");
    /** The second startup line. */
    public static final Pattern WS_LINE = Pattern.compile("WebSocket listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    /** Marks the end of stdout in the line queue. */
    private static final String EOF = "\u0000EOF";

    public final Process process;
    private final Path stderr;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

    private MainProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // The process went away; EOF below.
            } finally {
                stdout.add(EOF);
            }
        }, "main-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code Main} with {@code args} and these environment variables; its stderr goes to a file in {@code dir}. */
    public static MainProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        return start(dir, 0, env, args);
    }

    /** As {@link #start(Path, Map, String...)}, under {@code ulimit -n openFiles} (0: the inherited limit). */
    public static MainProcess start(Path dir, int openFiles, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (openFiles > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("todo.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("TODO_"));
        pb.environment().putAll(env);
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(stderr.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return new MainProcess(pb.start(), stderr);
    }

    /** The port in {@code line}, which must be a whole line of {@code pattern}'s form. */
    public static int port(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertTrue(m.matches(), "unexpected line: [" + line + "]");
        return Integer.parseInt(m.group(1));
    }

    /** Reads the two startup lines; returns the WebSocket port. */
    public int awaitStarted() throws InterruptedException {
        port(HTTP_LINE, line());
        return port(WS_LINE, line());
    }

    /** The next stdout line; fails when there is none within the wait, or stdout ended. */
    public String line() throws InterruptedException {
        String l = stdout.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(l, "no stdout line within " + WAIT_SECONDS + " s; stderr: " + stderr());
        assertNotEquals(EOF, l, "stdout ended; exit " + exitCode() + "; stderr: " + stderr());
        return l;
    }

    /** Every stdout line until the end of stdout. */
    public List<String> rest() throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (true) {
            String l = stdout.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(l, "stdout did not end within " + WAIT_SECONDS + " s");
            if (l.equals(EOF)) {
                return out;
            }
            out.add(l);
        }
    }

    /** Waits for the process to exit; returns its exit code. */
    public int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the process did not exit; stderr: " + stderr());
        return process.exitValue();
    }

    private String exitCode() {
        return process.isAlive() ? "(running)" : Integer.toString(process.exitValue());
    }

    /** Everything the process wrote to stderr so far. */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGKILL (no shutdown hook runs), then waits until the process is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
