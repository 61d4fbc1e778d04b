package todo.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import todo.error.ErrorCode;

/**
 * Finds the route for a method and path: among the templates the path fits, the one with the most literal
 * segments wins ({@code /accounts/login} over {@code /accounts/{username}}); a path it fits with another method
 * is 405 with {@code Allow}; no template at all is 404. {@code HEAD} is answered as {@code GET}. Immutable;
 * any thread.
 */
final class Router {
    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A route and the path's parameters, percent-decoded. */
    record Match(Route route, Map<String, String> params) {}

    List<Route> routes() {
        return routes;
    }

    /** @throws Errors.Refused 404 (no such route) or 405 (with {@code Allow}) */
    Match match(String method, String path) {
        String m = method.equals("HEAD") ? "GET" : method;
        String best = null;
        int bestLiterals = -1;
        Map<String, Map<String, String>> fits = new LinkedHashMap<>();
        for (Route r : routes) {
            Map<String, String> params = fit(r, path);
            if (params == null) {
                continue;
            }
            fits.put(r.template(), params);
            int literals = literals(r);
            if (literals > bestLiterals) {
                best = r.template();
                bestLiterals = literals;
            }
        }
        if (best == null) {
            throw new Errors.Refused(404, ErrorCode.NOT_FOUND, "no such route: see GET /api/v1");
        }
        for (Route r : routes) {
            if (r.template().equals(best) && r.method().equals(m)) {
                return new Match(r, fits.get(best));
            }
        }
        throw new Errors.Refused(405, ErrorCode.BAD_REQUEST, method + " is not allowed here")
                .header("Allow", allow(best));
    }

    /** The methods a template answers, as {@code Allow} lists them. */
    String allow(String template) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.template().equals(template)) {
                methods.add(r.method());
                if (r.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    /** The template a path fits best, or null: for preflight requests. */
    String templateOf(String path) {
        String best = null;
        int bestLiterals = -1;
        for (Route r : routes) {
            if (fit(r, path) != null && literals(r) > bestLiterals) {
                best = r.template();
                bestLiterals = literals(r);
            }
        }
        return best;
    }

    private static Map<String, String> fit(Route r, String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] want = r.segments();
        String[] got = path.substring(1).split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{")) {
                String value = decode(got[i]);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), value);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    private static int literals(Route r) {
        int n = 0;
        for (String s : r.segments()) {
            if (!s.startsWith("{")) {
                n++;
            }
        }
        return n;
    }

    /** Percent-decoding of one path segment ({@code +} stays a plus); null when malformed. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Every (method, template) pair the router answers, HEAD and OPTIONS aside. */
    List<String> answered() {
        List<String> out = new ArrayList<>();
        routes.forEach(r -> out.add(r.method() + " " + r.template()));
        return out;
    }
}
