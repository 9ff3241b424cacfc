package vn.ndxp.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Alerts;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.HealthStats;
import vn.ndxp.topology.analytics.SystemHealth;

/** Reads the analytics stores into an {@link AnalyticsSnapshot}. */
@FunctionalInterface
public interface AnalyticsReader {
    /** Latency quantiles on /metrics cover the newest minutes of the minute store. */
    Duration LATENCY_WINDOW = Duration.ofMinutes(5);

    AnalyticsSnapshot read();

    /** Interactive queries against the local instance of a running app. */
    static AnalyticsReader of(KafkaStreams streams) {
        return () -> read(
                streams.store(StoreQueryParameters.fromNameAndType(Names.SERVICE_TOTALS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.SERVICE_MINUTE_STORE,
                        QueryableStoreTypes.<String, byte[]>windowStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.ALERTS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    static AnalyticsSnapshot read(ReadOnlyKeyValueStore<String, byte[]> totals, ReadOnlyWindowStore<String, byte[]> minutes,
                                  ReadOnlyKeyValueStore<String, byte[]> alerts) {
        AnalyticsSnapshot snapshot = new AnalyticsSnapshot();
        Map<String, HealthStats> recent = recentLatency(minutes);
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Counts.Totals t = Counts.Totals.decode(kv.value);
                HealthStats stats = recent.get(kv.key);
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

    /** Per system, every service merged over the newest {@link #LATENCY_WINDOW} of the store. */
    private static Map<String, HealthStats> recentLatency(ReadOnlyWindowStore<String, byte[]> minutes) {
        long newest = Long.MIN_VALUE;
        try (KeyValueIterator<Windowed<String>, byte[]> it = minutes.backwardAll()) {
            if (it.hasNext()) {
                newest = it.next().key.window().start();
            }
        }
        Map<String, HealthStats> bySystem = new HashMap<>();
        if (newest == Long.MIN_VALUE) {
            return bySystem;
        }
        long from = newest - LATENCY_WINDOW.toMillis() + 60_000;
        try (KeyValueIterator<Windowed<String>, byte[]> it = minutes.fetchAll(java.time.Instant.ofEpochMilli(from), java.time.Instant.ofEpochMilli(newest))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, byte[]> kv = it.next();
                bySystem.computeIfAbsent(kv.key.key(), k -> new HealthStats()).merge(SystemHealth.decode(kv.value).total());
            }
        }
        return bySystem;
    }
}
