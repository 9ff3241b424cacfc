package vn.ndxp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.LatencyBuckets;

/**
 * Service health and alerts for Prometheus, read from the analytics stores before each scrape (so,
 * like the counts, exactly what the exactly-once state holds). Labels are bounded by the catalog:
 * service-level detail (674 services) stays in the query API; Prometheus gets provider systems.
 *
 * <ul>
 *   <li>{@code ndxp_service_requests_total{provider_agency,provider_system,status}}: counter, all time
 *       (5 series per provider system: 1,750 for the default catalog's 350)</li>
 *   <li>{@code ndxp_service_latency_seconds{provider_agency,provider_system}}: histogram of those
 *       requests' latencies, all time, counted exactly per request in the {@link LatencyBuckets}
 *       (11 {@code _bucket} series with {@code +Inf}, {@code _count} and {@code _sum}: 13 per provider
 *       system, 4,550 for the default catalog). {@code histogram_quantile} over {@code rate()} of the buckets sums over systems and
 *       instances, which the sketches' quantiles could not; the sketches stay for the query API</li>
 *   <li>{@code ndxp_alerts_total{type}}: counter of alerts raised (3 series)</li>
 *   <li>{@code ndxp_alerts_active{type}}: gauge, alerts active now (3 series)</li>
 *   <li>{@code ndxp_alert_active{type,subject}}: 1 while an alert is active; the series goes away
 *       when it clears (at most one per type and system)</li>
 * </ul>
 *
 * The {@code _total} counters and the histogram are {@link TaskCounters}' increases, so sums over
 * instances are right through task moves. The stores are read at most every 2 s, however often
 * /metrics is scraped.
 */
public final class AnalyticsMetrics {
    private static final Logger log = LoggerFactory.getLogger(AnalyticsMetrics.class);

    /** Scrapes closer together than this reuse the last read: alerts need no sub-second freshness. */
    static final Duration MIN_REFRESH = Duration.ofSeconds(2);
    private static final String LATENCY = "ndxp_service_latency_seconds";
    private static final MetricMetadata LATENCY_METADATA = new MetricMetadata(LATENCY,
            "Latency of the requests to the provider system's services (durationMs), over all time", Unit.SECONDS);
    private static final double[] LE = LatencyBuckets.upperBoundsSeconds();

    private final AnalyticsReader reader;
    private final TaskCounters counters;
    private final Map<String, String> expected;
    private final long minRefreshNanos;
    private long lastRefresh;
    private boolean refreshed;
    /** Provider system to its agency: the systems whose series are registered, sorted. */
    private final Map<String, String> boundSystems = new TreeMap<>();
    private final Map<String, Meter> activeGauges = new HashMap<>();
    private PrometheusMeterRegistry registry;
    private volatile AnalyticsSnapshot snapshot = AnalyticsSnapshot.EMPTY;

    public AnalyticsMetrics(AnalyticsReader reader) {
        this(reader, null, Map.of(), MIN_REFRESH);
    }

    /**
     * @param counters the {@code _total} counters: what this process's tasks counted while they ran
     *                 here ({@link TaskCounters}); without them, the stores' values as they are now
     */
    public AnalyticsMetrics(AnalyticsReader reader, TaskCounters counters) {
        this(reader, counters, Map.of(), MIN_REFRESH);
    }

    /**
     * @param expected provider system to its agency, registered from the start (at 0) so that
     *                 {@code increase()} sees their first requests; other systems are registered
     *                 when first counted
     */
    public AnalyticsMetrics(AnalyticsReader reader, TaskCounters counters, Map<String, String> expected) {
        this(reader, counters, expected, MIN_REFRESH);
    }

    AnalyticsMetrics(AnalyticsReader reader, Duration minRefresh) {
        this(reader, null, Map.of(), minRefresh);
    }

    AnalyticsMetrics(AnalyticsReader reader, TaskCounters counters, Map<String, String> expected,
                             Duration minRefresh) {
        this.reader = reader;
        this.counters = counters;
        this.expected = Map.copyOf(expected);
        this.minRefreshNanos = minRefresh.toNanos();
    }

