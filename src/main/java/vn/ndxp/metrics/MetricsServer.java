package vn.ndxp.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape endpoint: {@code GET /metrics} in the Prometheus text format, and {@code GET /health}
 * (200 while the app is alive, 503 otherwise) for orchestrators.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param beforeScrape runs before each scrape, e.g. to read the state stores
     * @param alive answers {@code /health}
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
                                      Runnable beforeScrape, BooleanSupplier alive) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "metrics-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/metrics", exchange -> {
                beforeScrape.run();
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            });
            server.createContext("/health", exchange -> respond(exchange,
                    alive.getAsBoolean() ? 200 : 503, "text/plain; charset=utf-8",
                    alive.getAsBoolean() ? "UP\n" : "DOWN\n"));
            server.start();
            log.info("Metrics at http://{}:{}/metrics", host, server.getAddress().getPort());
            return new MetricsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
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
