package todo.verbs;

import java.net.InetAddress;
import java.util.List;

/**
 * Whom a verb runs for: an identity, storage in the caller's order, and, on a live connection, its own event feed.
 * A WebSocket session is one kind of caller; an HTTP request carrying a bearer token can be another, since a
 * verb's answer comes back as data ({@link Result}) that the front door sends its own way.
 * Every method is called on the loop thread.
 */
public interface Caller {
    /** Who is signed in, or null. Read it once when the verb starts: it is what the whole request runs as. */
    Identity identity();

    /** This caller's ordered access to storage. */
    Storage storage();

    /** The caller's event feed; null unless it is a live connection (only {@link Verb#liveOnly} verbs use it). */
    Feed feed();

    /** The remote address the request came from, for per-address shares of slow work; null when unknown. */
    InetAddress remoteAddress();

    /** True once nobody is left to answer (the connection closed): slow work still queued for it may be dropped. */
    boolean gone();

    /**
     * Applies the effects of work that has already committed while the verb goes on (a bulk change's chunk), as
     * a finished verb's effects are applied after its reply. The caller's own events still follow its reply.
     */
    void publish(List<Effect> effects);
}
