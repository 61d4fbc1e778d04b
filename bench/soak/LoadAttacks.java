import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The attacks that make the server do a lot of work for one user: pipelined tasks.completeAll on a big list (bulk
 * stalls), and subscribers to a huge snapshot that never read it (slow readers). Also builds those lists before the
 * soak with pipelined creates. Attack thread (setup: main thread).
 */
final class LoadAttacks {
    private LoadAttacks() {}

    static final int FILL_CONNS = 24, FILL_SOURCE = 3;
    static final int FILL_PER_TICK = 4;                // every 50 ms: 80 creates/s per connection, under --max-rate 100
    static final int FILL_WINDOW = 64;
    static final long FILL_TIMEOUT_S = 180;
    static final int BIG_NOTE_CHARS = 10_000;
    static final int BULK_PIPELINE = 20, BULK_MAX_ROUNDS = 10, BULK_SOURCE = 26;
    static final int SLOW_READERS = 8, SLOW_SOURCE = 27, SLOW_SUBSCRIBES = 2, SLOW_RCVBUF = 4096;
    static final long SLOW_FINDING_BYTES = 10L << 20;  // 4 MiB queue cap + socket buffers, with room to spare
    static final long SLOW_DRAIN_MS = 6000, SLOW_QUIET_MS = 1000; // read again this long before the end, until quiet

    /** Creates the bulk list, the big-snapshot list and the malformed-input list of the attacker. Main thread. */
    static void setup(Attack.Ctx x) throws Exception {
        Ws.Conn c = x.attacker(2);
        x.bulkList = list(c, "bulk");
        x.bigList = list(c, "big");
        x.malList = list(c, "mal");
        c.close();
        x.bulkTasks = fill(x, x.bulkList, x.opt.bulkTasks, "");
        x.bigTasks = fill(x, x.bigList, x.opt.bigTasks, "n".repeat(BIG_NOTE_CHARS));
    }

    private static long list(Ws.Conn c, String title) throws Exception {
        return Json.num(Json.top(Json.top(Honest.must(c, "list.create", "\"title\":" + Json.q(title)), "list"), "id"));
    }

