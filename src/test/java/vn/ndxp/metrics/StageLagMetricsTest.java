package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageLagMetricsTest {
    @Test
    void eachStageReadsTheLastCheckAndTheGaugesOutliveTheirBinder() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, StageLagMetrics.Lag> lags = Map.of("input", new StageLagMetrics.Lag(42, 0), "counts", new StageLagMetrics.Lag(7, 1));
        new StageLagMetrics(() -> lags).bindTo(registry); // held by nothing but the registry, as in the app
        System.gc();
        assertThat(registry.get("ndxp.stage.lag.records").tag("stage", "input").gauge().value()).isEqualTo(42);
        assertThat(registry.get("ndxp.stage.lag.records").tag("stage", "counts").gauge().value()).isEqualTo(7);
        assertThat(registry.get("ndxp.stage.held.partitions").tag("stage", "counts").gauge().value()).isEqualTo(1);
        assertThat(registry.get("ndxp.stage.lag.records").tag("stage", "analytics").gauge().value()).as("no check yet").isZero();
    }
}
