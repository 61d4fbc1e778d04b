package todo.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.infra.NatsServer;

/**
 * The test harness's private nats-server, driven by jnats as the nodes will use it: plain nats:// connections,
 * unlimited reconnects, subscriptions that survive a server restart.
 */
class NatsHarnessTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    NatsServer nats;
    Connection publisher;
    Connection subscriber;
    final List<Events> subscriberEvents = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        nats = NatsServer.start();
        publisher = Nats.connect(options(null));
        subscriber = Nats.connect(options((conn, event) -> subscriberEvents.add(event)));
        Dispatcher d = subscriber.createDispatcher(m -> received.add(new String(m.getData(), StandardCharsets.UTF_8)));
        d.subscribe("todo.list.*");
        subscriber.flush(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (subscriber != null) subscriber.close();
        if (publisher != null) publisher.close();
        if (nats != null) nats.close();
    }

    private Options options(io.nats.client.ConnectionListener listener) {
        Options.Builder b = new Options.Builder().server(nats.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).connectionTimeout(Duration.ofSeconds(5));
        if (listener != null) b.connectionListener(listener);
        return b.build();
    }

    @Test
    void aMessagePublishedOnAListSubjectReachesTheSubscriber() throws Exception {
        publisher.publish("todo.list.3", "rev 1".getBytes(StandardCharsets.UTF_8));
        publisher.flush(WAIT);
        await().atMost(WAIT).until(() -> received.contains("rev 1"));
        assertEquals(List.of("rev 1"), received);
    }

    @Test
    void plainConnectionsWorkWithoutBouncyCastle() throws Exception {
        // pom.xml excludes it from jnats; this class's connections and messages prove it is not needed.
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters"));
        publisher.publish("todo.list.4", "hello".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> received.contains("hello"));
    }

    @Test
    void afterANatsServerRestartClientsReconnectAndTheSubscriptionDeliversAgain() throws Exception {
        assertDeliveryResumesAfter(nats::stop, "after restart");
    }

    @Test
    void afterANatsServerCrashClientsReconnectToItsReplacement() throws Exception {
        assertDeliveryResumesAfter(nats::kill, "after crash");
    }

    /** Takes the server down with {@code outage}, starts it again, and checks a new message gets through. */
    private void assertDeliveryResumesAfter(Runnable outage, String message) throws Exception {
        outage.run();
        await().atMost(WAIT).until(() -> subscriberEvents.contains(Events.DISCONNECTED));
        nats.startAgain();
        await().atMost(WAIT).until(() -> subscriberEvents.contains(Events.RECONNECTED)
                && publisher.getStatus() == Connection.Status.CONNECTED);
        subscriber.flush(WAIT);

        publisher.publish("todo.list.5", message.getBytes(StandardCharsets.UTF_8));
        publisher.flush(WAIT);
        await().atMost(WAIT).until(() -> received.contains(message));
    }
}
