package vn.ndxp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAccumulator;
import vn.ndxp.topology.analytics.EventTimes;

/**
 * {@code ndxp_event_lag_seconds}: freshness, the processing wall clock minus the event's
 * requestTime, for every valid event, as a Prometheus histogram. Recorded while processing (not
 * read from a store), so an event processed again after a crash is measured again: right for a
 * latency distribution, unlike a count.
 *
 * <p>Buckets from 100 ms (live traffic through a healthy platform) to a day (a replay of a past
 * date measures how far behind real time it is): 14 bucket series plus {@code _count} and
 * {@code _sum}. Freshness is the event's age when the streams app sees it; what /metrics shows of
 * the counts lags it by at most one commit interval and the scrape interval.
 *
 * <p>A Prometheus client histogram, registered in the Micrometer registry's Prometheus registry,
 * rather than a Micrometer Timer or DistributionSummary: a Timer sums nanoseconds in a long, which a
 * replay of a day two years ago overflows within a hundred events, and a DistributionSummary rounds
 * values up to whole units before choosing a bucket, which empties every sub-second bucket.
 *
 * <p>{@code ndxp_event_newest_timestamp_seconds}: the event time of the newest event processed, so
 * that {@code time() - ndxp_event_newest_timestamp_seconds} shows freshness when traffic stops too,
 * which a histogram of the events that do come cannot. NaN until the first event.
 */
public final class EventLagMetrics {
    /** Seconds: 100 ms to a day. */
    private static final double[] BUCKETS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3_600, 21_600, 86_400};

    private final Histogram lag;
    private final LongAccumulator newestEventMillis = new LongAccumulator(Math::max, Long.MIN_VALUE);

    public EventLagMetrics(PrometheusMeterRegistry registry) {
        this.lag = Histogram.builder()
                .name("ndxp_event_lag_seconds")
                .help("Processing wall clock minus event time (requestTime) of each valid event")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry.getPrometheusRegistry());
        Gauge.builder("ndxp.event.newest.timestamp", newestEventMillis,
                        n -> n.get() == Long.MIN_VALUE ? Double.NaN : n.get() / 1000.0)
                .description("Event time (requestTime) of the newest event processed")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** For the topology: an event from the future counts as a lag of 0. */
    public EventTimes recorder() {
        return (wallMs, eventMs) -> {
            lag.observe(Math.max(0, wallMs - eventMs) / 1000.0);
            newestEventMillis.accumulate(eventMs);
        };
    }
}
