package todo.ws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import todo.net.HostNames;

/**
 * Which browser origins may open a WebSocket (against cross-site WebSocket hijacking). A handshake without Origin
 * (wscat, native clients) is allowed; a browser's is allowed when its host is the handshake's Host, a name the
 * server is configured for ({@link HostNames}: not any name that happens to resolve here, which DNS rebinding would
 * exploit), and its port is either our HTTP port (the server's own page) or the Host's own port (the page came
 * from the very address the WebSocket was opened at: same origin, as behind a balancer that serves both on one
 * port); or when it is listed with {@code --allow-origin}. Immutable; thread-safe.
 */
final class OriginPolicy {
    private final Set<String> allowed;
    private final IntSupplier httpPort;
    private final HostNames hosts;

    OriginPolicy(List<String> allowOrigins, IntSupplier httpPort, HostNames hosts) {
        this.hosts = hosts;
        this.allowed = allowOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.httpPort = httpPort;
    }

    /** @param origin the Origin header, may be null; @param host the Host header, may be null */
    boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        if (allowed.contains(normalise(origin))) {
            return true;
        }
        try {
            URI o = new URI(origin);
            if (o.getHost() == null || host == null || !("http".equals(o.getScheme()) || "https".equals(o.getScheme()))) {
                return false;
            }
            URI h = new URI("ws://" + host + "/");
            if (!o.getHost().equalsIgnoreCase(h.getHost()) || !hosts.trusted(o.getHost())) {
                return false;
            }
            int port = o.getPort() != -1 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
            // Same origin: both ports as written (none in either means the scheme's default, as browsers omit it).
            return port == httpPort.getAsInt() || o.getPort() == h.getPort();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
