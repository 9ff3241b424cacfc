package vn.ndxp.metrics.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FilteredScrapeRegistryTest {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Test
    void aFilteredScrapeReadsOnlyTheFamiliesItAsksForOnceEachCollectorIsKnown() {
        PrometheusMeterRegistry registry = FilteredScrapeRegistry.meterRegistry();
        AtomicInteger otherReads = new AtomicInteger();
        Gauge.builder("kafka.consumer.fetch.rate", () -> otherReads.incrementAndGet()).register(registry);
        registry.counter("ndxp.platform.transactions").increment(42);

        assertThat(registry.scrape(TEXT, Set.of("ndxp_platform_transactions"))).contains("ndxp_platform_transactions_total 42.0")
                .doesNotContain("kafka_consumer_fetch_rate");
        int afterFirst = otherReads.get();
        registry.counter("ndxp.platform.transactions").increment();
        for (int i = 0; i < 5; i++) {
            assertThat(registry.scrape(TEXT, Set.of("ndxp_platform_transactions")))
                    .contains("ndxp_platform_transactions_total 43.0").doesNotContain("kafka_consumer_fetch_rate");
        }

        assertThat(otherReads.get()).isEqualTo(afterFirst);
        assertThat(registry.scrape()).contains("kafka_consumer_fetch_rate", "ndxp_platform_transactions_total 43.0");
        assertThat(otherReads.get()).isEqualTo(afterFirst + 1);
    }

    @Test
    void everyFamilyOfAMeterIsSelectableAndRemovedMetersDisappear() {
        PrometheusMeterRegistry registry = FilteredScrapeRegistry.meterRegistry();
        registry.timer("ndxp.send.latency").record(Duration.ofMillis(5));
        Gauge gauge = Gauge.builder("ndxp.alerts.active", () -> 2).tag("type", "ERROR_RATE").register(registry);

        assertThat(registry.scrape()).contains("ndxp_send_latency_seconds_max", "ndxp_alerts_active{type=\"ERROR_RATE\"} 2.0");
        assertThat(registry.scrape(TEXT, Set.of("ndxp_send_latency_seconds_max"))).contains("ndxp_send_latency_seconds_max")
                .doesNotContain("ndxp_send_latency_seconds_count", "ndxp_alerts_active");
        assertThat(registry.scrape(TEXT, Set.of("ndxp_send_latency_seconds"))).contains("ndxp_send_latency_seconds_count 1")
                .doesNotContain("ndxp_send_latency_seconds_max");

        registry.remove(gauge);
        assertThat(registry.scrape()).doesNotContain("ndxp_alerts_active");
        Gauge.builder("ndxp.alerts.active", () -> 3).tag("type", "ERROR_RATE").register(registry);
        assertThat(registry.scrape(TEXT, Set.of("ndxp_alerts_active"))).contains("ndxp_alerts_active{type=\"ERROR_RATE\"} 3.0");
    }
}
