package vn.ndxp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Service health and alerts for Prometheus, read from the analytics stores before each scrape (so,
 * like the counts, exactly what the exactly-once state holds). Labels are bounded by the catalog:
 * service-level detail (674 services) stays in the query API; Prometheus gets provider systems.
 *
 * <ul>
 *   <li>{@code ndxp_service_requests_total{provider_agency,provider_system,status}}: counter, all time
 *       (5 series per provider system: 1,750 for the default catalog's 350)</li>
 *   <li>{@code ndxp_service_latency_seconds{provider_agency,provider_system,quantile}}: gauge, the
 *       0.5, 0.95 and 0.99 quantiles over the 5 complete minutes of event time before the rules'
 *       clock, from the DDSketches (1 % relative error), NaN without requests in that time (3 series
 *       per provider system)</li>
 *   <li>{@code ndxp_alerts_total{type}}: counter of alerts raised (3 series)</li>
 *   <li>{@code ndxp_alerts_active{type}}: gauge, alerts active now (3 series)</li>
 *   <li>{@code ndxp_alert_active{type,subject}}: 1 while an alert is active; the series goes away
 *       when it clears (at most one per type and system)</li>
 * </ul>
 *
 * With several instances each exposes the systems its tasks own, so sums over instances are right.
 * The stores are read at most every 2 s, however often /metrics is scraped.
 */
public final class AnalyticsMetrics implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(AnalyticsMetrics.class);

    /** Scrapes closer together than this reuse the last read: latency needs no sub-second freshness. */
    static final Duration MIN_REFRESH = Duration.ofSeconds(2);

    private final AnalyticsReader reader;
    private final TaskCounters counters;
    private final Map<String, String> expected;
    private final long minRefreshNanos;
    private long lastRefresh;
    private boolean refreshed;
    private final Set<String> boundSystems = new HashSet<>();
    private final Map<String, Meter> activeGauges = new HashMap<>();
    private MeterRegistry registry;
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
     * @param expected provider system to its agency, registered from the start (requests at 0,
     *                 latency NaN) so that {@code increase()} sees their first requests; other
     *                 systems are registered when first counted
     */
    public AnalyticsMetrics(AnalyticsReader reader, TaskCounters counters, Map<String, String> expected) {
        this(reader, counters, expected, MIN_REFRESH);
    }

    AnalyticsMetrics(AnalyticsReader reader, Duration minRefresh) {
        this(reader, null, Map.of(), minRefresh);
    }

    private AnalyticsMetrics(AnalyticsReader reader, TaskCounters counters, Map<String, String> expected,
                             Duration minRefresh) {
        this.reader = reader;
        this.counters = counters;
        this.expected = Map.copyOf(expected);
        this.minRefreshNanos = minRefresh.toNanos();
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
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
        expected.forEach((system, agency) -> {
            if (boundSystems.add(system)) {
                bindSystem(system, agency);
            }
        });
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
            if (boundSystems.add(system)) {
                bindSystem(system, next.agency(system));
            }
        }
        if (counters != null) {
            // A system counted here whose task has moved on still has its counters.
            for (String key : counters.totals().keySet()) {
                if (key.startsWith("service/")) {
                    String[] p = key.split("/");
                    if (boundSystems.add(p[2])) {
                        bindSystem(p[2], p[1]);
                    }
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

    private void bindSystem(String system, String agency) {
        for (ExchangeStatus status : ExchangeStatus.values()) {
            FunctionCounter.builder("ndxp.service.requests", this, m -> m.counters == null ? m.snapshot.requests(system, status)
                            : m.counters.total(TaskCounters.serviceRequests(agency, system, status)))
                    .description("Requests to the provider system's services, by status, over all time")
                    .tags("provider_agency", agency, "provider_system", system, "status", status.name())
                    .register(registry);
        }
        for (int i = 0; i < AnalyticsSnapshot.QUANTILES.length; i++) {
            int q = i;
            Gauge.builder("ndxp.service.latency", this, m -> m.snapshot.latencySeconds(system, q))
                    .description("Latency of the provider system's services over the newest 5 minutes of event time"
                            + " (DDSketch, 1 % relative error)")
                    .baseUnit("seconds")
                    .tags("provider_agency", agency, "provider_system", system,
                            "quantile", Double.toString(AnalyticsSnapshot.QUANTILES[q]))
                    .register(registry);
        }
    }
}
