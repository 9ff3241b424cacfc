package vn.ndxp.metrics;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Alerts;
import vn.ndxp.topology.analytics.Counts;

/** Reads the analytics stores into an {@link AnalyticsSnapshot}. */
@FunctionalInterface
public interface AnalyticsReader {
    AnalyticsSnapshot read();

    /** Interactive queries against the local instance of a running app. */
    static AnalyticsReader of(KafkaStreams streams) {
        return () -> LocalStores.readOr(streams, () -> read(
                streams.store(StoreQueryParameters.fromNameAndType(Names.SERVICE_TOTALS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.ALERTS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore()))), AnalyticsSnapshot.EMPTY);
    }

    static AnalyticsSnapshot read(ReadOnlyKeyValueStore<String, byte[]> totals, ReadOnlyKeyValueStore<String, byte[]> alerts) {
        AnalyticsSnapshot snapshot = new AnalyticsSnapshot();
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                snapshot.addSystem(kv.key, Counts.Totals.decode(kv.value));
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
}
