package vn.ndxp.loadtest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's own metrics, so that one dashboard shows the load next to the platform:
 *
 * <ul>
 *   <li>{@code ndxp_loadgen_events_sent_total}, {@code _acked_total}, {@code _failed_total}: counters</li>
 *   <li>{@code ndxp_loadgen_bad_records_total}: records of the file that could not be read</li>
 *   <li>{@code ndxp_loadgen_target_rate_events_per_second}: gauge, the {@code --rate} target (ramped);
 *       NaN for {@code --speed} and {@code --max}</li>
 *   <li>{@code ndxp_loadgen_send_latency_seconds{measured_from}}: histogram of send → acknowledgement,
 *       {@code measured_from="intended"} from the scheduled send time (coordinated omission corrected),
 *       {@code measured_from="send"} from the {@code send()} call (naive)</li>
 * </ul>
 */
public final class LoadgenMetrics implements MeterBinder {
    /** Histogram buckets: the latencies a Kafka producer sees, from sub-millisecond to a stalled broker. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final LoadStats stats;

    public LoadgenMetrics(LoadStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("ndxp.loadgen.events.sent", stats, LoadStats::sent)
                .description("Events handed to the producer").register(registry);
        FunctionCounter.builder("ndxp.loadgen.events.acked", stats, LoadStats::acked)
                .description("Events the broker acknowledged").register(registry);
        FunctionCounter.builder("ndxp.loadgen.events.failed", stats, LoadStats::failedCount)
                .description("Events whose send failed").register(registry);
        FunctionCounter.builder("ndxp.loadgen.bad.records", stats, LoadStats::badRecords)
                .description("Records of the replayed file that could not be read").register(registry);
        // Held strongly here: the function counters above hold the stats weakly, and a replay's final
        // scrape may come after its last use of them.
        Gauge.builder("ndxp.loadgen.target.rate", stats, s -> s.currentTargetRate(System.nanoTime()))
                .description("Events per second the --rate schedule asks for now (NaN for --speed and --max)")
                .baseUnit("events.per.second").strongReference(true).register(registry);
        Timer intended = latency(registry, "intended",
                "Send latency from the scheduled send time to the acknowledgement (coordinated omission corrected)");
        Timer naive = latency(registry, "send", "Send latency from the send() call to the acknowledgement");
        stats.addListener((correctedNanos, naiveNanos) -> {
            intended.record(Math.max(0, correctedNanos), TimeUnit.NANOSECONDS);
            naive.record(Math.max(0, naiveNanos), TimeUnit.NANOSECONDS);
        });
    }

    private static Timer latency(MeterRegistry registry, String measuredFrom, String description) {
        return Timer.builder("ndxp.loadgen.send.latency").description(description).tag("measured_from", measuredFrom)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
