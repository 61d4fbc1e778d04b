import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Renders the soak's report (Markdown, printed and optionally written to a file) and decides pass or fail. Main thread. */
final class Report {
    private Report() {}

    /** What the end of the run found. check is null when verification could not run. */
    record Result(double seconds, String acceptingAtEnd, String healthAtEnd, int exitOnSigterm, Honest.Check check,
                  String verifiedOn, long inflightAtStop, long revGaps, Path tmp) {
        /** Why the run fails; empty when it passes. */
        List<String> failures() {
            List<String> f = new ArrayList<>();
            if (check == null) f.add("acked creates could not be verified");
            else {
                if (check.lost() + check.wrongId() > 0) f.add((check.lost() + check.wrongId()) + " lost acks");
                if (check.duplicates() > 0) f.add(check.duplicates() + " duplicate tasks");
            }
            synchronized (Soak.class) {
                int v = Soak.VIOLATIONS.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();
                if (v > 0) f.add(v + " violations");
            }
            if (revGaps > 0) f.add(revGaps + " rev gaps");
            if (inflightAtStop > 0) f.add(inflightAtStop + " honest requests never answered (still waiting 15 s after the load stopped)");
            if (!acceptingAtEnd.equals("accepting")) f.add("server not accepting WebSocket connections at the end (" + acceptingAtEnd + ")");
            return f;
        }
    }

