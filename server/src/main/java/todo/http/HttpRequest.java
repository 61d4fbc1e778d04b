package todo.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP request, complete with its body. Immutable.
 *
 * @param target  the request target as sent (origin form: path and query)
 * @param headers header names in lower case, each with its values in order
 */
public record HttpRequest(String method, String target, String version, Map<String, List<String>> headers,
                          byte[] body, InetSocketAddress remote) {
    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The target's path, without the query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** Whether the connection may carry another request after this one's response. */
    boolean keepAlive() {
        String c = header("Connection");
        boolean close = c != null && c.toLowerCase(Locale.ROOT).contains("close");
        boolean keep = c != null && c.toLowerCase(Locale.ROOT).contains("keep-alive");
        return version.equals("HTTP/1.1") ? !close : keep;
    }
}