    /**
     * Registers the meters, and the histogram as a collector of the registry's Prometheus registry:
     * Micrometer has no meter for a histogram whose bucket counts are kept elsewhere.
     */
    public synchronized void bindTo(PrometheusMeterRegistry registry) {
        this.registry = registry;
        registry.getPrometheusRegistry().register(new LatencyCollector());
        for (AlertType type : AlertType.values()) {
            FunctionCounter.builder("ndxp.alerts", this,
                            m -> m.counters == null ? m.snapshot.raised(type) : m.counters.total(TaskCounters.alertsRaised(type.name())))
                    .description("Alerts raised, by type (each one also sent to ndxp.alerts)")
                    .tag("type", type.name())
                    .register(registry);
            Gauge.builder("ndxp.alerts.active", this, m -> m.snapshot.active().stream()
                            .filter(k -> k.startsWith(type + "/")).count())
                    .description("Alerts active now, by type")
                    .tag("type", type.name())
                    .register(registry);
        }
        expected.forEach(this::bindSystem);
        refresh();
    }

    /** Reads the stores again; while they are unavailable (rebalancing, stopped) the last values stay. */
    public synchronized void refresh() {
        long now = System.nanoTime();
        if (refreshed && now - lastRefresh < minRefreshNanos) {
            return;
        }
        lastRefresh = now;
        refreshed = true;
        AnalyticsSnapshot next;
        try {
            next = reader.read();
        } catch (InvalidStateStoreException | IllegalStateException e) { // rebalancing, or stopped
            log.debug("Analytics stores not queryable yet: {}", e.getMessage());
            return;
        }
        snapshot = next;
        for (String system : next.systems()) {
            bindSystem(system, next.agency(system));
        }
        if (counters != null) {
            // A system counted here whose task has moved on still has its counters.
            for (String key : counters.totals().keySet()) {
                if (key.startsWith("service/")) {
                    String[] p = key.split("/");
                    bindSystem(p[2], p[1]);
                }
            }
        }
        for (String key : next.active()) {
            if (!activeGauges.containsKey(key)) {
                int slash = key.indexOf('/');
                activeGauges.put(key, Gauge.builder("ndxp.alert.active", this, m -> m.snapshot.isActive(key) ? 1 : 0)
                        .description("1 while the alert of this type is active for this system")
                        .tags("type", key.substring(0, slash), "subject", key.substring(slash + 1))
                        .register(registry));
            }
        }
        activeGauges.entrySet().removeIf(e -> {
            if (next.isActive(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
    }

    /** Registers the system's series, unless they are. */
    private void bindSystem(String system, String agency) {
        if (boundSystems.putIfAbsent(system, agency) != null) {
            return;
        }
        for (ExchangeStatus status : ExchangeStatus.values()) {
            FunctionCounter.builder("ndxp.service.requests", this, m -> m.counters == null ? m.snapshot.requests(system, status)
                            : m.counters.total(TaskCounters.serviceRequests(agency, system, status)))
                    .description("Requests to the provider system's services, by status, over all time")
                    .tags("provider_agency", agency, "provider_system", system, "status", status.name())
                    .register(registry);
        }
    }

    /** The histogram of every registered system, now: the counters as of one moment, so that no commit tears it. */
    private synchronized HistogramSnapshot latencyHistogram() {
        Map<String, Long> totals = counters == null ? Map.of() : counters.totals();
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>(boundSystems.size());
        boundSystems.forEach((system, agency) -> {
            long[] counts;
            long sumMs;
            if (counters == null) {
                Counts.Totals t = snapshot.totals(system);
                counts = t.latencyBuckets().clone();
                sumMs = t.latencySumMs();
            } else {
                counts = new long[LatencyBuckets.BUCKETS];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = totals.getOrDefault(TaskCounters.latencyBucket(agency, system, i), 0L);
                }
                sumMs = totals.getOrDefault(TaskCounters.latencySumMs(agency, system), 0L);
            }
            points.add(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(LE, counts))
                    .sum(sumMs / 1000.0)
                    .labels(Labels.of("provider_agency", agency, "provider_system", system))
                    .build());
        });
        return new HistogramSnapshot(LATENCY_METADATA, points);
    }

    /** {@code ndxp_service_latency_seconds}, named so that a filtered scrape skips it unless asked for. */
    private final class LatencyCollector implements Collector {
        @Override
        public HistogramSnapshot collect() {
            return latencyHistogram();
        }

        @Override
        public String getPrometheusName() {
            return LATENCY;
        }

        @Override
        public MetricFamilyDescriptor getMetricFamilyDescriptor() {
            return MetricFamilyDescriptor.of(MetricType.HISTOGRAM, LATENCY_METADATA, List.of("provider_agency", "provider_system"));
        }
    }
}
