package vn.ndxp.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of one server: a method and a path pattern ({@code /subjects/{subject}/versions}, one
 * segment per {@code {name}}) to an endpoint. A path no route has is a 404; a path with routes for
 * other methods only is a 405 that names them in {@code Allow}; HEAD is answered wherever GET is.
 * Probes and other unqueued GET routes are answered outside the limit on concurrent requests (see
 * {@link HttpService}).
 */
public final class Routes {
    private record Route(String method, List<String> pattern, Endpoint endpoint, boolean probe) {}

    /** A route that matched, with its path parameters. */
    record Match(Endpoint endpoint, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String path, Endpoint endpoint) {
        return add("GET", path, endpoint, false);
    }

    public Routes post(String path, Endpoint endpoint) {
        return add("POST", path, endpoint, false);
    }

    /** A GET that must answer even while every other request waits: health and readiness. */
    public Routes probe(String path, Endpoint endpoint) {
        return getUnqueued(path, endpoint);
    }

    /**
     * A GET answered outside the limit on concurrent requests: probes, and calls that requests
     * within the limit wait for (one instance asking another), which must not queue behind them.
     */
    public Routes getUnqueued(String path, Endpoint endpoint) {
        if (path.contains("{")) {
            throw new IllegalArgumentException("an unqueued route has a fixed path: " + path);
        }
        return add("GET", path, endpoint, true);
    }

    private Routes add(String method, String path, Endpoint endpoint, boolean probe) {
        routes.add(new Route(method, segments(path), endpoint, probe));
        return this;
    }

    /** Every route as "METHOD /path/{param}", in the order added: what this server answers. */
    public List<String> table() {
        return routes.stream().map(r -> r.method() + " /" + String.join("/", r.pattern())).toList();
    }

    /** The paths of the unqueued routes. */
    List<String> unqueuedPaths() {
        return routes.stream().filter(Route::probe).map(r -> "/" + String.join("/", r.pattern())).toList();
    }

    /** The route for this method and raw path, or an {@link HttpError} 404 or 405. */
    Match find(String method, String rawPath) {
        List<String> path = segments(rawPath).stream().map(s -> Percent.decode(s, false)).toList();
        String asked = method.equals("HEAD") ? "GET" : method;
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.pattern(), path);
            if (params == null) {
                continue;
            }
            if (route.method().equals(asked)) {
                return new Match(route.endpoint(), params);
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed.isEmpty()) {
            throw new HttpError(404, "no such path: " + Percent.shorten(rawPath));
        }
        throw new HttpError(405, method + " is not allowed here; allowed: " + String.join(", ", allowed),
                Map.of("Allow", String.join(", ", allowed)));
    }

    private static Map<String, String> match(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path.get(i));
            } else if (!p.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** The non-empty segments of a path, still encoded, so that an encoded '/' stays inside its segment. */
    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
