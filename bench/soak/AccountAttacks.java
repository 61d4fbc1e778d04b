import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The attacks on signing in: a login flood that keeps the password hashing busy, and the password-change race (an
 * attacker who knows the old password logs in back to back while the owner changes it). Attack thread.
 */
final class AccountAttacks {
    private AccountAttacks() {}

    static final int FLOOD_SOURCES = 4, FLOOD_FIRST_SOURCE = 20;   // 127.0.0.20 … .23
    static final int RACE_SOURCE = 24, RACE_ATTACKERS = 2, RACE_MAX_TRIALS = 6;
    static final long RACE_RETRY_MS = 250;
    static final long FLOOD_BACKOFF_MS = 100;          // after a rate_limited reply: bounds the spin to 10 logins/s per connection

    /** Registers the attacker, the flood target and the race victim. Main thread, before the soak. */
    static void setup(Attack.Ctx x) throws Exception {
        Ws.Conn c = x.conn(2).start().opened.get(10, TimeUnit.SECONDS);
        x.atkName = "a" + x.run + "atk";
        x.atkToken = Json.str(Json.top(Honest.must(c, "register", "\"username\":" + Json.q(x.atkName) + ",\"password\":\"attacker-pw-1\""), "token"));
        x.floodName = "a" + x.run + "flood";
        Honest.must(c, "register", "\"username\":" + Json.q(x.floodName) + ",\"password\":\"flood-target-pw\"");
        newVictim(x, c);
        c.close();
    }

    private static final AtomicInteger VICTIMS = new AtomicInteger();

    /** Registers a fresh victim with a known password (at setup, and after a change whose outcome is unknown). */
    static void newVictim(Attack.Ctx x, Ws.Conn c) throws Exception {
        String name = "a" + x.run + "victim" + VICTIMS.incrementAndGet();
        x.victimToken = Json.str(Json.top(Honest.must(c, "register", "\"username\":" + Json.q(name) + ",\"password\":\"victim-pw-0\""), "token"));
        x.victimName = name;
        x.victimPassword = "victim-pw-0";
    }

    /** (3) Hundreds of connections, each keeping one wrong-password login in flight for the whole slice. */
    static void loginFlood(Attack.Ctx x, Slice s, long deadline) throws Exception {
        Map<String, LongAdder> replies = new ConcurrentSkipListMap<>(), ends = new ConcurrentSkipListMap<>();
        List<Ws.Conn> cs = new ArrayList<>();
        AtomicInteger opened = new AtomicInteger();
        String params = "\"username\":" + Json.q(x.floodName) + ",\"password\":\"wrong-guess-123\"";
        for (int i = 0; i < x.opt.floodConns; i++) {
            Ws.Conn c = x.conn(FLOOD_FIRST_SOURCE + i % FLOOD_SOURCES);
            cs.add(c);
            c.closed.thenAccept(why -> { if (System.nanoTime() < deadline) Slice.count(ends, why); });
            c.opened.thenAccept(o -> { opened.incrementAndGet(); floodOne(c, params, replies, deadline); });
            c.start();
        }
        while (Attack.Ctx.left(deadline) > 0) Thread.sleep(100);
        cs.forEach(Ws.Conn::close);
        s.saw("%d connections (%d opened), each keeping one login in flight: replies %s; connections ended early: %s",
                x.opt.floodConns, opened.get(), Slice.counts(replies), Slice.counts(ends));
    }

    private static void floodOne(Ws.Conn c, String params, Map<String, LongAdder> replies, long deadline) {
        if (System.nanoTime() >= deadline || !c.isOpen()) return;
        c.call("login", params).thenAccept(m -> {
            Slice.count(replies, Json.code(m));
            if (Json.code(m).equals("rate_limited")) c.loop.after(FLOOD_BACKOFF_MS, () -> floodOne(c, params, replies, deadline));
            else floodOne(c, params, replies, deadline);
        });
    }

