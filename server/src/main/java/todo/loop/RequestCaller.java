package todo.loop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import todo.verbs.Caller;
import todo.verbs.Effect;
import todo.verbs.Feed;
import todo.verbs.Identity;
import todo.verbs.Storage;

/**
 * A caller that is one request rather than a live connection (an HTTP request with a bearer token): who it runs
 * as, fixed for the request, its own ordered storage, no event feed. Made and used on the loop thread.
 */
public final class RequestCaller implements Caller {
    private final Identity identity;
    private final OrderedStore storage;
    private final InetSocketAddress remote;
    private final Consumer<List<Effect>> publisher;

    /**
     * @param identity  who the request runs as, null when it carried no token
     * @param remote    the client
     * @param publisher where effects committed while the verb still runs go (FanOut, with no origin session)
     */
    RequestCaller(Identity identity, OrderedStore storage, InetSocketAddress remote,
                  Consumer<List<Effect>> publisher) {
        this.identity = identity;
        this.storage = storage;
        this.remote = remote;
        this.publisher = publisher;
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    /** Always null: a request has no connection to send events to. */
    @Override
    public Feed feed() {
        return null;
    }

    /** The client's address (what per-address fairness keys on). */
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public InetAddress remoteAddress() {
        return remote == null ? null : remote.getAddress();
    }

    /** Never: the HTTP side waits for the answer (within its own timeout) whether or not the client still does. */
    @Override
    public boolean gone() {
        return false;
    }

    @Override
    public void publish(List<Effect> effects) {
        publisher.accept(effects);
    }
}
