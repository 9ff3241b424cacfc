package vn.ndxp.topology;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.topology.analytics.AnalyticsTopology;

/**
 * Exact transaction counts per agency, role and local day (Asia/Ho_Chi_Minh).
 *
 * <pre>
 * ndxp.exchange-events        key: eventId (bytes, passed through)   value: DataExchangeEvent, Confluent-framed
 *   → classify (decode, validate, duplicate?, late?)
 *       rejected → ndxp.exchange-events.dlq   original key and value bytes + ndxp.dlq.* headers
 *       duplicate → dropped, counted in input-hygiene-store
 *       late     → ndxp.exchange-events.late  original key and value bytes
 *       valid    → one record per role        key: AGENCY/role/YYYY-MM-DD   value: status ordinal
 *                → repartition &lt;app&gt;-agency-day-repartition
 *                → aggregate into agency-daily-counts-store
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
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private DailyCountsTopology() {}

    public static Topology build(Duration grace, InputRules rules, Serde<DataExchangeEvent> eventSerde,
                                 Serde<AgencyDailyCount> countSerde) {
        return build(grace, rules, eventSerde, countSerde, null);
    }

    /**
     * The counts, and with {@code analytics} the operations analytics on the same valid events
     * (service health, flows, alerts: {@link AnalyticsTopology}, docs/topology.md).
     */
    public static Topology build(Duration grace, InputRules rules, Serde<DataExchangeEvent> eventSerde,
                                 Serde<AgencyDailyCount> countSerde, AnalyticsTopology analytics) {
        Duration dedupRetention = dedupRetention(grace, rules);
        StreamsBuilder builder = new StreamsBuilder();
        // Cached: the clock moves with nearly every event and a counter with every rejection, but
        // only their value at each commit needs to reach the changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.HYGIENE_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.EVENT_TIME_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        // No cache: nearly every id is new, so a cache would only copy each one once more.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.DEDUP_STORE, dedupRetention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()).withCachingDisabled());

        KStream<byte[], Classified> classified = builder
                .stream(Topics.EXCHANGE_EVENTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE))
                .process(() -> new EventClassifier(eventSerde.deserializer(), grace, rules, dedupRetention),
                        Named.as(Names.CLASSIFY), Names.HYGIENE_STORE, Names.EVENT_TIME_STORE, Names.DEDUP_STORE);

        classified.split(Named.as(Names.ROUTE))
                .branch((k, v) -> v.kind() == Classified.Kind.REJECTED, Branched.withConsumer(rejected -> rejected
                        .mapValues(Classified::original, Named.as(Names.REJECTED_BYTES))
                        .to(Topics.DEAD_LETTERS, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.DLQ_SINK)),
                        "rejected"))
                .branch((k, v) -> v.kind() == Classified.Kind.LATE, Branched.withConsumer(late -> late
                        .mapValues(Classified::original, Named.as(Names.LATE_BYTES))
                        .to(Topics.LATE_EVENTS, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.LATE_SINK)),
                        "late"))
                .defaultBranch(Branched.withConsumer(valid -> {
                    countByAgencyDay(valid, countSerde);
                    if (analytics != null) {
                        analytics.attach(builder, valid, Classified::event);
                    }
                }, "valid"));

        return builder.build();
    }

    /**
     * How long eventIds are kept: the dedup window, but never less than a day plus the grace, the
     * longest an event can stay countable after its first copy arrived.
     */
    public static Duration dedupRetention(Duration grace, InputRules rules) {
        Duration countable = Duration.ofDays(1).plus(grace);
        return rules.dedupWindow().compareTo(countable) >= 0 ? rules.dedupWindow() : countable;
    }

    private static void countByAgencyDay(KStream<byte[], Classified> valid, Serde<AgencyDailyCount> countSerde) {
        valid.flatMap((key, v) -> perRole(v.event()), Named.as(Names.SPLIT_ROLES))
                .groupByKey(Grouped.with(Names.BY_AGENCY_DAY, Serdes.String(), Serdes.Integer()))
                .aggregate(DailyCountsTopology::emptyCount, (key, status, count) -> add(key, status, count),
                        Named.as(Names.COUNT),
                        Materialized.<String, AgencyDailyCount, KeyValueStore<Bytes, byte[]>>as(Names.DAILY_COUNTS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(countSerde))
                .toStream(Named.as(Names.COUNT_CHANGES))
                .to(Topics.AGENCY_DAILY_COUNTS, Produced.with(Serdes.String(), countSerde).withName(Names.COUNTS_SINK));
    }

    private static List<KeyValue<String, Integer>> perRole(DataExchangeEvent e) {
        long day = LocalDays.epochDay(e.getRequestTime().toEpochMilli());
        int status = e.getStatus().ordinal();
        return List.of(
                KeyValue.pair(AgencyDayKey.format(e.getConsumerAgency(), Role.CONSUMER, day), status),
                KeyValue.pair(AgencyDayKey.format(e.getProviderAgency(), Role.PROVIDER, day), status));
    }

    private static AgencyDailyCount emptyCount() {
        return AgencyDailyCount.newBuilder()
                .setAgency("").setRole(Role.CONSUMER).setDate(LocalDate.EPOCH)
                .setTotal(0).setSuccess(0).setClientError(0).setProviderError(0).setTimeout(0).setRejected(0)
                .build();
    }

    /** Adds one transaction; the first one fills in the agency, role and date from the key. */
    static AgencyDailyCount add(String key, int statusOrdinal, AgencyDailyCount count) {
        if (count.getTotal() == 0) {
            AgencyDayKey k = AgencyDayKey.parse(key);
            count.setAgency(k.agency());
            count.setRole(k.role());
            count.setDate(k.date());
        }
        count.setTotal(count.getTotal() + 1);
        switch (STATUSES[statusOrdinal]) {
            case SUCCESS -> count.setSuccess(count.getSuccess() + 1);
            case CLIENT_ERROR -> count.setClientError(count.getClientError() + 1);
            case PROVIDER_ERROR -> count.setProviderError(count.getProviderError() + 1);
            case TIMEOUT -> count.setTimeout(count.getTimeout() + 1);
            case REJECTED -> count.setRejected(count.getRejected() + 1);
        }
        return count;
    }
}
