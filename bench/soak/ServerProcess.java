import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test, as a child process: {@code java -jar} on loopback with free ports and the given database,
 * under {@code ulimit -n}. Reads its two "listening" lines for the ports; stderr goes to a log file. Its PID is the
 * JVM's own (bash execs java), so /proc readings are the server's. Used from the main thread and the sampler.
 */
final class ServerProcess {
    private static final Pattern LISTENING = Pattern.compile("(HTTP|WebSocket) listening on \\w+://[^:]+:(\\d+)/");
    private static final long START_TIMEOUT_S = 60;

    final Process process;
    final long pid;
    final int httpPort;
    final int wsPort;

    private ServerProcess(Process process, int httpPort, int wsPort) {
        this.process = process;
        this.pid = process.pid();
        this.httpPort = httpPort;
        this.wsPort = wsPort;
    }

    /** Starts the server and waits for both listeners. extraArgs go after ours (e.g. limits a newer server has). */
    static ServerProcess start(Path jar, Path db, int nofile, List<String> extraArgs, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n " + nofile + " && exec java $SOAK_JVM_OPTS -jar \"$0\" --host 127.0.0.1 --port 0 --ws-port 0 --db \"$1\" \"${@:2}\"",
                jar.toString(), db.toString()));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {  // the driver stopped early (timeout, Ctrl-C): no orphan
            if (p.isAlive()) p.destroyForcibly();
        }, "soak-server-reaper"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            int http = -1, ws = -1;
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        if (m.group(1).equals("HTTP")) http = Integer.parseInt(m.group(2)); else ws = Integer.parseInt(m.group(2));
                        if (http > 0 && ws > 0) ports.complete(new int[]{http, ws});
                    }
                }
            } catch (IOException e) {
                Soak.note("server stdout: " + e);
            }
            ports.completeExceptionally(new IOException("server exited before listening; see " + log));
        }, "soak-server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] pp = ports.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            return new ServerProcess(p, pp[0], pp[1]);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("server did not start: " + Soak.rootMessage(e) + " (log: " + log + ")");
        }
    }

    boolean alive() { return process.isAlive(); }

    /** Resident set size in kB, or -1 once the process is gone. */
    long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU seconds used so far (user + system), or -1 once the process is gone. */
    double cpuSeconds() {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGTERM, then up to timeoutS for a clean exit, then SIGKILL. Returns the exit code (137 if killed). */
    int stop(long timeoutS) throws InterruptedException {
        if (!process.isAlive()) return process.exitValue();
        process.destroy();
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return 137;
        }
        return process.exitValue();
    }
}