    static String render(Soak.Options o, Result r, Monitor mon, Honest h, String loadBefore, String loadAfter) {
        StringBuilder b = new StringBuilder();
        List<String> fail = r.failures();
        long gaps = r.revGaps();
        b.append("# Soak run\n\n");
        b.append("- date: ").append(Instant.now()).append("; git: ").append(git()).append("\n");
        b.append("- machine: nproc ").append(Runtime.getRuntime().availableProcessors()).append(", load average before ").append(loadBefore)
                .append(", after ").append(loadAfter).append("\n");
        b.append("- server: `java ").append(System.getenv().getOrDefault("SOAK_JVM_OPTS", "")).append(" -jar ").append(o.jar).append(" --host 127.0.0.1 --port 0 --ws-port 0 --db TMP/todo.db")
                .append(o.serverArgs.isEmpty() ? "" : " " + String.join(" ", o.serverArgs)).append("` under `ulimit -n ")
                .append(o.serverNofile).append("` (default password iterations)\n");
        b.append(String.format("- duration: %.0f s planned, %.0f s run; slices of %.0f s: baseline, then attacks %s in rotation, then %d s cool-down%n",
                o.minutes * 60, r.seconds(), o.slice, o.only.isEmpty() ? "1-10" : o.only, Soak.COOL_DOWN_S));
        b.append(String.format("- honest load: %d users x %d connections, %.1f requests/s each (50%% create, 30%% note edit, 20%% complete); a login probe every %d s%n",
                o.users, o.connsPerUser, o.rate, Honest.LOGIN_PROBE_EVERY_MS / 1000));
        b.append("- temp dir (server log, database): ").append(r.tmp()).append("\n\n");

        b.append("## Verdict: ").append(fail.isEmpty() ? "PASS" : "FAIL").append("\n\n");
        for (String f : fail) b.append("- ").append(f).append("\n");
        if (fail.isEmpty()) b.append("- no lost acks, no duplicates, no rev gaps, no violations, still accepting at the end\n");
        List<String> silent = new ArrayList<>();
        for (Slice s : mon.slices)
            if (s.index > 0 && !s.name.equals("end checks") && !s.name.equals("end") && s.ack.count() == 0) silent.add(String.valueOf(s.index));
        if (!silent.isEmpty())
            b.append("- the honest clients got no reply at all to requests sent in slices ").append(String.join(", ", silent)).append(" (see Per slice)\n");
        if (mon.firstNotAccepting != null)
            b.append("- the WebSocket port first refused a fresh handshake in ").append(mon.firstNotAccepting).append("; at the end it was ")
                    .append(r.acceptingAtEnd()).append(". Attacks that ran while it refused could not connect: their lines below show refusals, not the attack.\n");
        b.append("\n");

        b.append("## Honest clients\n\n");
        b.append("| measure | value |\n|---|---|\n");
        b.append("| ack latency p50 / p99 / max (replies) | ").append(h.ack.summary()).append(" |\n");
        b.append("| errors by code | ").append(Slice.counts(without(h.errors, "skipped"))).append(" |\n");
        Honest.Check c = r.check();
        b.append("| acked creates checked | ").append(c == null ? "not verified" : c.acked()).append(" (on ").append(r.verifiedOn()).append(") |\n");
        b.append("| **lost acks** (acked, then missing or with another id) | ").append(c == null ? "n/a" : c.lost() + c.wrongId()).append(" |\n");
        b.append("| duplicate tasks | ").append(c == null ? "n/a" : c.duplicates()).append(" |\n");
        b.append("| rev gaps seen by subscribers | ").append(gaps).append(h.gapExamples.isEmpty() ? "" : " (" + String.join("; ", h.gapExamples) + ")").append(" |\n");
        b.append("| creates with no reply (connection ended) / of those stored | ").append(h.unackedCreates.sum()).append(" / ")
                .append(c == null ? "n/a" : c.unackedStored()).append(" |\n");
        b.append("| reconnects | ").append(h.reconnects.sum()).append(" |\n");
        b.append("| requests still in flight at stop (after 15 s) | ").append(r.inflightAtStop()).append(" |\n");
        b.append("| login probes (fresh connection, correct password) | ").append(Slice.counts(h.logins)).append("; latency ").append(h.login.summary()).append(" |\n");
        if (c != null && !c.examples().isEmpty()) b.append("| examples | ").append(String.join("; ", c.examples())).append(" |\n");
        b.append("\n## Server\n\n| measure | value |\n|---|---|\n");
        b.append("| peak RSS (VmRSS, sampled every ").append(Monitor.RSS_EVERY_MS).append(" ms) | ").append(mib(mon.peakRssKb.get())).append(" MiB |\n");
        Slice first = mon.slices.get(1), last = mon.slices.stream().filter(s -> s.name.equals("end checks")).findFirst().orElse(first);
        if (first.cpuStart >= 0 && last.cpuStart >= 0 && last != first)
            b.append(String.format("| CPU from the baseline to the end checks | %.0f %% of one core on average |%n",
                    100 * (last.cpuStart - first.cpuStart) / ((last.startNanos - first.startNanos) / 1e9)));
        b.append("| /healthz samples (every 2 s) | ").append(Slice.counts(mon.health)).append(" |\n");
        b.append("| accept probes (fresh WebSocket handshake every 5 s) | ").append(Slice.counts(mon.accepts)).append(" |\n");
        b.append("| first failed accept probe | ").append(mon.firstNotAccepting == null ? "none" : mon.firstNotAccepting).append(" |\n");
        b.append("| **still accepting at the end** | ").append(r.acceptingAtEnd()).append("; /healthz ").append(r.healthAtEnd()).append(" |\n");
        b.append("| exit code after SIGTERM | ").append(r.exitOnSigterm()).append(r.exitOnSigterm() == 0 ? "" : " (expected 0)").append(" |\n\n");

        b.append("## Security and integrity violations\n\n");
        synchronized (Soak.class) {
            if (Soak.VIOLATIONS.isEmpty()) b.append("none\n");
            Soak.VIOLATIONS.forEach((k, v) -> b.append("- ").append(v.get()).append(" x ").append(k).append("\n"));
            b.append("\n## Findings (limits missing or weaknesses seen; they do not fail the run)\n\n");
            if (Soak.FINDINGS.isEmpty()) b.append("none\n");
            Soak.FINDINGS.forEach((k, v) -> b.append("- ").append(v).append(Soak.FINDING_COUNTS.get(k).get() > 1 ? " (" + Soak.FINDING_COUNTS.get(k).get() + " times)" : "").append("\n"));
            for (String n : Soak.SETUP_NOTES) b.append("- setup: ").append(n).append("\n");
        }

        b.append("\n## Per slice\n\nHonest acks are attributed to the slice in which the request was sent.\n\n");
        b.append("| # | slice | s | honest replies | p50 ms | p99 ms | max ms | honest errors, skipped ticks | login probes | /healthz | accept probes | RSS peak MiB | CPU % |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Slice s : mon.slices) {
            if (s.name.equals("end")) continue;
            double cpu = s.cpuEnd >= 0 && s.cpuStart >= 0 ? 100 * (s.cpuEnd - s.cpuStart) / Math.max(0.001, s.seconds()) : -1;
            b.append("| ").append(s.index).append(" | ").append(s.name).append(" | ").append(String.format("%.0f", s.seconds()))
                    .append(" | ").append(s.ack.count()).append(" | ").append(Soak.ms(s.ack.pct(0.5))).append(" | ").append(Soak.ms(s.ack.pct(0.99)))
                    .append(" | ").append(Soak.ms(s.ack.max())).append(" | ").append(Slice.counts(s.errors)).append(" | ")
                    .append(Slice.counts(s.logins)).append(s.login.count() > 0 ? " (p50 " + Soak.ms(s.login.pct(0.5)) + " ms)" : "")
                    .append(" | ").append(Slice.counts(s.health)).append(" | ").append(Slice.counts(s.accepts)).append(" | ")
                    .append(mib(s.rssPeakKb.get())).append(" | ").append(cpu < 0 ? "n/a" : String.format("%.0f", cpu)).append(" |\n");
        }
        b.append("\n## What each attack saw\n");
        for (Slice s : mon.slices) {
            if (s.saw.isEmpty()) continue;
            b.append("\n### ").append(s.index).append(". ").append(s.name).append("\n\n");
            synchronized (s.saw) { for (String line : s.saw) b.append("- ").append(line).append("\n"); }
        }
        return b.toString();
    }

    private static Map<String, LongAdder> without(Map<String, LongAdder> m, String prefix) {
        Map<String, LongAdder> c = new ConcurrentSkipListMap<>(m);
        c.keySet().removeIf(k -> k.startsWith(prefix));
        return c;
    }

    private static String mib(long kb) { return kb < 0 ? "n/a" : String.valueOf(Math.round(kb / 1024.0)); }

    private static String git() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? s : "?";
        } catch (Exception e) {
            return "?";
        }
    }
}
