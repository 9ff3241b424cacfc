package vn.ndxp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How far behind each stage of this instance is, for the alert on counting that stops while input
 * arrives (the values of {@code /ready}'s last check, at most a second old):
 * <ul>
 *   <li>{@code ndxp_stage_lag_records{stage}}: records between the group's committed offsets and the
 *       log end (high watermark, not the last stable offset) over the instance's partitions of the
 *       stage: {@code input} (ndxp.exchange-events), {@code counts} (the partial counts) or
 *       {@code analytics} (the analytics partials)</li>
 *   <li>{@code ndxp_stage_held_partitions{stage}}: of those, the partitions held behind a
 *       transaction open for over a minute, which a read-committed consumer cannot pass</li>
 * </ul>
 */
public final class StageLagMetrics implements MeterBinder {
    public static final List<String> STAGES = List.of("input", "counts", "analytics");

    /** Per stage: records behind the log end, and partitions held. */
    public record Lag(long records, int held) {}

    private final Supplier<Map<String, Lag>> stages;

    public StageLagMetrics(Supplier<Map<String, Lag>> stages) {
        this.stages = stages;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String stage : STAGES) {
            Gauge.builder("ndxp.stage.lag.records", this, m -> m.lag(stage).records())
                    .description("Records of the stage's partitions on this instance not yet committed as processed,"
                            + " counted to the log end")
                    .tag("stage", stage)
                    // Nothing else holds this binder: a weak reference would let the gauge go NaN.
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("ndxp.stage.held.partitions", this, m -> m.lag(stage).held())
                    .description("Partitions of the stage held behind a transaction open for over a minute")
                    .tag("stage", stage)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private Lag lag(String stage) {
        return stages.get().getOrDefault(stage, new Lag(0, 0));
    }
}
