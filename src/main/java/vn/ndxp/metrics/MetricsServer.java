package vn.ndxp.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.http.HttpServers;

/**
 * The scrape endpoint, {@code GET /metrics} in the Prometheus text format (all series, or only
 * the families named by {@code name[]} parameters), and two probes for
 * orchestrators: {@code GET /health} (liveness: 200 while the app is alive, 503 once it has failed
 * for good and should be restarted) and {@code GET /ready} (readiness: 200 only while the counts it
 * serves are current, 503 while starting, rebalancing, restoring or catching up). Both answer a
 * one-line plain-text reason.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created", "_info");

    /** The answer of a probe: up or down, and why, for the person reading it. */
    public record Check(boolean ok, String detail) {
        public static Check up(String detail) {
            return new Check(true, detail);
        }

        public static Check down(String detail) {
            return new Check(false, detail);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param beforeScrape runs before each scrape, e.g. to read the state stores
     * @param alive answers {@code /health}
     * @param ready answers {@code /ready}
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
                                      Runnable beforeScrape, BooleanSupplier alive, Supplier<Check> ready) {
        try {
            HttpServer server = HttpServers.create(host, port);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "metrics-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/metrics", exchange -> {
                beforeScrape.run();
                Set<String> names = requestedNames(exchange.getRequestURI().getRawQuery());
                respond(exchange, 200, PROMETHEUS_TEXT,
                        names.isEmpty() ? registry.scrape() : registry.scrape(PROMETHEUS_TEXT, names));
            });
            server.createContext("/health", exchange -> {
                boolean up = alive.getAsBoolean();
                respond(exchange, up ? 200 : 503, TEXT, up ? "UP\n" : "DOWN\n");
            });
            server.createContext("/ready", exchange -> {
                Check check = ready.get();
                respond(exchange, check.ok() ? 200 : 503, TEXT, (check.ok() ? "READY: " : "NOT READY: ") + check.detail() + "\n");
            });
            server.start();
            log.info("Metrics at http://{}:{}/metrics", host, server.getAddress().getPort());
            return new MetricsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The metric names of {@code name[]=...} parameters, as Prometheus' own client libraries accept
     * them: a cheap scrape of a few series out of thousands. Each name is also accepted without
     * its sample suffix ({@code _total}, {@code _bucket}...), the family name the filter sees.
     */
    static Set<String> requestedNames(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null) {
            return names;
        }
        for (String param : rawQuery.split("&")) {
            int eq = param.indexOf('=');
            if (eq > 0 && URLDecoder.decode(param.substring(0, eq), StandardCharsets.UTF_8).equals("name[]")) {
                String name = URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
                names.add(name);
                for (String suffix : SAMPLE_SUFFIXES) {
                    if (name.endsWith(suffix)) {
                        names.add(name.substring(0, name.length() - suffix.length()));
                    }
                }
            }
        }
        return names;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            log.warn("Request {} failed: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
