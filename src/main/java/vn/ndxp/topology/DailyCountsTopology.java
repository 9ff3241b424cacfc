package vn.ndxp.topology;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.topology.analytics.AnalyticsTopology;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Exact transaction counts per agency, role and local day (Asia/Ho_Chi_Minh).
 *
 * <pre>
 * ndxp.exchange-events        key: eventId (bytes, passed through)   value: DataExchangeEvent, Confluent-framed
 *   → classify (decode, validate, duplicate?, late?)
 *       rejected → ndxp.exchange-events.dlq   original key and value bytes + ndxp.dlq.* headers
 *       duplicate → dropped, counted in input-hygiene-store
 *       late     → ndxp.exchange-events.late  original key and value bytes
 *       valid    → analytics-combine: sums per input partition, forwards every flush (1 s)
 *                → partial counts             key: AGENCY/role/YYYY-MM-DD   value: counts by status
 *                → repartition &lt;app&gt;-agency-day-repartition
 *                → add to the agency's totals in agency-totals-store
 *                → aggregate into agency-daily-counts-store (days older than the retention removed)
 *                → ndxp.agency-daily-counts key: AGENCY/role/YYYY-MM-DD   value: AgencyDailyCount, Confluent-framed
 * </pre>
 *
 * Every event is counted twice: once for its consumer agency and once for its provider agency.
 * An event is late when the newest requestTime its input partition has seen is at least its local
 * day's end plus the grace; it is then diverted, not counted, so a day's count stops moving once
 * the grace is over.
 *
 * <p>An eventId is remembered for {@link #dedupRetention(Duration, InputRules) at least a day plus
 * the grace}, longer if the dedup window asks for it: every later copy of a counted event is then
 * either recognised as a duplicate or late, so no redelivery is counted twice, however delayed.
 */
public final class DailyCountsTopology {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(6);
    /** How long a day's counts are kept: a year and a month, to compare with the same day last year. */
    public static final Duration DEFAULT_COUNTS_RETENTION = Duration.ofDays(400);

    private DailyCountsTopology() {}

    /**
     * The counts and the operations analytics on the same valid events (service health, flows,
     * alerts: {@link AnalyticsTopology}, docs/topology.md). The analytics' combiner also sums the
     * counts per input partition, so that only partial counts cross the repartition.
     */
    public static Topology build(Duration grace, InputRules rules, Serde<DataExchangeEvent> eventSerde,
                                 Serde<AgencyDailyCount> countSerde, AnalyticsTopology analytics) {
        return build(grace, rules, eventSerde, countSerde, analytics, TaskCounters.discarding());
    }

    /** As above, with the tasks reporting their counters to {@code counters} (the metrics' {@code _total}s). */
    public static Topology build(Duration grace, InputRules rules, Serde<DataExchangeEvent> eventSerde,
                                 Serde<AgencyDailyCount> countSerde, AnalyticsTopology analytics, TaskCounters counters) {
        return build(grace, DEFAULT_COUNTS_RETENTION, rules, eventSerde, countSerde, analytics, counters);
    }