    /**
     * Pipelined creates over several connections, paced under the per-connection rate limit; rate_limited ones are
     * sent again. Stops at the first other error (a server cap on tasks per list, say) and says so. Returns the count.
     */
    static int fill(Attack.Ctx x, long list, int count, String note) throws Exception {
        AtomicInteger sent = new AtomicInteger(), acked = new AtomicInteger(), retry = new AtomicInteger();
        AtomicReference<String> stop = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        String params = "\"list\":" + list + ",\"note\":" + Json.q(note) + ",\"name\":";
        long t0 = System.nanoTime();
        List<Ws.Conn> cs = new ArrayList<>();
        for (int i = 0; i < FILL_CONNS; i++) cs.add(x.attacker(FILL_SOURCE));
        for (Ws.Conn c : cs) x.loop.exec(() -> fillTick(x, c, params, count, sent, acked, retry, stop, done, new int[1]));
        try {
            done.get(FILL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            stop.compareAndSet(null, "timeout after " + FILL_TIMEOUT_S + " s");
        }
        cs.forEach(Ws.Conn::close);
        Soak.say("setup: list %d filled with %d of %d tasks (note %d chars) in %.1f s%s", list, acked.get(), count, note.length(),
                (System.nanoTime() - t0) / 1e9, stop.get() == null ? "" : "; stopped: " + stop.get());
        if (stop.get() != null) Soak.setupNote("list " + list + " got " + acked.get() + " of " + count + " tasks: " + stop.get());
        return acked.get();
    }

    private static void fillTick(Attack.Ctx x, Ws.Conn c, String params, int count, AtomicInteger sent, AtomicInteger acked,
                                 AtomicInteger retry, AtomicReference<String> stop, CompletableFuture<Void> done, int[] inflight) {
        if (done.isDone() || !c.isOpen()) return;
        for (int k = 0; k < FILL_PER_TICK && inflight[0] < FILL_WINDOW && stop.get() == null; k++) {
            if (retry.get() > 0) retry.decrementAndGet(); else if (sent.incrementAndGet() > count) { sent.decrementAndGet(); break; }
            inflight[0]++;
            c.call("task.create", params + Json.q("t" + sent.get())).whenComplete((m, e) -> {
                inflight[0]--;
                if (m == null) { stop.compareAndSet(null, "connection ended: " + Soak.rootMessage(e)); done.complete(null); return; }
                if (Json.ok(m)) { if (acked.incrementAndGet() >= count) done.complete(null); return; }
                if (Json.code(m).equals("rate_limited")) { retry.incrementAndGet(); return; }
                stop.compareAndSet(null, "server answered " + Json.code(m) + ": " + Json.str(Json.top(m, "message")));
                done.complete(null);
            });
        }
        x.loop.after(50, () -> fillTick(x, c, params, count, sent, acked, retry, stop, done, inflight));
    }

    /** (5) Rounds of pipelined tasks.completeAll (alternately true and false) on the big list. */
    static void bulkStall(Attack.Ctx x, Slice s, long deadline) throws Exception {
        Ws.Conn c = x.attacker(BULK_SOURCE);
        Map<String, LongAdder> codes = new ConcurrentSkipListMap<>();
        Hist took = new Hist();
        int rounds = 0;
        boolean flag = true;
        try {
            while (rounds < BULK_MAX_ROUNDS && Attack.Ctx.left(deadline) > 1000 && c.isOpen()) {
                rounds++;
                List<CompletableFuture<String>> fs = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < BULK_PIPELINE; i++, flag = !flag) {
                    CompletableFuture<String> f = c.call("tasks.completeAll", "\"list\":" + x.bulkList + ",\"completed\":" + flag);
                    fs.add(f.whenComplete((m, e) -> { took.record(System.nanoTime() - t0); Slice.count(codes, m == null ? "no reply: " + Soak.rootMessage(e) : Json.code(m)); }));
                }
                try {
                    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(Math.max(1000, Attack.Ctx.left(deadline)), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    s.saw("round %d: not all %d replies by the end of the slice (the server keeps working on them)", rounds, BULK_PIPELINE);
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    Soak.note("bulk: " + Soak.rootMessage(e));
                }
            }
        } finally {
            c.close();
        }
        s.saw("%d rounds of %d pipelined tasks.completeAll on a list of %d tasks: replies %s; time to each reply since its round began p50/p99/max %s",
                rounds, BULK_PIPELINE, x.bulkTasks, Slice.counts(codes), took.summary());
    }

    /** (7) Subscribers to the big snapshot that stop reading; near the end they read again: what had the server kept? */
    static void slowReaders(Attack.Ctx x, Slice s, long deadline) throws Exception {
        long t0 = System.nanoTime();
        List<Ws.Conn> cs = new ArrayList<>();
        List<CompletableFuture<String>> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < SLOW_READERS; i++) {
            Ws.Conn c = x.conn(SLOW_SOURCE);
            c.receiveBuffer = SLOW_RCVBUF;
            cs.add(c);
            c.opened.thenAccept(o -> {
                c.call("auth", "\"token\":" + Json.q(x.atkToken));
                for (int k = 0; k < SLOW_SUBSCRIBES; k++) snapshots.add(c.call("subscribe", "\"list\":" + x.bigList));
                c.pause(true);
            });
            c.start();
        }
        while (Attack.Ctx.left(deadline) > SLOW_DRAIN_MS + 500) Thread.sleep(100);
        long[] before = cs.stream().mapToLong(c -> c.bytesRead).toArray();
        double pausedS = (System.nanoTime() - t0) / 1e9;
        for (Ws.Conn c : cs) x.loop.exec(() -> c.pause(false));
        long last = -1, quietSince = System.nanoTime();
        while (Attack.Ctx.left(deadline) > 500 && System.nanoTime() - quietSince < SLOW_QUIET_MS * 1_000_000L) {
            Thread.sleep(100);
            long now = cs.stream().mapToLong(c -> c.bytesRead).sum();
            if (now != last) { last = now; quietSince = System.nanoTime(); }
        }
        Map<String, LongAdder> ends = new ConcurrentSkipListMap<>(), replies = new ConcurrentSkipListMap<>();
        long maxAfter = 0, total = 0;
        for (int i = 0; i < cs.size(); i++) {
            Ws.Conn c = cs.get(i);
            maxAfter = Math.max(maxAfter, c.bytesRead - before[i]);
            total += c.bytesRead;
            Slice.count(ends, c.closed.isDone() ? c.closed.getNow("") : "still open");
        }
        for (CompletableFuture<String> f : snapshots)
            Slice.count(replies, !f.isDone() ? "not (yet) received" : f.isCompletedExceptionally() ? "none (connection ended)" : Json.code(f.getNow("")));
        cs.forEach(Ws.Conn::close);
        s.saw("%d readers subscribed %d times each to a %d-task snapshot (%d-char notes) and did not read for %.0f s; then, reading: up to %.1f MiB "
                        + "arrived on one connection (%.1f MiB in all); subscribe replies %s; connections %s",
                SLOW_READERS, SLOW_SUBSCRIBES, x.bigTasks, BIG_NOTE_CHARS, pausedS, maxAfter / 1048576.0,
                total / 1048576.0, Slice.counts(replies), Slice.counts(ends));
        if (maxAfter > SLOW_FINDING_BYTES)
            Soak.finding("slowreader", "the server kept sending a reader that did not read: up to " + maxAfter / 1048576 + " MiB were waiting for one connection (the cap is 4 MiB)");
    }
}
