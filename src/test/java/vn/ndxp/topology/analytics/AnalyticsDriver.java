package vn.ndxp.topology.analytics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.FlowCount;
import vn.ndxp.model.avro.ServiceHealth;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.topology.DailyCountsTopology;
import vn.ndxp.topology.InputRules;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.TaskCounters;

/**
 * The whole topology (counts and analytics) in a TopologyTestDriver, with helpers to send events
 * and to move the wall clock, which flushes the combiner's partials.
 */
public final class AnalyticsDriver implements AutoCloseable {
    static final String APP = "analytics-test";
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    final ConfluentAvroSerde<Alert> alertSerde = ConfluentAvroSerde.forValues(registry, Alert.class);
    final ConfluentAvroSerde<FlowCount> flowSerde = ConfluentAvroSerde.forValues(registry, FlowCount.class);
    final ConfluentAvroSerde<ServiceHealth> healthSerde = ConfluentAvroSerde.forValues(registry, ServiceHealth.class);
    final List<Long> lags = new ArrayList<>();
    public final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, FlowCount> flows;
    final TestOutputTopic<String, ServiceHealth> health;
    final TestOutputTopic<String, Partial> partials;

    public AnalyticsDriver(Path stateDir, AnalyticsConfig config, Instant wallClock) {
        this(stateDir, config, wallClock, TaskCounters.discarding());
    }

    /** With the tasks reporting their counters to {@code counters}, as in the app. */
    public AnalyticsDriver(Path stateDir, AnalyticsConfig config, Instant wallClock, TaskCounters counters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        AnalyticsTopology analytics = new AnalyticsTopology(config,
                new AnalyticsTopology.OutputSerdes(alertSerde, flowSerde, healthSerde),
                (wallMs, eventMs) -> lags.add(wallMs - eventMs), counters);
        // The tests drive event time over weeks while the wall clock only paces the flushes: no event is future-time.
        InputRules rules = InputRules.defaults(CatalogCodes.builtIn()).withMaxAhead(Duration.ofDays(3650));
        driver = new TopologyTestDriver(DailyCountsTopology.build(Duration.ofHours(6), rules,
                ExchangeEventDeserializer.serde(registry, rules.codes().all()),
                ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class), analytics, counters), props, wallClock);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(), alertSerde.deserializer());
        flows = driver.createOutputTopic(Topics.FLOWS_DAILY, Serdes.String().deserializer(), flowSerde.deserializer());
        health = driver.createOutputTopic(Topics.SERVICE_HEALTH, Serdes.String().deserializer(), healthSerde.deserializer());
        partials = driver.createOutputTopic(APP + "-" + Names.ANALYTICS_PARTIALS + "-repartition",
                Serdes.String().deserializer(), new PartialSerde().deserializer());
    }

    public static DataExchangeEvent event(String consumerSystem, String providerSystem, String service, Instant at,
                                   ExchangeStatus status, int durationMs) {
        return DataExchangeEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestTime(at)
                .setConsumerAgency(consumerSystem.substring(0, consumerSystem.indexOf('_')))
                .setConsumerSystem(consumerSystem)
                .setProviderAgency(providerSystem.substring(0, providerSystem.indexOf('_')))
                .setProviderSystem(providerSystem)
                .setServiceCode(service)
                .setStatus(status)
                .setDurationMs(durationMs)
                .setRequestBytes(1000)
                .setResponseBytes(status == ExchangeStatus.SUCCESS ? 3000 : 100)
                .setGateway("NDXP")
                .build();
    }

    public void send(DataExchangeEvent e) {
        input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8),
                eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e), e.getRequestTime());
    }

    /** Moves the wall clock past the flush interval: the combiner sends its partials and a watermark. */
    public void flush() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    /** Sends, then flushes: the analytics see the event at once. */
    void sendAndFlush(DataExchangeEvent e) {
        send(e);
        flush();
    }

    public WindowStore<String, byte[]> window(String name) {
        return driver.getWindowStore(name);
    }

    public KeyValueStore<String, byte[]> kv(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
    }
}
