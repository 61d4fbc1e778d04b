import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches the server from outside on three daemon threads: VmRSS every 500 ms, GET /healthz every 2 s, and a fresh
 * WebSocket handshake every 5 s (is it still accepting?). Results go to the current {@link Slice} and to totals.
 */
final class Monitor {
    static final long RSS_EVERY_MS = 500, HEALTH_EVERY_MS = 2000, ACCEPT_EVERY_MS = 5000, PROBE_TIMEOUT_MS = 3000;

    private volatile ServerProcess server;
    private volatile Slice current;
    private volatile boolean running = true, probing = true;
    final List<Slice> slices = new ArrayList<>();
    final AtomicLong peakRssKb = new AtomicLong(-1);
    final Map<String, LongAdder> health = new ConcurrentSkipListMap<>();
    final Map<String, LongAdder> accepts = new ConcurrentSkipListMap<>();
    volatile String firstNotAccepting;
    volatile boolean lastAcceptFailed;                   // the latest accept probe failed
    final LongAdder healthOkWhileRefusing = new LongAdder();                    // "slice N (name) at T s", the first failed accept probe

    Monitor(ServerProcess server) {
        this.server = server;
        begin("setup");
        daemon("soak-rss", RSS_EVERY_MS, this::sampleRss);
        daemon("soak-health", HEALTH_EVERY_MS, this::sampleHealth);
        daemon("soak-accept", ACCEPT_EVERY_MS, this::sampleAccept);
    }

    void server(ServerProcess s) { server = s; }

    Slice current() { return current; }

    /** Ends the current slice and starts the next. Main thread. */
    synchronized Slice begin(String name) {
        ServerProcess s = server;
        Slice prev = current;
        if (prev != null) {
            prev.endNanos = System.nanoTime();
            prev.cpuEnd = s.cpuSeconds();
        }
        Slice next = new Slice(slices.size(), name);
        next.cpuStart = s.cpuSeconds();
        slices.add(next);
        current = next;
        return next;
    }

    /** Stops the /healthz and accept probes (the end checks do their own); RSS sampling goes on until stop(). */
    void quiet() { probing = false; }

    void stop() {
        begin("end");
        running = false;
    }

    private void daemon(String name, long everyMs, Runnable r) {
        Thread t = new Thread(() -> {
            while (running) {
                long t0 = System.currentTimeMillis();
                try {
                    r.run();
                } catch (RuntimeException e) {
                    Soak.note(name + ": " + e);
                }
                try {
                    Thread.sleep(Math.max(1, everyMs - (System.currentTimeMillis() - t0)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void sampleRss() {
        long kb = server.rssKb();
        if (kb < 0) return;
        peakRssKb.accumulateAndGet(kb, Math::max);
        current.rssPeakKb.accumulateAndGet(kb, Math::max);
    }

    private void sampleHealth() {
        if (!probing) return;
        ServerProcess s = server;
        Raw.Answer a = Raw.exchange(Raw.LOOPBACK, s.httpPort, Raw.get("/healthz", "127.0.0.1:" + s.httpPort), PROBE_TIMEOUT_MS);
        String status = Json.str(Json.top(a.body(), "status"));
        String k = a.code() > 0 ? a.code() + (status == null ? "" : " " + status) : a.status();
        if (a.code() == 200 && lastAcceptFailed) healthOkWhileRefusing.increment();
        Slice.count(current.health, k);
        Slice.count(health, k);
    }

    private void sampleAccept() {
        if (!probing) return;
        String k = acceptProbe(server);
        Slice.count(current.accepts, k);
        Slice.count(accepts, k);
        Slice c = current;
        lastAcceptFailed = !k.equals("accepting");
        if (lastAcceptFailed && firstNotAccepting == null)
            firstNotAccepting = "slice " + c.index + " (" + c.name + "), " + Soak.secs(System.nanoTime() - c.startNanos) + " s in";
    }

    /** "accepting" when a fresh handshake from 127.0.0.1 gets 101 within the probe timeout, else what happened. */
    static String acceptProbe(ServerProcess s) {
        Raw.Answer a = Raw.exchange(Raw.LOOPBACK, s.wsPort, Raw.handshake("/", "127.0.0.1:" + s.wsPort, null), PROBE_TIMEOUT_MS);
        return a.code() == 101 ? "accepting" : a.code() > 0 ? "answered " + a.code() : a.status();
    }
}