    /** (4) Trials: attackers log in with the old password back to back; the owner changes it; every attacker token must die. */
    static void passwordRace(Attack.Ctx x, Slice s, long deadline) throws Exception {
        Ws.Conn owner = x.conn(RACE_SOURCE).start().opened.get(10, TimeUnit.SECONDS);
        if (x.victimPassword == null) newVictim(x, owner);  // the last change was never answered: its outcome is unknown
        int trials = 0, stillValid = 0, stillSignedIn = 0, okBefore = 0, okAfter = 0, changeFailed = 0;
        try {
            Honest.must(owner, "auth", "\"token\":" + Json.q(x.victimToken));
            while (trials < RACE_MAX_TRIALS && Attack.Ctx.left(deadline) > 4000) {
                trials++;
                String old = x.victimPassword, next = "victim-pw-" + (Integer.parseInt(old.substring(10)) + 1);
                List<String> tokens = Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.atomic.AtomicLong changedAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
                int[] okCounts = new int[2];
                List<Ws.Conn> atk = new ArrayList<>();
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int i = 0; i < RACE_ATTACKERS; i++) {
                    Ws.Conn a = x.conn(RACE_SOURCE).start();
                    atk.add(a);
                    CompletableFuture<Void> d = new CompletableFuture<>();
                    done.add(d);
                    a.opened.whenComplete((o, e) -> { if (e != null) d.complete(null); else raceLogin(a, x.victimName, old, tokens, changedAt, okCounts, d); });
                }
                Thread.sleep(200 + ThreadLocalRandom.current().nextInt(600));
                String r = changePassword(owner, old, next, deadline);
                changedAt.set(System.nanoTime());
                if (Json.ok(r)) x.victimPassword = next;
                else { changeFailed++; s.saw("trial %d: the owner's password change: %s", trials, r.startsWith("{") ? "answered " + Json.code(r) : r); }
                try {
                    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(Math.max(1000, Attack.Ctx.left(deadline) + 5000), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    s.saw("trial %d: attacker logins still unanswered at the end of the slice", trials);
                }
                okBefore += okCounts[0];
                okAfter += okCounts[1];
                if (!Json.ok(r)) {
                    atk.forEach(Ws.Conn::close);
                    if (r.startsWith("{")) continue;
                    x.victimPassword = null;
                    break;
                }
                Ws.Conn checker = x.conn(RACE_SOURCE).start().opened.get(10, TimeUnit.SECONDS);
                for (String t : new ArrayList<>(tokens))
                    if (Json.ok(checker.call("auth", "\"token\":" + Json.q(t)).get(10, TimeUnit.SECONDS))) stillValid++;
                checker.close();
                for (Ws.Conn a : atk) {
                    if (!a.isOpen()) continue;
                    try {
                        if (Json.ok(a.call("lists", "").get(10, TimeUnit.SECONDS))) stillSignedIn++;
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        Soak.note("race attacker closed while checking: " + Soak.rootMessage(e));
                    }
                    a.close();
                }
            }
        } finally {
            owner.close();
        }
        s.saw("%d trials (%d attackers logging in back to back with the old password): attacker logins ok before the change was acked %d, after %d; "
                + "password changes that failed %d; attacker tokens still valid afterwards %d; attacker connections still signed in %d",
                trials, RACE_ATTACKERS, okBefore, okAfter, changeFailed, stillValid, stillSignedIn);
        for (int i = 0; i < stillValid; i++) Soak.violation("security", "an attacker's token stayed valid after the password change was acknowledged");
        for (int i = 0; i < stillSignedIn; i++) Soak.violation("security", "an attacker's connection stayed signed in after the password change");
    }

    /**
     * The owner's password change, sent again while the server answers rate_limited (busy hashing), until the
     * deadline. Returns the last reply, or "no answer by the end of the slice".
     */
    private static String changePassword(Ws.Conn owner, String old, String next, long deadline) throws Exception {
        String params = "\"currentPassword\":" + Json.q(old) + ",\"password\":" + Json.q(next);
        while (true) {
            String r;
            try {
                r = owner.call("profile.update", params).get(Math.max(1000, Attack.Ctx.left(deadline) + 5000), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return "no answer by the end of the slice";
            }
            if (!Json.code(r).equals("rate_limited") || Attack.Ctx.left(deadline) < 1000) return r;
            Thread.sleep(RACE_RETRY_MS);
        }
    }

    /** Logs in again as soon as the previous login answers, until the change is acked; then completes d. */
    private static void raceLogin(Ws.Conn a, String user, String pw, List<String> tokens, java.util.concurrent.atomic.AtomicLong changedAt, int[] ok, CompletableFuture<Void> d) {
        if (System.nanoTime() > changedAt.get() || !a.isOpen()) { d.complete(null); return; }
        a.call("login", "\"username\":" + Json.q(user) + ",\"password\":" + Json.q(pw)).whenComplete((m, e) -> {
            if (m != null && Json.ok(m)) {
                tokens.add(Json.str(Json.top(m, "token")));
                ok[System.nanoTime() > changedAt.get() ? 1 : 0]++;
            }
            if (m == null) { d.complete(null); return; }
            raceLogin(a, user, pw, tokens, changedAt, ok, d);
        });
    }
}
