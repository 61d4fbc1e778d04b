import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The attacks below the protocol, on raw sockets: idle connections that never handshake, HTTP slowloris, huge
 * handshakes and odd paths, DNS-rebinding handshakes. Each runs on the attack thread and stops by its deadline.
 * Attack sources are 127.0.0.2 and up, so a server's per-address limits can tell them from the honest 127.0.0.1.
 */
final class NetAttacks {
    private NetAttacks() {}

    static final int IDLE_OPEN_PER_S = 1500;           // connect rate of the idle flood
    static final int IDLE_SOURCES = 4;                 // 127.0.0.2 … .5
    static final long IDLE_FINDING_AFTER_S = 20;       // a never-handshaking socket still open after this is a finding
    static final int SLOWLORIS_SOCKETS = 48;
    static final int SLOWLORIS_SOURCE = 6;
    static final long SLOWLORIS_TRICKLE_MS = 2000, HTTP_PROBE_TIMEOUT_MS = 2000;
    static final int HUGE_PARALLEL = 4, HUGE_SOURCE = 12;
    static final int REBIND_SOURCE = 15, REBIND_MAX_ROUNDS = 10;
    static final List<String> ODD_PATHS = List.of("/../../etc/passwd", "/admin", "/%00", "//", "/index.html",
            "/?x=" + "a".repeat(200), "*", "http://evil.example/", "/ws/../..%2f");

    /** (1) Thousands of TCP connections to the WS and HTTP ports that never send a byte; then: is it still accepting? */
    static void idle(Attack.Ctx x, Slice s, long deadline) throws Exception {
        int total = x.opt.idle, http = total / 5;
        long t0 = System.nanoTime(), openUntil = t0 + (deadline - t0) / 2, holdUntil = deadline - 3_000_000_000L;
        int opened = 0;
        boolean localLimit = false;
        try (SockSet set = new SockSet()) {
            while (System.nanoTime() < holdUntil) {
                long due = Math.min(total, (System.nanoTime() - t0) * IDLE_OPEN_PER_S / 1_000_000_000L);
                while (!localLimit && opened < due && System.nanoTime() < openUntil) {
                    boolean toHttp = opened % 5 == 4 && opened / 5 < http;
                    localLimit = !set.open(toHttp ? "http" : "ws", Raw.addr(2 + opened % IDLE_SOURCES), toHttp ? x.server.httpPort : x.server.wsPort);
                    opened++;
                }
                set.poll(20);
            }
            double held = (System.nanoTime() - t0) / 1e9;
            s.saw("opened %d of %d sockets in %.1f s (1 in 5 to HTTP); outcomes: %s", opened, total, held, Slice.counts(set.outcomes));
            s.saw("never-handshaking sockets still open after %.0f s: WS %d, HTTP %d; server closed them after (median) WS %s s, HTTP %s s",
                    held, set.open("ws"), set.open("http"), Soak.fmt(set.medianCloseSeconds("ws")), Soak.fmt(set.medianCloseSeconds("http")));
            if (held >= IDLE_FINDING_AFTER_S && set.open("ws") + set.open("http") > 0)
                Soak.finding("idle", "connections that never handshake stay open (" + (set.open("ws") + set.open("http")) + " still open after " + Math.round(held) + " s)");
        }
        Thread.sleep(1000);
        String accept = Monitor.acceptProbe(x.server);
        Raw.Answer h = Raw.exchange(Raw.LOOPBACK, x.server.httpPort, Raw.get("/healthz", "127.0.0.1"), HTTP_PROBE_TIMEOUT_MS);
        s.saw("1 s after closing them all: WebSocket port %s; /healthz %s %s", accept, h.status(), h.body().trim());
        if (!accept.equals("accepting"))
            Soak.finding("listener", "after the idle-connection flood the WebSocket port was not accepting (" + accept + ") while /healthz said " + h.status() + " " + h.body().trim());
    }

