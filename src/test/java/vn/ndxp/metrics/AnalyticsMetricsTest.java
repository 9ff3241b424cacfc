package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.ndxp.testing.PrometheusText.key;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.LatencyBuckets;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsDriver;
import vn.ndxp.topology.analytics.EventTimes;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.testing.PrometheusText;

class AnalyticsMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Map<String, Double> scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    private static String bucket(String system, String le) {
        return key("ndxp_service_latency_seconds_bucket", "le", le, "provider_agency", system.substring(0, system.indexOf('_')),
                "provider_system", system);
    }

    private static String series(String name, String system) {
        return key(name, "provider_agency", system.substring(0, system.indexOf('_')), "provider_system", system);
    }

    @Test
    void serviceRequestsAndLatencyHistogramPerProviderSystemWithBoundedLabels() {
        AnalyticsSnapshot s = new AnalyticsSnapshot();
        long[] buckets = new long[LatencyBuckets.BUCKETS];
        buckets[0] = 60; // <= 50 ms
        buckets[5] = 35; // (1 s, 2 s]
        buckets[LatencyBuckets.BUCKETS - 1] = 5; // beyond 60 s
        s.addSystem("BCA_CSDLQGDC", new Counts.Totals("BCA", new long[] {90, 4, 3, 2, 1}, buckets, 1_234_567));
        s.addRaised(AlertType.PROVIDER_ERROR_RATIO, 2);
        new AnalyticsMetrics(() -> s, Duration.ZERO).bindTo(registry);

        Map<String, Double> m = scrape();
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "SUCCESS"))).isEqualTo(90.0);
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "REJECTED"))).isEqualTo(1.0);
        // Cumulative, as Prometheus reads them.
        assertThat(m.get(bucket("BCA_CSDLQGDC", "0.05"))).isEqualTo(60.0);
        assertThat(m.get(bucket("BCA_CSDLQGDC", "1.0"))).isEqualTo(60.0);
        assertThat(m.get(bucket("BCA_CSDLQGDC", "2.0"))).isEqualTo(95.0);
        assertThat(m.get(bucket("BCA_CSDLQGDC", "60.0"))).isEqualTo(95.0);
        assertThat(m.get(bucket("BCA_CSDLQGDC", "+Inf"))).isEqualTo(100.0);
        assertThat(m.get(series("ndxp_service_latency_seconds_count", "BCA_CSDLQGDC"))).isEqualTo(100.0);
        assertThat(m.get(series("ndxp_service_latency_seconds_sum", "BCA_CSDLQGDC"))).isCloseTo(1_234.567, within(1e-9));
        assertThat(registry.scrape()).contains("# TYPE ndxp_service_latency_seconds histogram");
        assertThat(m.get(key("ndxp_alerts_total", "type", "PROVIDER_ERROR_RATIO"))).isEqualTo(2.0);
        assertThat(m.get(key("ndxp_alerts_total", "type", "SILENT_SYSTEM"))).isZero();
        assertThat(m.keySet().stream().filter(k -> k.startsWith("ndxp_service_"))).as("5 statuses, 11 buckets, count, sum")
                .hasSize(5 + LatencyBuckets.BUCKETS + 2);
        assertThat(registry.scrape("text/plain; version=0.0.4; charset=utf-8", Set.of("ndxp_alerts")))
                .as("a filtered scrape").doesNotContain("ndxp_service_latency_seconds");
    }

    @Test
    void theHistogramCountsEveryRequestInTheBucketOfItsDurationAsTheTasksCommitted(@TempDir Path stateDir) {
        Instant nine = Instant.parse("2024-04-24T02:00:00Z");
        TaskCounters counters = new TaskCounters();
        int[] durations = {0, 50, 51, 100, 999, 1_000, 2_000, 2_001, 30_000, 60_000, 60_001, 3_600_000};
        try (AnalyticsDriver t = new AnalyticsDriver(stateDir, AnalyticsConfig.defaults(), nine, counters)) {
            AnalyticsMetrics metrics = new AnalyticsMetrics(() -> AnalyticsReader.read(t.kv(Names.SERVICE_TOTALS_STORE),
                    t.kv(Names.ALERTS_STORE)), counters, Map.of("BCA_CSDLQGDC", "BCA", "BTP_HOTICH", "BTP"), Duration.ZERO);
            metrics.bindTo(registry);
            assertThat(scrape().get(bucket("BTP_HOTICH", "+Inf"))).as("an expected system, from 0").isZero();
            for (int i = 0; i < durations.length; i++) {
                t.send(AnalyticsDriver.event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN",
                        nine.plusSeconds(i), i % 2 == 0 ? ExchangeStatus.SUCCESS : ExchangeStatus.TIMEOUT, durations[i]));
            }
            t.flush();
            metrics.refresh();
        }
        Map<String, Double> m = scrape();
        Map<String, Double> expected = new TreeMap<>(Map.of("0.05", 2.0, "0.1", 4.0, "0.25", 4.0, "0.5", 4.0, "1.0", 6.0,
                "2.0", 7.0, "5.0", 8.0, "10.0", 8.0, "30.0", 9.0, "60.0", 10.0));
        expected.put("+Inf", 12.0);
        expected.forEach((le, count) -> assertThat(m.get(bucket("BCA_CSDLQGDC", le))).as("le=%s", le).isEqualTo(count));
        assertThat(m.get(series("ndxp_service_latency_seconds_count", "BCA_CSDLQGDC"))).isEqualTo(12.0);
        assertThat(m.get(series("ndxp_service_latency_seconds_sum", "BCA_CSDLQGDC")))
                .isCloseTo(IntStream.of(durations).sum() / 1000.0, within(1e-9));
        assertThat(m.get(bucket("BTP_HOTICH", "+Inf"))).isZero();
    }

    @Test
    void anActiveAlertHasASeriesUntilItClears() {
        AnalyticsSnapshot[] current = {new AnalyticsSnapshot()};
        current[0].addActive(AlertType.SILENT_SYSTEM, "HNI_MOTCUA");
        AnalyticsMetrics metrics = new AnalyticsMetrics(() -> current[0], Duration.ZERO);
        metrics.bindTo(registry);
        String series = key("ndxp_alert_active", "subject", "HNI_MOTCUA", "type", "SILENT_SYSTEM");
        assertThat(scrape().get(series)).isEqualTo(1.0);
        assertThat(scrape().get(key("ndxp_alerts_active", "type", "SILENT_SYSTEM"))).isEqualTo(1.0);

        current[0] = new AnalyticsSnapshot();
        metrics.refresh();
        assertThat(scrape()).doesNotContainKey(series);
        assertThat(scrape().get(key("ndxp_alerts_active", "type", "SILENT_SYSTEM"))).isZero();
    }

    @Test
    void readsTheTopologysStores(@TempDir Path stateDir) {
        Instant nine = Instant.parse("2024-04-24T02:00:00Z");
        try (AnalyticsDriver t = new AnalyticsDriver(stateDir, AnalyticsConfig.defaults(), nine)) {
            for (int i = 0; i < 100; i++) {
                t.send(AnalyticsDriver.event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", nine.plusSeconds(i * 6L),
                        i < 90 ? ExchangeStatus.SUCCESS : ExchangeStatus.TIMEOUT, 200 + i));
                if (i % 10 == 9) {
                    t.flush();
                }
            }
            new AnalyticsMetrics(() -> AnalyticsReader.read(t.kv(Names.SERVICE_TOTALS_STORE), t.kv(Names.ALERTS_STORE)),
                    Duration.ZERO).bindTo(registry);
        }
        Map<String, Double> m = scrape();
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "TIMEOUT"))).isEqualTo(10.0);
        // Latencies 200-299 ms: 51 up to 250 ms.
        assertThat(m.get(bucket("BCA_CSDLQGDC", "0.25"))).isEqualTo(51.0);
        assertThat(m.get(bucket("BCA_CSDLQGDC", "0.5"))).isEqualTo(100.0);
        assertThat(m.get(series("ndxp_service_latency_seconds_sum", "BCA_CSDLQGDC"))).isCloseTo(24.95, within(1e-9));
    }

    @Test
    void eventLagIsAHistogramInSeconds() {
        EventTimes lag = new EventLagMetrics(registry).recorder();
        long now = System.currentTimeMillis();
        lag.record(now, now - 300);
        lag.record(now, now - 90_000);
        lag.record(now, now + 5);
        Map<String, Double> m = scrape();
        assertThat(m.get("ndxp_event_lag_seconds_count")).isEqualTo(3.0);
        assertThat(m.get(key("ndxp_event_lag_seconds_bucket", "le", "0.5"))).isEqualTo(2.0);
        assertThat(m.get(key("ndxp_event_lag_seconds_bucket", "le", "300.0"))).isEqualTo(3.0);
        assertThat(m.get("ndxp_event_lag_seconds_sum")).isCloseTo(90.3, within(1e-9));
        assertThat(m.keySet().stream().filter(k -> k.startsWith("ndxp_event_lag_seconds_bucket"))).hasSize(14);
        assertThat(registry.scrape()).contains("# TYPE ndxp_event_lag_seconds histogram");
        lag.record(now, now - 2L * 365 * 86_400_000);
        assertThat(scrape().get("ndxp_event_lag_seconds_sum")).as("a replay of two years ago does not overflow")
                .isCloseTo(90.3 + 2 * 365 * 86_400, within(1e-3));
    }
}
