package vn.ndxp.topology.analytics;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.FlowCount;
import vn.ndxp.model.avro.ServiceHealth;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Operations analytics on the valid events: service health, agency flows, platform minutes and
 * alerts (docs/topology.md has the diagram). Built into the counting topology by
 * {@code DailyCountsTopology.build}; a pure function of its configuration, like the rest.
 *
 * <pre>
 * valid events (per input partition)
 *   → analytics-combine [analytics-partials-store]       partial sums per (system, service, minute) and (system, hour)
 *   → &lt;app&gt;-analytics-partials-repartition             key: S|system, D|date or W (to all)   value: Partial
 *   → D|date → analytics-daily [flows-daily-store, platform-minute-store]
 *                → ndxp.flows-daily                       key: CONSUMER/PROVIDER/YYYY-MM-DD   value: FlowCount
 *   → S|system, W → analytics-systems [service-health-minute-store, service-health-daily-store,
 *                      service-totals-store, system-state-store, volume-baseline-store,
 *                      analytics-watermark-store, alerts-store]
 *                → ndxp.alerts                            key: TYPE/system                    value: Alert
 *                → ndxp.service-health                    key: SYSTEM/SERVICE/YYYY-MM-DD      value: ServiceHealth
 * </pre>
 *
 * All analytics stores are in memory with changelogs: together they hold tens of megabytes for the
 * default catalog and retention, and an in-memory store costs much less per update than RocksDB.
 */
public final class AnalyticsTopology {

    /** The serdes of the Avro output topics (Confluent wire format in the app). */
    public record OutputSerdes(Serde<Alert> alerts, Serde<FlowCount> flows, Serde<ServiceHealth> health) {
        /** Confluent-framed Avro with the schemas in {@code registry}, as the app writes them. */
        public static OutputSerdes confluent(SchemaRegistryClient registry) {
            return new OutputSerdes(ConfluentAvroSerde.forValues(registry, Alert.class),
                    ConfluentAvroSerde.forValues(registry, FlowCount.class),
                    ConfluentAvroSerde.forValues(registry, ServiceHealth.class));
        }
    }

    private static final String AGENCY_DAYS = "agency-days";
    private static final String PARTIALS = "partials";

    private final AnalyticsConfig config;
    private final OutputSerdes serdes;
    private final EventTimes eventTimes;
    private final TaskCounters counters;

    /**
     * @param eventTimes receives, for each valid event, the wall clock at processing and its
     *                   requestTime: freshness
     */
    public AnalyticsTopology(AnalyticsConfig config, OutputSerdes serdes, EventTimes eventTimes) {
        this(config, serdes, eventTimes, TaskCounters.discarding());
    }

    /** As above, with the systems' tasks reporting their counters to {@code counters} (the metrics' {@code _total}s). */
    public AnalyticsTopology(AnalyticsConfig config, OutputSerdes serdes, EventTimes eventTimes, TaskCounters counters) {
        this.counters = counters;
        this.config = config;
        this.serdes = serdes;
        this.eventTimes = eventTimes;
    }

    public AnalyticsConfig config() {
        return config;
    }

    /**
     * Adds the analytics to {@code builder}, fed by {@code valid}, whose values hold the events.
     *
     * @return the combiner's partial daily counts, keyed {@code AGENCY/role/YYYY-MM-DD}, values by
     *         status ordinal: a few per agency and day per flush, for the counts to sum
     */
    public <V> KStream<String, long[]> attach(StreamsBuilder builder, KStream<byte[], V> valid,
                                              Function<V, DataExchangeEvent> event) {
        addStores(builder);
        CombinerGroups groups = new CombinerGroups();
        Map<String, KStream<String, Partial>> combined = valid
                .process(() -> new PartialAggregator<>(event, config, eventTimes, groups), Named.as(Names.ANALYTICS_COMBINE),
                        Names.PARTIALS_STORE)
                .split(Named.as(Names.COMBINED_ROUTE))
                .branch((k, v) -> v instanceof Partial.AgencyDayCounts, Branched.as(AGENCY_DAYS))
                .defaultBranch(Branched.as(PARTIALS));
        KStream<String, Partial> partials = combined.get(Names.COMBINED_ROUTE + PARTIALS)
                .repartition(Repartitioned.<String, Partial>as(Names.ANALYTICS_PARTIALS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new PartialSerde())
                        .withStreamPartitioner(new Routing.Partitioner()));
        partials.split(Named.as(Names.ANALYTICS_ROUTE))
                .branch((k, v) -> v instanceof Partial.DayPartial, Branched.withConsumer(days -> days
                        .process(() -> new DailyAnalytics(config.flushes().interval()), Named.as(Names.ANALYTICS_DAILY),
                                Names.FLOWS_STORE, Names.PLATFORM_MINUTE_STORE, Names.DAILY_COMMIT_HOOK)
                        .to(Topics.FLOWS_DAILY, Produced.with(Serdes.String(), serdes.flows()).withName(Names.FLOWS_SINK)),
                        "daily"))
                .defaultBranch(Branched.withConsumer(this::systems, "systems"));
        return combined.get(Names.COMBINED_ROUTE + AGENCY_DAYS)
                .mapValues(v -> ((Partial.AgencyDayCounts) v).byStatus(), Named.as(Names.AGENCY_DAY_VALUES));
    }

