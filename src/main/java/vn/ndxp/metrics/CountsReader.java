package vn.ndxp.metrics;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import vn.ndxp.topology.AgencyTotals;
import vn.ndxp.topology.Names;

/**
 * Reads the counting stores into a {@link CountsSnapshot}: the agencies' totals (a key per agency
 * and role in each counting task, however many days are kept) and the hygiene counters.
 */
@FunctionalInterface
public interface CountsReader {
    CountsSnapshot read();

    /** Interactive queries against the local instance of a running app. */
    static CountsReader of(KafkaStreams streams) {
        return () -> {
            CountsSnapshot snapshot = new CountsSnapshot();
            // The counts and the hygiene counters live in different tasks, which may be on different instances.
            LocalStores.ifHostedHere(streams, () -> addTotals(snapshot, streams.store(StoreQueryParameters.fromNameAndType(
                    Names.AGENCY_TOTALS_STORE, QueryableStoreTypes.<String, AgencyTotals>keyValueStore()))));
            LocalStores.ifHostedHere(streams, () -> addHygiene(snapshot, streams.store(StoreQueryParameters.fromNameAndType(
                    Names.HYGIENE_STORE, QueryableStoreTypes.<String, Long>keyValueStore()))));
            return snapshot;
        };
    }

    /** Every local task's entries, one by one: the same agency comes from several tasks. */
    private static void addTotals(CountsSnapshot snapshot, ReadOnlyKeyValueStore<String, AgencyTotals> totals) {
        try (KeyValueIterator<String, AgencyTotals> it = totals.all()) {
            it.forEachRemaining(kv -> snapshot.addTotals(kv.key, kv.value));
        }
    }

    /** The stores themselves, all partitions in one (a TopologyTestDriver's). */
    static CountsReader of(ReadOnlyKeyValueStore<String, AgencyTotals> totals, ReadOnlyKeyValueStore<String, Long> hygiene) {
        return () -> {
            CountsSnapshot snapshot = new CountsSnapshot();
            addTotals(snapshot, totals);
            addHygiene(snapshot, hygiene);
            return snapshot;
        };
    }

    private static void addHygiene(CountsSnapshot snapshot, ReadOnlyKeyValueStore<String, Long> hygiene) {
        try (KeyValueIterator<String, Long> it = hygiene.all()) {
            it.forEachRemaining((KeyValue<String, Long> kv) -> snapshot.addHygiene(kv.key, kv.value));
        }
    }
}
