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
        return () -> read(
                streams.store(StoreQueryParameters.fromNameAndType(Names.DAILY_COUNTS_STORE,
                        QueryableStoreTypes.<String, AgencyDailyCount>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(Names.HYGIENE_STORE,
                        QueryableStoreTypes.<String, Long>keyValueStore())));
    }

    static CountsSnapshot read(ReadOnlyKeyValueStore<String, AgencyDailyCount> counts,
                               ReadOnlyKeyValueStore<String, Long> hygiene) {
        CountsSnapshot snapshot = new CountsSnapshot();
        try (KeyValueIterator<String, AgencyDailyCount> it = counts.all()) {
            it.forEachRemaining(kv -> snapshot.addCount(kv.value));
        }
        try (KeyValueIterator<String, Long> it = hygiene.all()) {
            it.forEachRemaining((KeyValue<String, Long> kv) -> snapshot.addHygiene(kv.key, kv.value));
        }
        return snapshot;
    }
}
