package vn.ndxp.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import vn.ndxp.metrics.export.PrometheusPage;

/**
 * The load generator's figures for the console: from this process's meters when a load generator
 * runs in it, otherwise from the {@code /metrics} of a {@code replay} given by
 * {@code --loadgen-metrics-url}, read at most once a second however many pages ask.
 */
final class LoadgenFeed {
    private static final String TARGET = "ndxp_loadgen_target_rate_events_per_second";
    private static final String SENT = "ndxp_loadgen_events_sent_total";
    private static final String ACKED = "ndxp_loadgen_events_acked_total";
    private static final String FAILED = "ndxp_loadgen_events_failed_total";
    private static final long CACHE_NANOS = 1_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MeterRegistry registry;
    private final URI metrics;
    private final HttpClient http;
    private Overview.Loadgen last;
    private long lastAt;

    /** @param metrics a load generator's /metrics, or null for none but one in this process */
    LoadgenFeed(MeterRegistry registry, URI metrics) {
        this.registry = registry;
        this.metrics = metrics == null ? null : URI.create(metrics + (metrics.getQuery() == null ? "?" : "&")
                + "name[]=" + TARGET + "&name[]=" + SENT + "&name[]=" + ACKED + "&name[]=" + FAILED);
        this.http = metrics == null ? null : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The figures, or null when there is no load generator to show. */
    synchronized Overview.Loadgen read() {
        if (registry.find("ndxp.loadgen.events.sent").functionCounter() != null) {
            Gauge target = registry.find("ndxp.loadgen.target.rate").gauge();
            return loadgen("this process", target == null ? Double.NaN : target.value(), count("ndxp.loadgen.events.sent"),
                    count("ndxp.loadgen.events.acked"), count("ndxp.loadgen.events.failed"));
        }
        if (metrics == null) {
            return null;
        }
        long now = System.nanoTime();
        if (last == null || now - lastAt >= CACHE_NANOS) {
            last = scrape();
            lastAt = System.nanoTime();
        }
        return last;
    }

    private Overview.Loadgen scrape() {
        String source = metrics.getScheme() + "://" + metrics.getAuthority() + metrics.getPath();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Overview.Loadgen.unreachable(source, "answered " + r.statusCode());
            }
            String page = r.body();
            OptionalDouble sent = PrometheusPage.value(page, SENT);
            if (sent.isEmpty()) {
                return Overview.Loadgen.unreachable(source, "has no " + SENT + ": is it a load generator's /metrics?");
            }
            return loadgen(source, PrometheusPage.value(page, TARGET).orElse(Double.NaN), Math.round(sent.getAsDouble()),
                    Math.round(PrometheusPage.value(page, ACKED).orElse(0)), Math.round(PrometheusPage.value(page, FAILED).orElse(0)));
        } catch (IOException e) {
            return Overview.Loadgen.unreachable(source, "not answering (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Overview.Loadgen.unreachable(source, "interrupted");
        }
    }

    private static Overview.Loadgen loadgen(String source, double target, long sent, long acked, long failed) {
        return new Overview.Loadgen(source, null, Double.isFinite(target) ? target : null, sent, acked, failed);
    }

    private long count(String name) {
        return Overview.count(registry, name);
    }
}
