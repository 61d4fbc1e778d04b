package todo.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.verbs.Caller;
import todo.verbs.Effect;
import todo.verbs.Feed;
import todo.verbs.Identity;
import todo.verbs.Limits;
import todo.verbs.Storage;

/**
 * The order in which password checks get the hashing thread, and who is refused. The test thread plays the event
 * loop: it runs what the crypto pool hands back, one task at a time, so the order is exact.
 */
class FairHashingTest {
    private final LinkedBlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
    private final Crypto crypto = new Crypto(1, loop::add);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        crypto.close();
    }

    /** A connection from {@code address}, as hashing sees it: a caller with a remote address. */
    private record From(InetAddress remoteAddress) implements Caller {
        @Override public Identity identity() { return null; }
        @Override public Storage storage() { return null; }
        @Override public Feed feed() { return null; }
        @Override public boolean gone() { return false; }
        @Override public void publish(List<Effect> effects) {}
    }

    private static Caller from(String address) throws Exception {
        return new From(InetAddress.getByName(address));
    }

    private CompletableFuture<String> check(FairHashing h, Caller s, String name) {
        return h.run(s, () -> {
            ran.add(name);
            return name;
        });
    }

    /** Plays the loop until {@code f} completes. */
    private void runLoopUntil(CompletableFuture<?> f) throws InterruptedException {
        while (!f.isDone()) {
            Runnable r = loop.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "the loop got nothing to do");
            r.run();
        }
    }

    private static ErrorCode refusal(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "refused at once");
        try {
            f.get();
            throw new AssertionError("not refused");
        } catch (ExecutionException | InterruptedException e) {
            return ((ApiException) e.getCause()).code();
        }
    }

    @Test
    void queuedChecksTakeTheThreadOneAddressAtATime() throws Exception {
        FairHashing h = new FairHashing(crypto, Limits.defaults());
        CountDownLatch busy = new CountDownLatch(1);
        CompletableFuture<Boolean> blocker = h.run(from("10.0.0.9"), () -> {
            try {
                return busy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        check(h, from("10.0.0.1"), "a1");
        check(h, from("10.0.0.1"), "a2");
        CompletableFuture<String> a3 = check(h, from("10.0.0.1"), "a3");
        check(h, from("10.0.0.2"), "b1");
        busy.countDown();
        runLoopUntil(blocker);
        runLoopUntil(a3);
        assertEquals(List.of("a1", "b1", "a2", "a3"), ran);
    }

    @Test
    void aSecondCheckOnTheSameConnectionIsRateLimitedWhileTheFirstIsQueued() throws Exception {
        FairHashing h = new FairHashing(crypto, Limits.defaults().withHashPerConnection(1));
        Caller s = from("10.0.0.1");
        CompletableFuture<String> first = check(h, s, "first");
        assertEquals(ErrorCode.RATE_LIMITED, refusal(check(h, s, "second")));
        runLoopUntil(first);
        assertEquals(List.of("first"), ran);
        CompletableFuture<String> third = check(h, s, "third");
        runLoopUntil(third);
        assertEquals("third", third.get());
    }

    @Test
    void anAddressBeyondItsShareIsRateLimitedWhileAnotherAddressIsServed() throws Exception {
        FairHashing h = new FairHashing(crypto, Limits.defaults().withHashPerAddress(2));
        check(h, from("10.0.0.1"), "a1");
        CompletableFuture<String> a2 = check(h, from("10.0.0.1"), "a2");
        assertEquals(ErrorCode.RATE_LIMITED, refusal(check(h, from("10.0.0.1"), "a3")));
        CompletableFuture<String> b1 = check(h, from("10.0.0.2"), "b1");
        assertFalse(b1.isCompletedExceptionally());
        runLoopUntil(b1);
        runLoopUntil(a2);
        assertEquals(List.of("a1", "a2", "b1"), ran, "a2 was queued before b1 arrived");
    }

    @Test
    void addressesInTheSameIpv6Slash64ShareOneShare() throws Exception {
        assertEquals(FairHashing.key(InetAddress.getByName("2001:db8:1:2::1")),
                FairHashing.key(InetAddress.getByName("2001:db8:1:2:ffff::7")));
        assertFalse(FairHashing.key(InetAddress.getByName("2001:db8:1:2::1"))
                .equals(FairHashing.key(InetAddress.getByName("2001:db8:1:3::1"))));
    }
}
