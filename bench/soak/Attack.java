import java.net.InetSocketAddress;

/** One attack of the rotation. run() must return by the deadline (plus a few seconds of cleanup), on any failure too. */
@FunctionalInterface
interface Attack {
    /** Runs on the attack thread; reports what it saw with {@code s.saw(...)}, problems with Soak.finding/violation. */
    void run(Ctx x, Slice s, long deadlineNanos) throws Exception;

    /** What every attack may use: the server, a WebSocket loop of its own, the attacker accounts, the honest targets. */
    final class Ctx {
        final ServerProcess server;
        final InetSocketAddress ws;
        final Ws.Loop loop;
        final Honest honest;
        final String run;
        final Soak.Options opt;
        String atkName, atkToken;                  // a signed-up attacker, member of none of the honest lists
        String floodName;                          // the account the login flood hammers
        String victimName, victimPassword, victimToken;
        long bulkList, bigList, malList;
        int bulkTasks, bigTasks;

        Ctx(ServerProcess server, Ws.Loop loop, Honest honest, String run, Soak.Options opt) {
            this.server = server;
            this.ws = new InetSocketAddress(Raw.LOOPBACK, server.wsPort);
            this.loop = loop;
            this.honest = honest;
            this.run = run;
            this.opt = opt;
        }

        /** A signed-in attacker connection from 127.0.0.src. */
        Ws.Conn attacker(int src) throws Exception {
            Ws.Conn c = conn(src).start().opened.get(10, java.util.concurrent.TimeUnit.SECONDS);
            Honest.must(c, "auth", "\"token\":" + Json.q(atkToken));
            return c;
        }

        /** An unstarted connection from 127.0.0.src. */
        Ws.Conn conn(int src) {
            Ws.Conn c = new Ws.Conn(loop, ws);
            c.from = Raw.addr(src);
            return c;
        }

        static long left(long deadline) { return (deadline - System.nanoTime()) / 1_000_000L; }
    }
}
