package todo.loop;

import com.google.gson.JsonObject;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event leaves through here: serialised once, the same text to every recipient, each send isolated so that
 * one failing recipient never affects the others. A cross-node bus would hook in at this class. Loop thread only.
 */
final class Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

    private final Registry registry;
    private final Subscriptions subscriptions;

    Broadcaster(Registry registry, Subscriptions subscriptions) {
        this.registry = registry;
        this.subscriptions = subscriptions;
    }

    /** To every session subscribed to the list; {@code rev} is the task event's rev, 0 for presence. */
    void toList(long listId, long rev, JsonObject event) {
        String text = event.toString();
        for (Session s : subscriptions.subscribersView(listId)) {
            try {
                s.deliverListEvent(listId, rev, text);
            } catch (RuntimeException e) {
                log.warn("event to {} failed", s, e);
            }
        }
    }

    /** To every open session of each user, subscribed or not. */
    void toUsers(Collection<Long> userIds, JsonObject event) {
        String text = event.toString();
        for (long id : userIds) {
            send(registry.ofUser(id), text);
        }
    }

    private static void send(Collection<Session> sessions, String text) {
        for (Session s : sessions) {
            try {
                s.deliver(text);
            } catch (RuntimeException e) {
                log.warn("event to {} failed", s, e);
            }
        }
    }
}
