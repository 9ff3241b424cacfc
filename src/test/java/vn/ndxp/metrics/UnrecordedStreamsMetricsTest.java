package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsDriver;

/**
 * The project's topology run at the default recording level (INFO), its Kafka metrics bound as
 * Micrometer binds a running app's: every metric that moved is kept, and most of those that never
 * move are left out.
 */
class UnrecordedStreamsMetricsTest {
    @Test
    void keepsEveryStreamsMetricThatMovedAtInfoAndLeavesOutMostOfTheOthers(@TempDir Path stateDir) throws Exception {
        Instant nine = Instant.parse("2024-04-24T02:00:00Z");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<String> movedButDenied = new ArrayList<>();
        int streams = 0;
        int denied = 0;
        try (AnalyticsDriver t = new AnalyticsDriver(stateDir, AnalyticsConfig.defaults(), nine)) {
            for (int i = 0; i < 200; i++) {
                t.send(AnalyticsDriver.event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN",
                        nine.plusSeconds(i * 20L), i % 10 == 0 ? ExchangeStatus.TIMEOUT : ExchangeStatus.SUCCESS, 100 + i));
                if (i % 50 == 49) {
                    t.flush();
                }
            }
            MeterBinder kafka = kafkaMetrics(t.driver::metrics);
            kafka.bindTo(registry);
            for (Meter m : registry.getMeters()) {
                if (!m.getId().getName().startsWith("kafka.stream.")) {
                    continue;
                }
                streams++;
                if (UnrecordedStreamsMetrics.unrecordedAtInfo(m.getId())) {
                    denied++;
                    if (moved(m)) {
                        movedButDenied.add(m.getId().toString());
                    }
                }
            }
            List<Meter.Id> ids = registry.getMeters().stream().map(Meter::getId).toList();
            ((AutoCloseable) kafka).close();
            assertThat(movedButDenied).as("recorded at INFO, so kept").isEmpty();
            assertThat(denied).as("left out of %d Kafka Streams metrics", streams).isGreaterThan(streams / 2);
            assertThat(registered(ids, "info")).hasSize(ids.size() - denied);
            assertThat(registered(ids, "DEBUG")).as("all recorded at DEBUG").hasSameSizeAs(ids);
        }
    }

    /** The meters a registry with the filter keeps of these. */
    private static List<Meter> registered(List<Meter.Id> ids, String recordingLevel) {
        PrometheusMeterRegistry filtered = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        filtered.config().meterFilter(UnrecordedStreamsMetrics.denyAt(recordingLevel));
        ids.forEach(id -> filtered.gauge(id.getName(), id.getTags(), 1));
        return filtered.getMeters();
    }

    private static boolean moved(Meter m) {
        for (Measurement x : m.measure()) {
            if (x.getValue() != 0 && Double.isFinite(x.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Micrometer's own binder of Kafka metrics, as KafkaStreamsMetrics uses it on a running app's. */
    private static MeterBinder kafkaMetrics(Supplier<Map<MetricName, ? extends Metric>> metrics) throws Exception {
        Constructor<?> c = Class.forName("io.micrometer.core.instrument.binder.kafka.KafkaMetrics")
                .getDeclaredConstructor(Supplier.class);
        c.setAccessible(true);
        return (MeterBinder) c.newInstance(metrics);
    }
}