    /**
     * As above, keeping each day's counts for {@code countsRetention} (whole days, from the newest
     * day counted; {@link #checkCountsRetention}).
     */
    public static Topology build(Duration grace, Duration countsRetention, InputRules rules,
                                 Serde<DataExchangeEvent> eventSerde, Serde<AgencyDailyCount> countSerde,
                                 AnalyticsTopology analytics, TaskCounters counters) {
        checkCountsRetention(countsRetention, grace);
        Duration dedupRetention = dedupRetention(grace, rules);
        StreamsBuilder builder = new StreamsBuilder(namingGuard());
        // Cached: a counter moves with every duplicate, late or rejected record, but only its value
        // at each commit needs to reach the changelog. Queryable, for the metrics.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.HYGIENE_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        // The eventIds and the event-time clock: kept in memory by the classifier, written once per
        // commit. RocksDB: a day of ids is tens of megabytes, better not held twice on the heap.
        builder.addStateStore(CommitHookStore.persistent(Names.EVENT_IDS_STORE));

        // The classifier forwards each record by name: valid events to the combiner, the others to their sinks.
        KStream<byte[], Object> classified = builder
                .stream(Topics.EXCHANGE_EVENTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE))
                .process(() -> new EventClassifier(eventSerde.deserializer(), grace, rules, dedupRetention, counters),
                        Named.as(Names.CLASSIFY), Names.HYGIENE_STORE, Names.EVENT_IDS_STORE);
        builder.addStateStore(CommitHookStore.hookOnly(Names.COUNTS_REPORTER_HOOK));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.AGENCY_TOTALS_STORE), Serdes.String(), AgencyTotals.serde()));
        countByAgencyDay(analytics.attach(builder, classified, DataExchangeEvent.class::cast), countSerde, counters,
                countsRetention.toDays());

        Topology topology = builder.build();
        // Added to the built topology: the DSL would want one value type for all of the classifier's children.
        topology.addSink(Names.DLQ_SINK, Topics.DEAD_LETTERS, new ByteArraySerializer(), new ByteArraySerializer(), Names.CLASSIFY);
        topology.addSink(Names.LATE_SINK, Topics.LATE_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), Names.CLASSIFY);
        return topology;
    }

    /**
     * Kafka Streams' own naming guard (KIP-1111): {@code build()} fails if a repartition topic, changelog or
     * store is left to a generated name, which would change with the topology and strand state on an
     * upgrade ({@link Names}). The check runs when the builder builds, with the builder's settings, so
     * it is set here for every caller, tests included; the application id and servers are placeholders
     * that the settings {@code KafkaStreams} is given replace.
     */
    static TopologyConfig namingGuard() {
        return new TopologyConfig(new StreamsConfig(Map.of(
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true,
                StreamsConfig.APPLICATION_ID_CONFIG, "ndxp",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")));
    }

    /**
     * How long eventIds are kept: the dedup window, but never less than a day plus the grace, the
     * longest an event can stay countable after its first copy arrived.
     */
    public static Duration dedupRetention(Duration grace, InputRules rules) {
        Duration countable = Duration.ofDays(1).plus(grace);
        return rules.dedupWindow().compareTo(countable) >= 0 ? rules.dedupWindow() : countable;
    }

    /**
     * A day's counts may be removed once no event can count for it any more: the retention must
     * outlast a day, its grace and a day more for input partitions whose clocks lag the others'.
     *
     * @throws IllegalArgumentException if it does not, or is not whole days
     */
    public static void checkCountsRetention(Duration retention, Duration grace) {
        Duration least = Duration.ofDays(2).plus(grace);
        if (retention.compareTo(least) < 0 || !retention.equals(Duration.ofDays(retention.toDays()))) {
            throw new IllegalArgumentException("the counts' retention must be whole days and at least the grace plus"
                    + " 2 days (" + least.toHours() + " hours), got " + retention.toHours() + " hours");
        }
    }

    private static void countByAgencyDay(KStream<String, long[]> partialCounts, Serde<AgencyDailyCount> countSerde,
                                         TaskCounters counters, long retentionDays) {
        KStream<String, AgencyDailyCount> changes = partialCounts
                .repartition(Repartitioned.<String, long[]>as(Names.BY_AGENCY_DAY)
                        .withKeySerde(Serdes.String()).withValueSerde(Counts.serde()))
                .processValues(AgencyTotalsUpdater::new, Named.as(Names.COUNT_TOTALS), Names.AGENCY_TOTALS_STORE)
                .groupByKey(Grouped.with(Serdes.String(), Counts.serde()))
                .aggregate(DailyCountsTopology::emptyCount, DailyCountsTopology::add, Named.as(Names.COUNT),
                        Materialized.<String, AgencyDailyCount, KeyValueStore<Bytes, byte[]>>as(Names.DAILY_COUNTS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(countSerde))
                .toStream(Named.as(Names.COUNT_CHANGES));
        changes.to(Topics.AGENCY_DAILY_COUNTS, Produced.with(Serdes.String(), countSerde).withName(Names.COUNTS_SINK));
        changes.process(() -> new CountsReporter(counters, retentionDays), Named.as(Names.COUNTS_REPORTER),
                Names.DAILY_COUNTS_STORE, Names.AGENCY_TOTALS_STORE, Names.COUNTS_REPORTER_HOOK);
    }

    private static AgencyDailyCount emptyCount() {
        return AgencyDailyCount.newBuilder()
                .setAgency("").setRole(Role.CONSUMER).setDate(LocalDate.EPOCH)
                .setTotal(0).setSuccess(0).setClientError(0).setProviderError(0).setTimeout(0).setRejected(0)
                .build();
    }

    /** Adds partial counts by status ordinal; the first ones fill in the agency, role and date from the key. */
    static AgencyDailyCount add(String key, long[] byStatus, AgencyDailyCount count) {
        if (count.getTotal() == 0) {
            AgencyDayKey k = AgencyDayKey.parse(key);
            count.setAgency(k.agency());
            count.setRole(k.role());
            count.setDate(k.date());
        }
        count.setTotal(count.getTotal() + Counts.total(byStatus));
        count.setSuccess(count.getSuccess() + byStatus[ExchangeStatus.SUCCESS.ordinal()]);
        count.setClientError(count.getClientError() + byStatus[ExchangeStatus.CLIENT_ERROR.ordinal()]);
        count.setProviderError(count.getProviderError() + byStatus[ExchangeStatus.PROVIDER_ERROR.ordinal()]);
        count.setTimeout(count.getTimeout() + byStatus[ExchangeStatus.TIMEOUT.ordinal()]);
        count.setRejected(count.getRejected() + byStatus[ExchangeStatus.REJECTED.ordinal()]);
        return count;
    }
}
