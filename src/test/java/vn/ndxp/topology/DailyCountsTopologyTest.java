package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.TestTopologies;

class DailyCountsTopologyTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final ConfluentAvroSerde<AgencyDailyCount> countSerde = ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class);

    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private KeyValueStore<String, Long> hygiene;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "daily-counts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DailyCountsTopology.build(Duration.ofHours(6),
                InputRules.defaults(CatalogCodes.builtIn()), ExchangeEventDeserializer.serde(registry), countSerde, TestTopologies.analytics(registry)), props);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        hygiene = driver.getKeyValueStore(Names.HYGIENE_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(DataExchangeEvent e) {
        input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8), eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e));
    }

    private AgencyDailyCount count(String key) {
        return TestTopologies.countAfterFlush(driver, key);
    }

    private long total(String key) {
        return TestTopologies.totalAfterFlush(driver, key);
    }

    @Test
    void countsEachTransactionOnceForTheConsumerAndOnceForTheProviderAgency() {
        Instant morning = Instant.parse("2024-04-24T02:00:00Z");
        send(Events.event("VPCP", "BCA", morning));
        send(Events.event("VPCP", "BCA", morning.plusSeconds(1), ExchangeStatus.TIMEOUT));
        send(Events.event("HNI", "BCA", morning.plusSeconds(2), ExchangeStatus.PROVIDER_ERROR));
        send(Events.event("HNI", "BTC", morning.plusSeconds(3)));

        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(2);
        assertThat(total("HNI/consumer/2024-04-24")).isEqualTo(2);
        assertThat(total("BCA/provider/2024-04-24")).isEqualTo(3);
        assertThat(total("BTC/provider/2024-04-24")).isEqualTo(1);
        assertThat(total("BCA/consumer/2024-04-24")).isZero();

        AgencyDailyCount bca = count("BCA/provider/2024-04-24");
        assertThat(bca.getAgency()).isEqualTo("BCA");
        assertThat(bca.getDate()).isEqualTo(java.time.LocalDate.of(2024, 4, 24));
        assertThat(bca.getSuccess()).isEqualTo(1);
        assertThat(bca.getTimeout()).isEqualTo(1);
        assertThat(bca.getProviderError()).isEqualTo(1);
    }

    @Test
    void theLocalDayStartsAt1700Utc() {
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-23T16:59:59.999Z")));
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-23T17:00:00.000Z")));

        assertThat(total("VPCP/consumer/2024-04-23")).isEqualTo(1);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aLateEventWithinGraceCountsTowardItsOwnDay() {
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T16:00:00Z")));
        // The 24th ended at 2024-04-24T17:00Z; the clock is now 5 h 59 min past it.
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T22:59:00Z")));
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T16:30:00Z")));

        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(2);
        assertThat(total("VPCP/consumer/2024-04-25")).isEqualTo(1);
        assertThat(hygiene.get(HygieneKeys.LATE)).isNull();
    }

    @Test
    void anEventAfterGraceGoesToTheLateTopicUncounted() {
        TestOutputTopic<byte[], byte[]> late = driver.createOutputTopic(Topics.LATE_EVENTS,
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T16:00:00Z")));
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T23:00:00Z")));
        DataExchangeEvent straggler = Events.event("HNI", "BTC", Instant.parse("2024-04-24T10:00:00Z"));
        send(straggler);

        assertThat(total("HNI/consumer/2024-04-24")).isZero();
        assertThat(total("BTC/provider/2024-04-24")).isZero();
        assertThat(hygiene.get(HygieneKeys.LATE)).isEqualTo(1L);
        TestRecord<byte[], byte[]> diverted = late.readRecord();
        assertThat(new String(diverted.key(), StandardCharsets.UTF_8)).isEqualTo(straggler.getEventId());
        assertThat(eventSerde.deserializer().deserialize(Topics.LATE_EVENTS, diverted.value())).isEqualTo(straggler);
        assertThat(late.isEmpty()).isTrue();
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndOriginalBytes() {
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS,
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        input.pipeInput("k1".getBytes(StandardCharsets.UTF_8), garbage);
        DataExchangeEvent negative = Events.event("VPCP", "BCA", Instant.parse("2024-04-24T02:00:00Z"));
        negative.setDurationMs(-5);
        send(negative);
        DataExchangeEvent noAgency = Events.event("", "BCA", Instant.parse("2024-04-24T02:00:00Z"));
        send(noAgency);
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T02:00:00Z")));

        Map<String, TestRecord<byte[], byte[]>> byReason = new java.util.HashMap<>();
        while (!dlq.isEmpty()) {
            TestRecord<byte[], byte[]> r = dlq.readRecord();
            byReason.put(header(r.headers(), DeadLetterHeaders.REASON), r);
        }
        assertThat(byReason).containsOnlyKeys("bad-magic", "negative-value", "missing-field");
        assertThat(byReason.get("bad-magic").value()).isEqualTo(garbage);
        assertThat(header(byReason.get("bad-magic").headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.EXCHANGE_EVENTS);
        assertThat(header(byReason.get("negative-value").headers(), DeadLetterHeaders.DETAIL)).contains("durationMs", "-5");
        assertThat(header(byReason.get("missing-field").headers(), DeadLetterHeaders.DETAIL)).contains("consumerAgency");
        assertThat(hygiene.get(HygieneKeys.rejected("bad-magic"))).isEqualTo(1L);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(total("BCA/provider/2024-04-24")).isEqualTo(1);
    }

    @Test
    void publishesEveryCountChangeToTheOutputTopic() {
        TestOutputTopic<String, AgencyDailyCount> out = driver.createOutputTopic(Topics.AGENCY_DAILY_COUNTS,
                Serdes.String().deserializer(), countSerde.deserializer());
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T02:00:00Z")));
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T02:00:01Z")));

        TestTopologies.flush(driver);
        Map<String, AgencyDailyCount> latest = out.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys("VPCP/consumer/2024-04-24", "BCA/provider/2024-04-24");
        assertThat(latest.get("VPCP/consumer/2024-04-24").getTotal()).isEqualTo(2);
    }

    @Test
    void onlyPartialCountsCrossTheRepartitionNotOneRecordPerEventAndRole() {
        TestOutputTopic<String, long[]> repartition = driver.createOutputTopic(
                "daily-counts-test-" + Names.BY_AGENCY_DAY + "-repartition", Serdes.String().deserializer(),
                vn.ndxp.topology.analytics.Counts.serde().deserializer());
        Instant morning = Instant.parse("2024-04-24T02:00:00Z");
        for (int i = 0; i < 100; i++) {
            send(Events.event("VPCP", "BCA", morning.plusSeconds(i), i % 10 == 0 ? ExchangeStatus.TIMEOUT : ExchangeStatus.SUCCESS));
        }
        TestTopologies.flush(driver);

        List<KeyValue<String, long[]>> records = repartition.readKeyValuesToList();
        assertThat(records).as("one record per agency and role, not 200").hasSize(2);
        Map<String, long[]> partials = new java.util.HashMap<>();
        records.forEach(r -> partials.put(r.key, r.value));
        assertThat(partials).containsOnlyKeys("VPCP/consumer/2024-04-24", "BCA/provider/2024-04-24");
        assertThat(partials.get("BCA/provider/2024-04-24")[ExchangeStatus.SUCCESS.ordinal()]).isEqualTo(90);
        assertThat(partials.get("BCA/provider/2024-04-24")[ExchangeStatus.TIMEOUT.ordinal()]).isEqualTo(10);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(100);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
