package vn.ndxp.metrics;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.topology.Names;

/** Reads the counting stores into a {@link CountsSnapshot}. */
@FunctionalInterface
public interface CountsReader {
    CountsSnapshot read();

    /** Interactive queries against the local instance of a running app. */
    static CountsReader of(KafkaStreams streams) {
        return () -> {
            CountsSnapshot snapshot = new CountsSnapshot();
            // The counts and the hygiene counters live in different tasks, which may be on different instances.
            LocalStores.ifHostedHere(streams, () -> addCounts(snapshot, streams.store(StoreQueryParameters.fromNameAndType(
                    Names.DAILY_COUNTS_STORE, QueryableStoreTypes.<String, AgencyDailyCount>keyValueStore()))));
            LocalStores.ifHostedHere(streams, () -> addHygiene(snapshot, streams.store(StoreQueryParameters.fromNameAndType(
                    Names.HYGIENE_STORE, QueryableStoreTypes.<String, Long>keyValueStore()))));
            return snapshot;
        };
    }

    private static void addCounts(CountsSnapshot snapshot, ReadOnlyKeyValueStore<String, AgencyDailyCount> counts) {
        try (KeyValueIterator<String, AgencyDailyCount> it = counts.all()) {
            it.forEachRemaining(kv -> snapshot.addCount(kv.value));
        }
    }

    private static void addHygiene(CountsSnapshot snapshot, ReadOnlyKeyValueStore<String, Long> hygiene) {
        try (KeyValueIterator<String, Long> it = hygiene.all()) {
            it.forEachRemaining((KeyValue<String, Long> kv) -> snapshot.addHygiene(kv.key, kv.value));
        }
    }
}
