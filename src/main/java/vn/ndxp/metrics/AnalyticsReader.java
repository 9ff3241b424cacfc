package vn.ndxp.metrics;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Alerts;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.HealthStats;
import vn.ndxp.topology.analytics.SystemAnalytics;
import vn.ndxp.topology.analytics.SystemHealth;

/** Reads the analytics stores into an {@link AnalyticsSnapshot}. */
@FunctionalInterface
public interface AnalyticsReader {
    /** Latency quantiles on /metrics cover the complete minutes before the rules' clock. */
    Duration LATENCY_WINDOW = Duration.ofMinutes(5);

    AnalyticsSnapshot read();

    /** Interactive queries against the local instance of a running app. */
    static AnalyticsReader of(KafkaStreams streams) {
        return () -> LocalStores.readOr(streams, () -> read(
                streams.store(StoreQueryParameters.fromNameAndType(Names.SERVICE_TOTALS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.SERVICE_MINUTE_STORE,
                        QueryableStoreTypes.<String, byte[]>windowStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.ALERTS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.WATERMARK_STORE,
                        QueryableStoreTypes.<String, Long>keyValueStore()))), AnalyticsSnapshot.EMPTY);
    }

    static AnalyticsSnapshot read(ReadOnlyKeyValueStore<String, byte[]> totals, ReadOnlyWindowStore<String, byte[]> minutes,
                                  ReadOnlyKeyValueStore<String, byte[]> alerts, ReadOnlyKeyValueStore<String, Long> clocks) {
        AnalyticsSnapshot snapshot = new AnalyticsSnapshot();
        long clock = clock(clocks);
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Counts.Totals t = Counts.Totals.decode(kv.value);
                HealthStats stats = clock == Long.MIN_VALUE ? null : recent(minutes, kv.key, clock);
                double[] seconds = new double[AnalyticsSnapshot.QUANTILES.length];
                for (int i = 0; i < seconds.length; i++) {
                    seconds[i] = stats == null ? Double.NaN : stats.latencyMs(AnalyticsSnapshot.QUANTILES[i]) / 1000.0;
                }
                snapshot.addSystem(kv.key, t.agency(), t.byStatus(), seconds);
            }
        }
        for (AlertType type : AlertType.values()) {
            snapshot.addRaised(type, Alerts.count(alerts, type));
        }
        for (Alert a : Alerts.active(alerts)) {
            snapshot.addActive(a.getType(), a.getSubject());
        }
        return snapshot;
    }

    /** The newest rules' clock of the local tasks (each task keeps its own). */
    private static long clock(ReadOnlyKeyValueStore<String, Long> clocks) {
        long clock = Long.MIN_VALUE;
        try (KeyValueIterator<String, Long> it = clocks.range(SystemAnalytics.CLOCK, SystemAnalytics.CLOCK)) {
            while (it.hasNext()) {
                clock = Math.max(clock, it.next().value);
            }
        }
        return clock;
    }

    /** The system's services merged over the {@link #LATENCY_WINDOW} of complete minutes before the clock. */
    private static HealthStats recent(ReadOnlyWindowStore<String, byte[]> minutes, String system, long clock) {
        HealthStats merged = null;
        try (WindowStoreIterator<byte[]> it = minutes.fetch(system, Instant.ofEpochMilli(clock - LATENCY_WINDOW.toMillis()),
                Instant.ofEpochMilli(clock - 60_000))) {
            while (it.hasNext()) {
                if (merged == null) {
                    merged = new HealthStats();
                }
                merged.merge(SystemHealth.decode(it.next().value).total());
            }
        }
        return merged;
    }
}
