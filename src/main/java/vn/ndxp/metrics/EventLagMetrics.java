package vn.ndxp.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * {@code ndxp_event_lag_seconds}: freshness, the processing wall clock minus the event's
 * requestTime, for every valid event, as a Prometheus histogram. Recorded while processing (not
 * read from a store), so an event processed again after a crash is measured again: right for a
 * latency distribution, unlike a count.
 *
 * <p>Buckets from 100 ms (live traffic through a healthy platform) to a day (a replay of a past
 * date measures how far behind real time it is): 16 series with {@code _count}, {@code _sum} and
 * {@code _max}. Freshness is the event's age when the streams app sees it; what /metrics shows of
 * the counts lags it by at most one commit interval and the scrape interval.
 */
public final class EventLagMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)};

    private final Timer timer;

    public EventLagMetrics(MeterRegistry registry) {
        this.timer = Timer.builder("ndxp.event.lag")
                .description("Processing wall clock minus event time (requestTime) of each valid event")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** For the topology: takes the lag in milliseconds; an event from the future counts as 0. */
    public LongConsumer recorder() {
        return ms -> timer.record(Math.max(0, ms), TimeUnit.MILLISECONDS);
    }
}
