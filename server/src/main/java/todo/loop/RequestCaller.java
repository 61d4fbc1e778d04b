package todo.loop;

import java.net.InetSocketAddress;
import todo.verbs.Caller;
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

    /** @param identity who the request runs as, null when it carried no token; @param remote the client */
    RequestCaller(Identity identity, OrderedStore storage, InetSocketAddress remote) {
        this.identity = identity;
        this.storage = storage;
        this.remote = remote;
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
}
