import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Attacks inside the WebSocket protocol: malformed frames and text (bad UTF-8, lone surrogates, oversize fragments,
 * protocol errors), and foreign-id probes by a signed-in non-member. Attack thread.
 */
final class FrameAttacks {
    private FrameAttacks() {}

    static final int MAL_SOURCE = 28, PROBE_SOURCE = 29;
    static final int MAL_MAX_ROUNDS = 20;
    static final long ANSWER_TIMEOUT_MS = 5000;
    static final int PROBE_PER_S = 50, PROBE_MAX = 3000, ORACLE_PAIRS = 200;
    static final long MISSING_ID_BASE = 4_000_000_000_000L;
    static final String NOT_CONNECTED = "could not connect: ";  // outcomes that say nothing about the input

    /**
     * A malformed input: what to send on a fresh connection (signed in when auth), returning what it led to; expect is
     * a part of the outcome RFC 6455 or docs/protocol.md call for (null: judged elsewhere).
     */
    record Case(String name, String expect, boolean auth, Function<Ws.Conn, CompletableFuture<String>> send) {}

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static List<Case> cases(Attack.Ctx x) {
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("text that is not JSON", "reply bad_json", false, c -> c.rawCall(utf8("not json {"), 1)));
        cs.add(new Case("binary frame", "reply bad_request", false, c -> c.rawCall(new byte[]{1, 2, 3}, 2)));
        cs.add(new Case("invalid UTF-8 (C3 28)", "close 1007", false, c -> c.rawCall(new byte[]{'{', '"', (byte) 0xC3, 0x28, '"', '}'}, 1)));
        cs.add(new Case("raw lone surrogate bytes (ED B0 80)", "close 1007", false, c -> c.rawCall(new byte[]{'"', (byte) 0xED, (byte) 0xB0, (byte) 0x80, '"'}, 1)));
        cs.add(new Case("JSON nested 10,000 deep", "reply bad_json", false, c -> c.rawCall(utf8("[".repeat(10_000)), 1)));
        cs.add(new Case("one 70 KiB frame", "close 1009", false, c -> c.rawCall(utf8("{\"type\":\"ping\",\"x\":\"" + "a".repeat(70 * 1024) + "\"}"), 1)));
        cs.add(new Case("fragments adding up past 64 KiB", "close 1009", false, c -> sendFrames(c, f -> {
            f.sendFrame(1, utf8("{\"type\":\"ping\",\"x\":\"" + "a".repeat(32 * 1024)), false, true, 0);
            f.sendFrame(0, utf8("a".repeat(32 * 1024)), false, true, 0);
            f.sendFrame(0, utf8("a".repeat(8 * 1024) + "\"}"), true, true, 0);
        })));
        cs.add(new Case("unmasked client frame", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(1, utf8("{\"type\":\"ping\"}"), true, false, 0))));
        cs.add(new Case("reserved opcode 3", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(3, utf8("x"), true, true, 0))));
        cs.add(new Case("RSV1 set without an extension", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(1, utf8("{\"type\":\"ping\"}"), true, true, 4))));
        cs.add(new Case("ping frame of 200 bytes", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(9, new byte[200], true, true, 0))));
        cs.add(new Case("continuation without a start", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(0, utf8("x"), true, true, 0))));
        cs.add(new Case("close frame with code 999", "close 1002", false, c -> sendFrames(c, f -> f.sendFrame(8, new byte[]{0x03, (byte) 0xE7}, true, true, 0))));
        // The JSON text below carries the six characters backslash, u, d, c, 0, 0: a lone low surrogate.
        cs.add(new Case("task name with an escaped lone surrogate", null, true, c -> c.call("task.create",
                "\"list\":" + x.malList + ",\"name\":\"\\udc00 x\"").thenApply(m -> Json.ok(m) ? "ok, name stored as " + Json.top(Json.top(m, "task"), "name") : "reply " + Json.code(m))));
        cs.add(new Case("two keys differing only in a lone surrogate", null, true, c -> surrogateKeys(x, c)));
        return cs;
    }

    private static CompletableFuture<String> sendFrames(Ws.Conn c, java.util.function.Consumer<Ws.Conn> frames) {
        c.loop.exec(() -> frames.accept(c));
        return new CompletableFuture<>();  // only a close (or a stray reply) can answer these
    }

    private static CompletableFuture<String> surrogateKeys(Attack.Ctx x, Ws.Conn c) {
        String k = "k" + System.nanoTime();
        CompletableFuture<String> a = c.call("task.create", "\"list\":" + x.malList + ",\"name\":\"a\",\"key\":\"" + k + "\\ud800\"");
        CompletableFuture<String> b = c.call("task.create", "\"list\":" + x.malList + ",\"name\":\"b\",\"key\":\"" + k + "\\udbff\"");
        return a.thenCombine(b, (ra, rb) -> {
            if (!Json.ok(ra) || !Json.ok(rb)) return "replies " + Json.code(ra) + ", " + Json.code(rb);
            long ia = Json.num(Json.top(Json.top(ra, "task"), "id")), ib = Json.num(Json.top(Json.top(rb, "task"), "id"));
            if (ia == ib) Soak.violation("integrity", "two creates with keys differing only in a lone surrogate were both acked, with one task (the second create was dropped)");
            return ia == ib ? "both ok with the SAME task: the second create was silently dropped" : "both ok, two tasks";
        });
    }

    /** (8) Every malformed case on a fresh connection, round after round; each answer and whether the connection survives. */
    static void malformed(Attack.Ctx x, Slice s, long deadline) throws Exception {
        List<Case> cases = cases(x);
        Map<String, Map<String, LongAdder>> seen = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Case k : cases) expected.put(k.name, k.expect);
        int rounds = 0;
        for (; rounds < MAL_MAX_ROUNDS && Attack.Ctx.left(deadline) > 2 * ANSWER_TIMEOUT_MS; rounds++)
            for (Case k : cases) {
                if (Attack.Ctx.left(deadline) < ANSWER_TIMEOUT_MS + 1000) break;
                Slice.count(seen.computeIfAbsent(k.name, n -> new ConcurrentSkipListMap<>()), one(x, k));
            }
        seen.forEach((k, m) -> s.saw("%s: %s", k, Slice.counts(m)));
        s.saw("%d rounds of %d cases", rounds, cases.size());
        seen.forEach((k, m) -> m.keySet().stream().filter(o -> expected.get(k) != null && !o.contains(expected.get(k)) && !o.startsWith(NOT_CONNECTED)).findFirst()
                .ifPresent(o -> Soak.finding("mal-" + k, "malformed input \"" + k + "\" led to \"" + o + "\", expected " + expected.get(k))));
        Map<String, LongAdder> sur = seen.get("task name with an escaped lone surrogate");
        if (sur != null && sur.keySet().stream().anyMatch(o -> o.contains("\"? x\"")))
            Soak.finding("surrogate", "a lone surrogate in a task name is silently stored as '?'");
    }

    private static String one(Attack.Ctx x, Case k) {
        Ws.Conn c = x.conn(MAL_SOURCE);
        try {
            try {
                c.start().opened.get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return NOT_CONNECTED + Soak.rootMessage(e);
            }
            if (k.auth) Honest.must(c, "auth", "\"token\":" + Json.q(x.atkToken));
            CompletableFuture<String> stray = new CompletableFuture<>();
            c.onStrayReply = m -> stray.complete("reply " + Json.code(m));
            CompletableFuture<String> answer = k.send.apply(c).thenApply(m -> m.startsWith("{") ? "reply " + Json.code(m) : m);
            String out = (String) CompletableFuture.anyOf(answer, stray, c.closed.thenApply(w -> "connection ended: " + w))
                    .get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (c.isOpen()) out += Json.ok(c.call("ping", "").get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) ? "; still usable" : "; ping refused";
            return out;
        } catch (TimeoutException e) {
            return "no answer within " + ANSWER_TIMEOUT_MS + " ms";
        } catch (ExecutionException | RuntimeException e) {
            return c.closed.isDone() ? "connection ended: " + c.closed.getNow("") : "failed: " + Soak.rootMessage(e);
        } catch (Exception e) {
            return "failed: " + Soak.rootMessage(e);
        } finally {
            c.close();
        }
    }

    /** (10) A signed-in non-member names honest lists and tasks in every verb; nothing may succeed or leak. */
    static void foreignProbes(Attack.Ctx x, Slice s, long deadline) throws Exception {
        List<Long> lists = new ArrayList<>(), tasks = new ArrayList<>();
        Map<Long, String> owners = new LinkedHashMap<>();
        CompletableFuture<Void> copied = new CompletableFuture<>();
        x.honest.loop.exec(() -> {
            for (Honest.HList l : x.honest.lists) {
                lists.add(l.id);
                owners.put(l.id, l.owner.name);
                for (int i = 0; i < l.taskIds.size() && i < 20; i++) tasks.add(l.taskIds.get(l.taskIds.size() - 1 - i));
            }
            copied.complete(null);
        });
        copied.get(5, TimeUnit.SECONDS);
        List<String> reqs = new ArrayList<>();
        for (long l : lists) {
            String p = "\"list\":" + l;
            reqs.addAll(List.of("subscribe|" + p, "tasks|" + p, "list.rename|" + p + ",\"title\":\"pwned\"", "list.share|" + p + ",\"username\":" + Json.q(x.atkName),
                    "list.delete|" + p, "list.unshare|" + p + ",\"username\":" + Json.q(owners.get(l)), "tasks.completeAll|" + p + ",\"completed\":true",
                    "tasks.clearCompleted|" + p, "task.create|" + p + ",\"name\":\"pwned\""));
        }
        for (long t : tasks) {
            String p = "\"task\":" + t;
            reqs.addAll(List.of("task.get|" + p, "task.update|" + p + ",\"note\":\"pwned\"", "task.delete|" + p));
        }
        Ws.Conn c = x.attacker(PROBE_SOURCE);
        Map<String, LongAdder> codes = new ConcurrentSkipListMap<>();
        int sent = 0;
        String marker = "h" + x.run;
        try {
            long period = 1_000_000_000L / PROBE_PER_S, next = System.nanoTime();
            List<CompletableFuture<String>> fs = new ArrayList<>();
            for (int i = 0; sent < PROBE_MAX && Attack.Ctx.left(deadline) > 4000 && !reqs.isEmpty(); i++, sent++) {
                String[] r = reqs.get(i % reqs.size()).split("\\|", 2);
                fs.add(c.call(r[0], r[1]).whenComplete((m, e) -> {
                    if (m == null) { Slice.count(codes, "no reply"); return; }
                    Slice.count(codes, r[0] + " " + Json.code(m));
                    if (Json.ok(m)) Soak.violation("security", "a non-member's " + r[0] + " (" + r[1] + ") succeeded");
                    else if (m.contains(marker)) Soak.violation("security", "a non-member's " + r[0] + " reply carried honest data: " + m.substring(0, Math.min(200, m.length())));
                }));
                next += period;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000L));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            Hist existing = new Hist(), missing = new Hist();
            for (int i = 0; i < ORACLE_PAIRS && Attack.Ctx.left(deadline) > 1500 && !tasks.isEmpty(); i++) {
                oracle(c, tasks.get(i % tasks.size()), existing);
                oracle(c, MISSING_ID_BASE + i, missing);
            }
            s.saw("%d probes by a non-member on %d honest lists and %d honest tasks: %s", sent, lists.size(), tasks.size(), compact(codes));
            s.saw("not_found time for task.get, existing foreign task vs missing id, p50: %s vs %s ms (%d pairs)",
                    Soak.ms(existing.pct(0.5)), Soak.ms(missing.pct(0.5)), existing.count());
            if (existing.count() >= 100 && existing.pct(0.5) > 1.5 * missing.pct(0.5) && existing.pct(0.5) - missing.pct(0.5) > 0.05)
                Soak.finding("oracle", "not_found takes longer for an existing foreign task than for a missing one (an existence oracle): p50 "
                        + Soak.ms(existing.pct(0.5)) + " vs " + Soak.ms(missing.pct(0.5)) + " ms");
        } finally {
            c.close();
        }
    }

    private static void oracle(Ws.Conn c, long task, Hist h) throws Exception {
        long t0 = System.nanoTime();
        String m = c.call("task.get", "\"task\":" + task).get(10, TimeUnit.SECONDS);
        if (Json.code(m).equals("not_found")) h.record(System.nanoTime() - t0);
    }

    /** "verb code n" counts, with the all-not_found case summarised. */
    private static String compact(Map<String, LongAdder> codes) {
        long nf = codes.entrySet().stream().filter(e -> e.getKey().endsWith(" not_found")).mapToLong(e -> e.getValue().sum()).sum();
        Map<String, LongAdder> other = new ConcurrentSkipListMap<>(codes);
        other.keySet().removeIf(k -> k.endsWith(" not_found"));
        return "not_found " + nf + (other.isEmpty() ? "" : "; other: " + Slice.counts(other));
    }
}
