package todo.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names the server answers to, against DNS rebinding: a page on {@code evil.example} whose name was
 * re-pointed at this machine must not be treated as our own page. Trusted are IP literals (rebinding needs a name),
 * {@code localhost}, the {@code --host} name and every {@code --public-host}. Immutable; thread-safe.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*(%[0-9a-z]+)?");

    private final Set<String> names = new LinkedHashSet<>();
    private final String canonical;

    /** @param bindHost the {@code --host} value; @param publicHosts the {@code --public-host} values */
    public HostNames(String bindHost, List<String> publicHosts) {
        publicHosts.forEach(h -> names.add(normalise(h)));
        String bind = normalise(bindHost);
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.isEmpty();
        if (!wildcard) {
            names.add(bind);
        }
        names.add("localhost");
        // What /config.json names when the request's Host is not trusted: the first name the operator gave.
        String first = names.iterator().next();
        canonical = isIpLiteral(first) && first.contains(":") && !first.startsWith("[") ? "[" + first + "]" : first;
    }

    /** True for an IP literal (IPv6 with or without brackets) or a configured name. {@code host} may be null. */
    public boolean trusted(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = normalise(host);
        return isIpLiteral(h) || names.contains(h);
    }

    /**
     * The host part of a {@code Host} header, if it is trusted (IPv6 kept in brackets), else the canonical name.
     * Safe to put into a URL or a header: never arbitrary client text.
     */
    public String hostFor(String hostHeader) {
        if (hostHeader != null && !hostHeader.isBlank()) {
            try {
                String h = new URI("http://" + hostHeader.strip() + "/").getHost();
                if (h != null && trusted(h)) {
                    return h.toLowerCase(Locale.ROOT);
                }
            } catch (URISyntaxException e) {
                return canonical;
            }
        }
        return canonical;
    }

    static boolean isIpLiteral(String h) {
        String s = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        return IPV4.matcher(s).matches() || IPV6.matcher(s).matches();
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