    private void systems(KStream<String, Partial> systems) {
        KStream<String, SpecificRecord> out = systems.process(() -> new SystemAnalytics(config, counters),
                Named.as(Names.ANALYTICS_SYSTEMS), Names.SERVICE_MINUTE_STORE, Names.SERVICE_DAILY_STORE,
                Names.SERVICE_TOTALS_STORE, Names.SYSTEM_STATE_STORE, Names.BASELINE_STORE, Names.WATERMARK_STORE,
                Names.ALERTS_STORE, Names.SYSTEMS_COMMIT_HOOK);
        out.split(Named.as(Names.ANALYTICS_OUTPUT_ROUTE))
                .branch((k, v) -> v instanceof Alert, Branched.withConsumer(alerts -> alerts
                        .mapValues(v -> (Alert) v, Named.as(Names.ALERT_VALUES))
                        .to(Topics.ALERTS, Produced.with(Serdes.String(), serdes.alerts()).withName(Names.ALERTS_SINK)),
                        "alerts"))
                .defaultBranch(Branched.withConsumer(health -> health
                        .mapValues(v -> (ServiceHealth) v, Named.as(Names.SERVICE_HEALTH_VALUES))
                        .to(Topics.SERVICE_HEALTH, Produced.with(Serdes.String(), serdes.health())
                                .withName(Names.SERVICE_HEALTH_SINK)),
                        "service-health"));
    }

    private void addStores(StreamsBuilder builder) {
        builder.addStateStore(CommitHookStore.inMemory(Names.PARTIALS_STORE));
        builder.addStateStore(CommitHookStore.hookOnly(Names.SYSTEMS_COMMIT_HOOK));
        builder.addStateStore(CommitHookStore.hookOnly(Names.DAILY_COMMIT_HOOK));
        builder.addStateStore(window(Names.SERVICE_MINUTE_STORE, config.retention().minutes(), Duration.ofMinutes(1)));
        builder.addStateStore(window(Names.SERVICE_DAILY_STORE, config.retention().days(), Duration.ofDays(1)));
        builder.addStateStore(window(Names.FLOWS_STORE, config.retention().days(), Duration.ofDays(1)));
        builder.addStateStore(window(Names.PLATFORM_MINUTE_STORE, config.retention().days(), Duration.ofMinutes(1)));
        for (String name : new String[] {Names.SERVICE_TOTALS_STORE, Names.SYSTEM_STATE_STORE, Names.BASELINE_STORE,
                Names.ALERTS_STORE}) {
            builder.addStateStore(keyValue(name));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.WATERMARK_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> keyValue(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /**
     * Not cached: a system's minute or day is updated about once per input partition per flush,
     * so within a commit interval a key is rarely written twice and a cache would only add a copy,
     * a lookup and a flush per update (docs/performance.md: more CPU per event and more heap).
     *
     * <p>Kafka Streams gives a window store's changelog a time retention (the store's plus a day),
     * which the broker applies to record timestamps, here event times: a replay of a past date
     * would see its changelog deleted at once and restore nothing. Append time makes that retention
     * count from when the app wrote; the store itself still expires windows by event time.
     */
    private static StoreBuilder<WindowStore<String, byte[]>> window(String name, Duration retention, Duration size) {
        return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(name, retention, size, false),
                        Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
    }
}
