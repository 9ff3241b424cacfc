package vn.ndxp.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.http.HttpServers;
import vn.ndxp.simulator.catalog.Catalog;
import vn.ndxp.topology.LocalDays;

/**
 * The interactive-query REST API: JSON over the JDK's HTTP server.
 *
 * <pre>
 * GET /api/v1/agencies                                   catalog agencies with today's counts
 * GET /api/v1/agencies/{code}/daily?date=YYYY-MM-DD      one agency's day, as consumer and provider, by status
 * GET /api/v1/services/{system}/health?window=1m|1d      a provider system's health per service:
 *        1m: &amp;minutes=N (1-360, default 5), the newest N minutes with requests, newest first
 *        1d: &amp;date=YYYY-MM-DD (default today)
 * GET /api/v1/flows?date=YYYY-MM-DD                      consumer agency → provider agency counts of a day
 * GET /api/v1/platform?date=YYYY-MM-DD                   platform-wide calls per minute of a day
 * GET /api/v1/alerts?since=T                             active alerts and every alert record since T
 *        (an ISO-8601 instant or date-time with offset, a local date, or epoch milliseconds; default: all kept)
 * </pre>
 * "Today" is the newest local day with counts, as on /metrics. 400 for a bad parameter, 404 for an
 * unknown path or catalog code, 503 while the app starts or rebalances; every error is a JSON
 * {@link Views.ApiError}, never a stack trace. {@code /internal/v1/*} are the same questions
 * answered from this instance's stores only, for the other instances.
 *
 * <p>The server is bound before the streams client starts, because its address is the
 * {@code application.server} the client announces to the others.
 */
public final class QueryApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final Pattern DAILY = Pattern.compile("^/api/v1/agencies/([^/]+)/daily$");
    private static final Pattern HEALTH = Pattern.compile("^/api/v1/services/([^/]+)/health$");
    private static final int MAX_MINUTES = 360;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile QueryService service;

    private QueryApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts serving; until {@link #serve} every question gets a 503. Port 0 picks a free one. */
    public static QueryApi bind(String host, int port) {
        try {
            HttpServer server = HttpServers.create(host, port);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "query-api");
                t.setDaemon(true);
                return t;
            });
            QueryApi api = new QueryApi(server, executor);
            server.setExecutor(executor);
            server.createContext("/", api::handle);
            server.start();
            log.info("Query API at http://{}:{}/api/v1/agencies", host, server.getAddress().getPort());
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the query API on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering from {@code streams}, which announces {@code self} as its application.server. */
    public void serve(KafkaStreams streams, Catalog catalog, HostInfo self) {
        this.service = new QueryService(streams, catalog, self);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = answer(exchange);
            } catch (ApiException e) {
                status = e.status;
                body = new Views.ApiError(e.status, e.code, e.getMessage());
            } catch (InvalidStateStoreException e) {
                status = 503;
                body = new Views.ApiError(503, "unavailable", "state stores not queryable (starting or rebalancing)");
            } catch (RuntimeException e) {
                log.error("Query {} failed", exchange.getRequestURI(), e);
                status = 500;
                body = new Views.ApiError(500, "internal", "the query failed; the server log has the details");
            }
            byte[] bytes = Json.write(body);
            exchange.getResponseHeaders().set("Content-Type", JSON);
            if (status == 503) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object answer(HttpExchange exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
            throw new ApiException(405, "method_not_allowed", "only GET is supported");
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
        QueryService s = service;
        if (s == null) {
            throw ApiException.unavailable("the streams app is starting");
        }
        if (path.equals("/api/v1/agencies")) {
            return s.agencies();
        }
        Matcher daily = DAILY.matcher(path);
        if (daily.matches()) {
            return s.agencyDay(daily.group(1), date(query));
        }
        Matcher health = HEALTH.matcher(path);
        if (health.matches()) {
            String window = window(query);
            return s.health(health.group(1), window, "1d".equals(window) ? date(query) : null, minutes(query));
        }
        switch (path) {
            case "/api/v1/flows":
                return s.flows(date(query));
            case "/api/v1/platform":
                return s.platform(date(query));
            case "/api/v1/alerts":
                return s.alerts(since(query));
            default:
                return internal(s, path, query);
        }
    }

    /** The same questions, answered from this instance's own stores (asked by the other instances). */
    private static Object internal(QueryService s, String path, Map<String, List<String>> query) {
        LocalQueries local = s.local();
        switch (path) {
            case "/internal/v1/newest-counts":
                return local.newestCounts();
            case "/internal/v1/daily-counts":
                return local.dailyCounts(query.getOrDefault("key", List.of()));
            case "/internal/v1/health": {
                String system = required(query, "system");
                String window = window(query);
                return s.localHealth(system, window, "1d".equals(window) ? date(query) : null, minutes(query), "");
            }
            case "/internal/v1/flows":
                return local.flows(requiredDate(query));
            case "/internal/v1/platform":
                return local.platform(requiredDate(query));
            case "/internal/v1/alerts":
                return local.alerts(since(query));
            default:
                throw ApiException.notFound("no such endpoint: " + path);
        }
    }

    private static String required(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("missing parameter " + name);
        }
        return v;
    }

    private static LocalDate requiredDate(Map<String, List<String>> query) {
        LocalDate d = date(query);
        if (d == null) {
            throw ApiException.badRequest("missing parameter date");
        }
        return d;
    }

    static LocalDate date(Map<String, List<String>> query) {
        String v = first(query, "date");
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("date must be YYYY-MM-DD, got '" + v + "'");
        }
    }

    static String window(Map<String, List<String>> query) {
        String v = first(query, "window");
        if (v == null || v.isEmpty()) {
            return "1m";
        }
        if (!v.equals("1m") && !v.equals("1d")) {
            throw ApiException.badRequest("window must be 1m or 1d, got '" + v + "'");
        }
        return v;
    }

    static int minutes(Map<String, List<String>> query) {
        String v = first(query, "minutes");
        if (v == null || v.isEmpty()) {
            return 5;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_MINUTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("minutes must be a whole number from 1 to " + MAX_MINUTES + ", got '" + v + "'");
    }

    /** An instant, a date-time with offset, a local date (its local midnight) or epoch milliseconds. */
    static long since(Map<String, List<String>> query) {
        String v = first(query, "since");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                return LocalDays.endMillis(LocalDate.parse(v).toEpochDay() - 1);
            }
            if (v.endsWith("Z")) {
                return Instant.parse(v).toEpochMilli();
            }
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest("since must be an ISO-8601 instant (2024-04-24T02:00:00Z), a date-time with"
                    + " offset, a date (YYYY-MM-DD) or epoch milliseconds, got '" + v + "'");
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
