package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.ndxp.testing.PrometheusText.key;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsDriver;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.testing.PrometheusText;

class AnalyticsMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Map<String, Double> scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void serviceRequestsAndLatencyPerProviderSystemWithBoundedLabels() {
        AnalyticsSnapshot s = new AnalyticsSnapshot();
        s.addSystem("BCA_CSDLQGDC", "BCA", new long[] {90, 4, 3, 2, 1}, new double[] {0.044, 0.2, 0.55});
        s.addRaised(AlertType.PROVIDER_ERROR_RATIO, 2);
        new AnalyticsMetrics(() -> s, Duration.ZERO).bindTo(registry);

        Map<String, Double> m = scrape();
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "SUCCESS"))).isEqualTo(90.0);
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "REJECTED"))).isEqualTo(1.0);
        assertThat(m.get(key("ndxp_service_latency_seconds", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "quantile", "0.99"))).isCloseTo(0.55, within(1e-9));
        assertThat(m.get(key("ndxp_alerts_total", "type", "PROVIDER_ERROR_RATIO"))).isEqualTo(2.0);
        assertThat(m.get(key("ndxp_alerts_total", "type", "SILENT_SYSTEM"))).isZero();
        assertThat(m.keySet().stream().filter(k -> k.startsWith("ndxp_service_"))).hasSize(5 + 3);
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
            new AnalyticsMetrics(() -> AnalyticsReader.read(t.kv(Names.SERVICE_TOTALS_STORE),
                    t.window(Names.SERVICE_MINUTE_STORE), t.kv(Names.ALERTS_STORE),
                    t.driver.getKeyValueStore(Names.WATERMARK_STORE)), Duration.ZERO).bindTo(registry);
        }
        Map<String, Double> m = scrape();
        assertThat(m.get(key("ndxp_service_requests_total", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "status", "TIMEOUT"))).isEqualTo(10.0);
        // The rules' clock is at 09:09 (the minute of the newest event): the 5 complete minutes
        // before it, 09:04-09:08, hold i = 40..89: latencies 240-289 ms, median about 265.
        assertThat(m.get(key("ndxp_service_latency_seconds", "provider_agency", "BCA", "provider_system", "BCA_CSDLQGDC",
                "quantile", "0.5"))).isCloseTo(0.2645, within(0.003));
    }

    @Test
    void eventLagIsAHistogramInSeconds() {
        EventLagMetrics lag = new EventLagMetrics(registry);
        lag.recorder().accept(300);
        lag.recorder().accept(90_000);
        lag.recorder().accept(-5);
        Map<String, Double> m = scrape();
        assertThat(m.get("ndxp_event_lag_seconds_count")).isEqualTo(3.0);
        assertThat(m.get(key("ndxp_event_lag_seconds_bucket", "le", "0.5"))).isEqualTo(2.0);
        assertThat(m.get(key("ndxp_event_lag_seconds_bucket", "le", "300.0"))).isEqualTo(3.0);
        assertThat(m.get("ndxp_event_lag_seconds_sum")).isCloseTo(90.3, within(1e-9));
        assertThat(m.keySet().stream().filter(k -> k.startsWith("ndxp_event_lag_seconds_bucket"))).hasSize(14);
        assertThat(registry.scrape()).contains("# TYPE ndxp_event_lag_seconds histogram");
        lag.recorder().accept(2L * 365 * 86_400_000);
        assertThat(scrape().get("ndxp_event_lag_seconds_sum")).as("a replay of two years ago does not overflow")
                .isCloseTo(90.3 + 2 * 365 * 86_400, within(1e-3));
    }
}
