package vn.ndxp.metrics.export;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.http.Gzip;
import vn.ndxp.http.HttpService;
import vn.ndxp.http.JsonErrors;
import vn.ndxp.http.Reply;
import vn.ndxp.http.Routes;

/**
 * The scrape endpoint, {@code GET /metrics} in the Prometheus text format (all series, or only
 * the families named by {@code name[]} parameters; gzipped when the client accepts it), and two
 * probes for orchestrators: {@code GET /health} (liveness: 200 while the app is alive, 503 once it
 * has failed for good and should be restarted) and {@code GET /ready} (readiness: 200 only while
 * the counts it serves are current, 503 while starting, rebalancing, restoring or catching up).
 * Both answer a one-line plain-text reason, and never wait behind scrapes (see {@link HttpService}).
 * Errors are JSON like the query API's.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
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

    private static final int FINAL_SCRAPE_MAX_WAIT_SECONDS = 5;

    private final HttpService server;
    private final ScrapeLog scrapes;

    private MetricsServer(HttpService server, ScrapeLog scrapes) {
        this.server = server;
        this.scrapes = scrapes;
    }

    /**
     * @param beforeScrape runs before each scrape, e.g. to read the state stores
     * @param alive answers {@code /health}
     * @param ready answers {@code /ready}; it must answer promptly itself (see Readiness)
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
                                      Runnable beforeScrape, BooleanSupplier alive, Supplier<Check> ready) {
        ScrapeLog scrapes = new ScrapeLog();
        Routes routes = new Routes()
                .get("/metrics", call -> {
                    long scrape = scrapes.started();
                    beforeScrape.run();
                    Set<String> names = requestedNames(call.query());
                    String text = names.isEmpty() ? registry.scrape() : registry.scrape(PROMETHEUS_TEXT, names);
                    return Gzip.ifAccepted(call, Reply.of(200, PROMETHEUS_TEXT, text)).onSent(() -> scrapes.answered(scrape));
                })
                .probe("/health", call -> {
                    boolean up = alive.getAsBoolean();
                    return Reply.of(up ? 200 : 503, Reply.TEXT, up ? "UP\n" : "DOWN\n");
                })
                .probe("/ready", call -> {
                    Check check = ready.get();
                    return Reply.of(check.ok() ? 200 : 503, Reply.TEXT,
                            (check.ok() ? "READY: " : "NOT READY: ") + check.detail() + "\n");
                });
        HttpService server = HttpService.start(HttpService.Options.of("metrics", host, port), routes, JsonErrors.INSTANCE);
        log.info("Metrics at http://{}:{}/metrics", host, server.port());
        return new MetricsServer(server, scrapes);
    }

    /**
     * Waits, at a stop, for one more scrape to begin and be answered, so that what the app counted
     * since the last one (its final commit included) reaches Prometheus: a counter's increase
     * between the last scrape and the exit would otherwise be lost to {@code increase()}. Returns at
     * once when nobody scrapes regularly; waits at most one and a half scrape intervals and a
     * second, and never longer than {@code max}.
     */
    void awaitFinalScrape(Duration max) {
        if (scrapes.regular() && !scrapes.awaitOneMore(max)) {
            log.info("Stopping without a final scrape: counts since the last one are not in Prometheus' counters");
        }
    }

    /**
     * The metric names of {@code name[]=...} parameters, as Prometheus' own client libraries accept
     * them: a cheap scrape of a few series out of thousands. Each name is also accepted without
     * its sample suffix ({@code _total}, {@code _bucket}...), the family name the filter sees.
     */
    static Set<String> requestedNames(Map<String, List<String>> query) {
        Set<String> names = new HashSet<>();
        for (String name : query.getOrDefault("name[]", List.of())) {
            names.add(name);
            for (String suffix : SAMPLE_SUFFIXES) {
                if (name.endsWith(suffix)) {
                    names.add(name.substring(0, name.length() - suffix.length()));
                }
            }
        }
        return names;
    }

    public int port() {
        return server.port();
    }

    /**
     * Stops once the final scrape has come ({@link #awaitFinalScrape}, at most
     * {@value #FINAL_SCRAPE_MAX_WAIT_SECONDS} s: within {@code docker stop}'s 10 s with the rest of a
     * stop; a whole default 15 s interval is not waited for).
     */
    public void closeAfterFinalScrape() {
        awaitFinalScrape(Duration.ofSeconds(FINAL_SCRAPE_MAX_WAIT_SECONDS));
        close();
    }

    @Override
    public void close() {
        server.close();
    }
}
