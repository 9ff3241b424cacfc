package vn.ndxp.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.TestTopologies;

/**
 * The counting topology in a {@link TopologyTestDriver}, for the input-hygiene tests: events in
 * (as the simulator writes them, registered in {@link #registry}), and out the daily counts, the
 * dead letters, the late events and the hygiene counters.
 */
final class InputHygieneDriver implements AutoCloseable {
    /** The processing wall clock of the driver: the middle of the local day of the events. */
    static final Instant NOW = Instant.parse("2024-04-24T05:00:00Z");
    static final Instant MORNING = Instant.parse("2024-04-24T02:00:00Z");
    static final Duration GRACE = Duration.ofHours(6);

    /** Where the events' writer registers its schema. */
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestOutputTopic<byte[], byte[]> late;
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final KeyValueStore<String, Long> hygiene;

    /** The topology reads schemas from the writer's registry. */
    InputHygieneDriver(Path stateDir) {
        this(stateDir, writers -> writers);
    }

    /** The topology reads schemas from {@code reader} of the writer's registry: an outage, a slow or a restarting registry. */
    InputHygieneDriver(Path stateDir, UnaryOperator<SchemaRegistryClient> reader) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "input-hygiene-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        SchemaRegistryClient readerRegistry = reader.apply(registry);
        driver = new TopologyTestDriver(DailyCountsTopology.build(GRACE, InputRules.defaults(CatalogCodes.builtIn()),
                ExchangeEventDeserializer.serde(readerRegistry), ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class),
                TestTopologies.analytics(readerRegistry)), props, NOW);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        late = driver.createOutputTopic(Topics.LATE_EVENTS, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        hygiene = driver.getKeyValueStore(Names.HYGIENE_STORE);
    }

    byte[] bytes(DataExchangeEvent e) {
        return eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e);
    }

    /** The event, keyed by its eventId as the simulator keys it. */
    void send(DataExchangeEvent e) {
        input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8), bytes(e));
    }

    AgencyDailyCount count(String key) {
        return TestTopologies.countAfterFlush(driver, key);
    }

    long total(String key) {
        return TestTopologies.totalAfterFlush(driver, key);
    }

    /** A hygiene counter, 0 if never written. */
    long hygiene(String key) {
        Long n = hygiene.get(key);
        return n == null ? 0 : n;
    }

    /** A hygiene counter as stored: null if never written. */
    Long hygieneEntry(String key) {
        return hygiene.get(key);
    }

    /** VPCP calling BCA in the morning, changed by {@code change}. */
    static DataExchangeEvent event(Consumer<DataExchangeEvent> change) {
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        change.accept(e);
        return e;
    }

    static DataExchangeEvent copy(DataExchangeEvent e) {
        return DataExchangeEvent.newBuilder(e).build();
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