    /** (2) Partial HTTP headers trickled slowly on /, /config.json and /healthz; meanwhile, do honest GETs get answers? */
    static void slowloris(Attack.Ctx x, Slice s, long deadline) throws Exception {
        String[] paths = {"/", "/config.json", "/healthz"};
        Map<String, LongAdder> probes = new ConcurrentSkipListMap<>();
        Thread prober = new Thread(() -> {
            for (int i = 0; System.nanoTime() < deadline - 2_500_000_000L; i++) {
                String p = paths[i % 3];
                Raw.Answer a = Raw.exchange(Raw.LOOPBACK, x.server.httpPort, Raw.get(p, "127.0.0.1"), HTTP_PROBE_TIMEOUT_MS);
                Slice.count(probes, p + " " + (a.code() > 0 ? String.valueOf(a.code()) : a.status()));
                sleep(Math.max(0, 300 - a.elapsedNanos() / 1_000_000L));
            }
        }, "soak-slowloris-probe");
        try (SockSet set = new SockSet()) {
            for (int i = 0; i < SLOWLORIS_SOCKETS; i++) set.open("slow", Raw.addr(SLOWLORIS_SOURCE), x.server.httpPort);
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 500_000_000L) set.poll(20);
            for (int i = 0; i < SLOWLORIS_SOCKETS; i++) {
                SockSet.Sock k = set.socks.get(i);
                if (k.connectedAt != 0 && k.closedAt == 0)
                    k.ch.write(ByteBuffer.wrap(("GET " + paths[i % 3] + " HTTP/1.1\r\nHost: x\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            }
            prober.start();
            long next = System.nanoTime() + SLOWLORIS_TRICKLE_MS * 1_000_000L;
            for (int n = 0; System.nanoTime() < deadline - 2_000_000_000L; ) {
                set.poll(50);
                if (System.nanoTime() >= next) {
                    set.sendAll("slow", ("X-Pad-" + n++ + ": y\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    next += SLOWLORIS_TRICKLE_MS * 1_000_000L;
                }
            }
            prober.join(HTTP_PROBE_TIMEOUT_MS + 1000);
            s.saw("%d slowloris sockets (one header line every %d ms, never finished): %s; still open at the end: %d",
                    SLOWLORIS_SOCKETS, SLOWLORIS_TRICKLE_MS, Slice.counts(set.outcomes), set.open("slow"));
        }
        s.saw("honest GETs from 127.0.0.1 meanwhile (%d ms timeout): %s", HTTP_PROBE_TIMEOUT_MS, Slice.counts(probes));
        long failed = probes.entrySet().stream().filter(e -> !e.getKey().matches(".* [23]\\d\\d")).mapToLong(e -> e.getValue().sum()).sum();
        if (failed > 0)
            Soak.finding("slowloris", SLOWLORIS_SOCKETS + " slowloris sockets made honest HTTP requests fail (" + failed + " of "
                    + Slice.total(probes) + " probes: " + Slice.counts(probes) + ")");
    }

    /** (6) Handshakes with a multi-MiB request line, in parallel; then handshakes to odd paths. */
    static void hugeHandshakes(Attack.Ctx x, Slice s, long deadline) throws Exception {
        int mib = x.opt.hugeMib;
        byte[] line = ("GET /" + "a".repeat(mib * 1024 * 1024) + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] rest = Raw.handshakeHeaders("127.0.0.1:" + x.server.wsPort, null).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer req = ByteBuffer.allocate(line.length + rest.length).put(line).put(rest).flip().asReadOnlyBuffer();
        List<Raw.Answer> answers = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        long timeout = Math.max(1000, Attack.Ctx.left(deadline) - 4000);
        for (int i = 0; i < HUGE_PARALLEL; i++) {
            Thread t = new Thread(() -> {
                Raw.Answer a = Raw.exchange(Raw.addr(HUGE_SOURCE), x.server.wsPort, req.duplicate(), timeout);
                synchronized (answers) { answers.add(a); }
            }, "soak-huge-" + i);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join(timeout + 2000);
        Map<String, LongAdder> outcome = new ConcurrentSkipListMap<>();
        synchronized (answers) {
            for (Raw.Answer a : answers)
                Slice.count(outcome, a.status() + " after " + Soak.fmt(a.elapsedNanos() / 1e9) + " s, " + a.written() / 1024 + " KiB sent");
        }
        s.saw("%d handshakes with a %d MiB request line: %s", HUGE_PARALLEL, mib, Slice.counts(outcome));
        long upgraded;
        synchronized (answers) { upgraded = answers.stream().filter(a -> a.code() == 101).count(); }
        if (upgraded > 0) Soak.finding("huge", "handshakes with a " + mib + " MiB request line are upgraded (101): " + upgraded + " of " + HUGE_PARALLEL);
        List<String> accepted = new ArrayList<>();
        StringBuilder odd = new StringBuilder();
        for (String p : ODD_PATHS) {
            if (Attack.Ctx.left(deadline) < 500) break;
            Raw.Answer a = Raw.exchange(Raw.addr(HUGE_SOURCE), x.server.wsPort, Raw.handshake(p, "127.0.0.1:" + x.server.wsPort, null), 3000);
            odd.append(odd.length() == 0 ? "" : "; ").append(p.length() > 30 ? p.substring(0, 30) + "…" : p).append(" → ").append(a.status());
            if (a.code() == 101) accepted.add(p.length() > 30 ? p.substring(0, 30) + "…" : p);
        }
        s.saw("handshakes to odd paths: %s", odd);
        if (!accepted.isEmpty()) Soak.finding("paths", "handshakes to paths other than / are upgraded: " + String.join(", ", accepted));
    }

    /** A handshake variant of the rebinding attack, and whether the server must refuse it. */
    record Variant(String name, String host, String origin, boolean mustRefuse) {}

    /** (9) DNS-rebinding style handshakes (Host and Origin naming a foreign site), plus Host reflection over HTTP. */
    static void rebinding(Attack.Ctx x, Slice s, long deadline) throws Exception {
        int ws = x.server.wsPort, http = x.server.httpPort;
        List<Variant> vs = List.of(
                new Variant("Host evil.example, Origin http://evil.example:HTTP", "evil.example:" + ws, "http://evil.example:" + http, true),
                new Variant("Host 127.0.0.1, Origin http://evil.example:HTTP", "127.0.0.1:" + ws, "http://evil.example:" + http, true),
                new Variant("Host evil.example, Origin http://evil.example (port 80)", "evil.example:" + ws, "http://evil.example", true),
                new Variant("Origin null", "127.0.0.1:" + ws, "null", true),
                new Variant("own page: Host 127.0.0.1, Origin http://127.0.0.1:HTTP", "127.0.0.1:" + ws, "http://127.0.0.1:" + http, false),
                new Variant("no Origin, Host evil.example (not a browser)", "evil.example:" + ws, null, false));
        Map<String, Map<String, LongAdder>> seen = new java.util.LinkedHashMap<>();
        int rounds = 0;
        for (; rounds < REBIND_MAX_ROUNDS && Attack.Ctx.left(deadline) > 3000; rounds++) {
            for (Variant v : vs) {
                Raw.Answer a = Raw.exchange(Raw.addr(REBIND_SOURCE), ws, Raw.handshake("/", v.host, v.origin), 2000);
                Slice.count(seen.computeIfAbsent(v.name, k -> new ConcurrentSkipListMap<>()), a.status());
                if (v.mustRefuse && a.code() == 101) Soak.violation("security", "DNS-rebinding handshake accepted (101): " + v.name);
            }
            sleep(500);
        }
        seen.forEach((k, m) -> s.saw("%s: %s", k, Slice.counts(m)));
        for (String path : List.of("/config.json", "/")) {
            Raw.Answer a = Raw.exchange(Raw.addr(REBIND_SOURCE), http, Raw.get(path, "evil.example:" + http), 2000);
            boolean reflected = (a.head() + a.body()).contains("evil.example");
            s.saw("GET %s with Host evil.example: %s, Host reflected in the answer: %s", path, a.status(), reflected ? "yes" : "no");
            if (reflected) Soak.finding("reflect" + path, "the Host header is reflected into " + path);
        }
        s.saw("%d rounds", rounds);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
