package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryException;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.BadInput;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.TestTopologies;

/** Duplicates, dead letters and their reasons, and what a registry outage must not do. */
class InputHygieneTest {
    /** The processing wall clock of the driver: the middle of the local day of the events. */
    private static final Instant NOW = Instant.parse("2024-04-24T05:00:00Z");
    private static final Instant MORNING = Instant.parse("2024-04-24T02:00:00Z");
    private static final Duration GRACE = Duration.ofHours(6);

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final ConfluentAvroSerde<AgencyDailyCount> countSerde = ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class);

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> late;
    private KeyValueStore<String, Long> hygiene;

    private void start(SchemaRegistryClient readerRegistry) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "input-hygiene-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        InputRules rules = InputRules.defaults(CatalogCodes.builtIn());
        driver = new TopologyTestDriver(DailyCountsTopology.build(GRACE, rules,
                ExchangeEventDeserializer.serde(readerRegistry), countSerde,
                TestTopologies.analytics(readerRegistry)), props, NOW);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        late = driver.createOutputTopic(Topics.LATE_EVENTS, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        hygiene = driver.getKeyValueStore(Names.HYGIENE_STORE);
    }

    private void start() {
        start(registry);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private byte[] bytes(DataExchangeEvent e) {
        return eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e);
    }

    private void send(DataExchangeEvent e) {
        input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8), bytes(e));
    }

    private AgencyDailyCount count(String key) {
        return TestTopologies.countAfterFlush(driver, key);
    }

    private long total(String key) {
        return TestTopologies.totalAfterFlush(driver, key);
    }

    private long hygiene(String key) {
        Long n = hygiene.get(key);
        return n == null ? 0 : n;
    }

    private static DataExchangeEvent event(Consumer<DataExchangeEvent> change) {
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        change.accept(e);
        return e;
    }

    private static DataExchangeEvent copy(DataExchangeEvent e) {
        return DataExchangeEvent.newBuilder(e).build();
    }

    @Test
    void theSameEventIdAgainIsCountedOnceAndCountedAsDuplicate() {
        start();
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        send(e);
        send(copy(e));
        DataExchangeEvent changed = copy(e);
        changed.setStatus(ExchangeStatus.TIMEOUT); // the first copy wins
        send(changed);
        send(Events.event("VPCP", "BCA", MORNING));

        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(2);
        assertThat(total("BCA/provider/2024-04-24")).isEqualTo(2);
        assertThat(count("BCA/provider/2024-04-24").getTimeout()).isZero();
        assertThat(hygiene(HygieneKeys.DUPLICATE)).isEqualTo(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aKeyOtherThanTheEventIdStillDeduplicatesByTheValuesEventId() {
        start();
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        input.pipeInput("some-other-key".getBytes(StandardCharsets.UTF_8), bytes(e));
        input.pipeInput(null, bytes(copy(e)));

        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(hygiene(HygieneKeys.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void aRedeliveryIsEitherRecognisedOrLateSoNeverCountedTwice() {
        start();
        // The first minutes of the local day 2024-04-24 (17:00 UTC the day before).
        DataExchangeEvent early = Events.event("VPCP", "BCA", Instant.parse("2024-04-23T17:01:00Z"));
        send(early);
        // 29 h later by event time: the day has ended but its grace (6 h) has not.
        send(Events.event("HNI", "BTC", Instant.parse("2024-04-24T22:30:00Z")));
        send(copy(early));
        assertThat(hygiene(HygieneKeys.DUPLICATE)).as("recognised 29 h later").isEqualTo(1);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);

        // Past the grace: a copy now is late whether or not its id is still remembered.
        driver.advanceWallClockTime(Duration.ofDays(2));
        send(Events.event("HNI", "BTC", Instant.parse("2024-04-25T23:00:00Z")));
        send(copy(early));
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(hygiene(HygieneKeys.DUPLICATE) + hygiene(HygieneKeys.LATE)).isEqualTo(2);
    }

    @Test
    void aLateEventIsRememberedSoTheLateTopicGetsItOnce() {
        start();
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T23:30:00Z")));
        DataExchangeEvent straggler = Events.event("HNI", "BTC", Instant.parse("2024-04-24T10:00:00Z"));
        send(straggler);
        send(copy(straggler));

        assertThat(late.readRecordsToList()).hasSize(1);
        assertThat(hygiene(HygieneKeys.LATE)).isEqualTo(1);
        assertThat(hygiene(HygieneKeys.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void everyKindOfBadInputGoesToTheDeadLettersWithItsReasonAndTheValidOnesCountExactly() {
        start();
        DataExchangeEvent valid = Events.event("VPCP", "BCA", MORNING);
        Map<String, byte[]> corpus = BadInput.corpus(this::bytes, NOW, NOW);
        assertThat(corpus.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(RejectReason.values())
                .map(RejectReason::code).filter(r -> !BadInput.SITUATIONAL.contains(r)).toList());

        List<String> sentReasons = new ArrayList<>(corpus.keySet());
        for (String reason : sentReasons) {
            send(Events.event("HNI", "BTC", MORNING));
            input.pipeInput(("key-" + reason).getBytes(StandardCharsets.UTF_8), corpus.get(reason));
        }
        send(valid);

        Map<String, TestRecord<byte[], byte[]>> byReason = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : dlq.readRecordsToList()) {
            byReason.put(header(r, DeadLetterHeaders.REASON), r);
        }
        assertThat(byReason.keySet()).containsExactlyInAnyOrderElementsOf(sentReasons);
        byReason.forEach((reason, r) -> {
            assertThat(r.value()).as(reason).isEqualTo(corpus.get(reason));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + reason);
            assertThat(header(r, DeadLetterHeaders.DETAIL)).as(reason).startsWith(reason + ": ");
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.EXCHANGE_EVENTS);
            assertThat(Long.parseLong(header(r, DeadLetterHeaders.SOURCE_OFFSET))).isNotNegative();
            assertThat(hygiene(HygieneKeys.rejected(reason))).as(reason).isEqualTo(1);
        });
        assertThat(header(byReason.get("unknown-agency"), DeadLetterHeaders.DETAIL)).contains("consumerAgency \"XYZ\"");
        assertThat(header(byReason.get("agency-mismatch"), DeadLetterHeaders.DETAIL))
                .contains("consumerSystem VPCP_DVCQG belongs to agency VPCP");
        assertThat(header(byReason.get("service-mismatch"), DeadLetterHeaders.DETAIL)).contains("BCA_CCCD");
        assertThat(total("HNI/consumer/2024-04-24")).isEqualTo(corpus.size());
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(total("BCA/provider/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aRejectedEventMovesNoClockAndIsNotRememberedSoItsFixedCopyCounts() {
        start();
        DataExchangeEvent future = event(e -> e.setRequestTime(NOW.plus(Duration.ofDays(3))));
        send(future);
        DataExchangeEvent unknown = event(e -> e.setConsumerAgency("XYZ"));
        send(unknown);
        send(Events.event("HNI", "BTC", MORNING));
        assertThat(hygiene(HygieneKeys.LATE)).as("a far-future event does not make the present late").isZero();

        DataExchangeEvent fixed = copy(unknown);
        fixed.setConsumerAgency("VPCP");
        send(fixed);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(hygiene(HygieneKeys.DUPLICATE)).isZero();

        driver.advanceWallClockTime(Duration.ofDays(3)); // the future has come
        send(copy(future));
        assertThat(hygiene(HygieneKeys.rejected("future-time"))).isEqualTo(1);
        assertThat(total("VPCP/consumer/2024-04-27")).isEqualTo(1);
    }

    @Test
    void aRegistryOutageFailsProcessingInsteadOfSendingGoodEventsToTheDeadLetters() {
        start(lookups(id -> {
            throw new SchemaRegistryException("registry down", "http://registry", SchemaRegistryException.NO_RESPONSE, -1, null);
        }));
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);

        assertThatThrownBy(() -> send(e)).hasRootCauseInstanceOf(SchemaRegistryException.class);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(total("VPCP/consumer/2024-04-24")).isZero();
        assertThat(hygiene.get(HygieneKeys.rejected("unknown-schema-id"))).isNull();
    }

    @Test
    void aSlowRegistryHoldsTheThreadNoLongerThanTheDeadline() {
        int[] calls = {0};
        start(lookups(id -> {
            calls[0]++;
            // As the REST client against a registry that never answers: each request takes its full timeout.
            try {
                Thread.sleep(RestSchemaRegistryClient.REQUEST_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SchemaRegistryException("timed out", "http://registry", SchemaRegistryException.NO_RESPONSE, -1, null);
        }));
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);

        long start = System.nanoTime();
        assertThatThrownBy(() -> send(e)).hasRootCauseInstanceOf(SchemaRegistryException.class);
        Duration held = Duration.ofNanos(System.nanoTime() - start);

        assertThat(held).isLessThanOrEqualTo(Duration.ofMillis(EventClassifier.REGISTRY_DEADLINE_MS));
        assertThat(calls[0]).as("retried in place while an attempt still fits").isEqualTo(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aSchemaIdOfAnotherFormatOrTypeIsDeadLetteredAsUndecodable() {
        start();
        int jsonId = registry.registerForeign("JSON");
        int stringId = registry.register("strings-value", Schema.create(Schema.Type.STRING));
        byte[] body = {2, 'x'};
        input.pipeInput("a".getBytes(StandardCharsets.UTF_8), frame(jsonId, body));
        input.pipeInput("b".getBytes(StandardCharsets.UTF_8), frame(stringId, body));
        send(Events.event("VPCP", "BCA", MORNING));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON)).containsExactly("undecodable", "undecodable");
        assertThat(header(dead.get(0), DeadLetterHeaders.DETAIL)).isEqualTo("undecodable: schema id " + jsonId + " is a JSON schema, not Avro");
        assertThat(hygiene(HygieneKeys.rejected("undecodable"))).isEqualTo(2);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
    }

    /** A registry for reading only, answering lookups with {@code schemaById}. */
    private static SchemaRegistryClient lookups(IntFunction<Schema> schemaById) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Schema schemaById(int id) {
                return schemaById.apply(id);
            }
        };
    }

    private static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(ConfluentAvroSerde.HEADER_SIZE + body.length)
                .put(ConfluentAvroSerde.MAGIC_BYTE).putInt(schemaId).put(body).array();
    }

    @Test
    void aRegistryBlipIsRiddenOutInPlace() {
        int[] calls = {0};
        start(new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return registry.register(subject, schema);
            }

            @Override
            public Schema schemaById(int id) {
                if (calls[0]++ < 2) {
                    throw new SchemaRegistryException("restarting", "http://registry", 503, -1, null);
                }
                return registry.schemaById(id);
            }
        });
        send(Events.event("VPCP", "BCA", MORNING));

        assertThat(calls[0]).isEqualTo(3);
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aRecordTooLargeToCopyOutGoesToTheDeadLettersAsAReference() {
        start();
        byte[] huge = new byte[1_048_400];
        java.util.Arrays.fill(huge, (byte) 'x'); // not the Confluent magic byte: bad-magic, then too large to copy
        input.pipeInput("huge".getBytes(StandardCharsets.UTF_8), huge);
        send(Events.event("VPCP", "BCA", MORNING));

        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        TestRecord<byte[], byte[]> reference = letters.get(0);
        assertThat(reference.value()).isNull();
        assertThat(new String(reference.key(), StandardCharsets.UTF_8)).isEqualTo("huge");
        assertThat(header(reference, DeadLetterHeaders.REASON)).isEqualTo("too-large");
        assertThat(header(reference, DeadLetterHeaders.ORIGINAL_REASON)).isEqualTo("bad-magic");
        assertThat(Long.parseLong(header(reference, DeadLetterHeaders.ORIGINAL_SIZE))).isGreaterThan(1_048_400);
        assertThat(header(reference, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(reference, DeadLetterHeaders.DETAIL)).contains("max.request.size (1048576)")
                .contains(Topics.EXCHANGE_EVENTS + "/0/0");
        assertThat(hygiene(HygieneKeys.rejected("too-large"))).isEqualTo(1);
        assertThat(hygiene(HygieneKeys.rejected("bad-magic"))).isZero();
        assertThat(total("VPCP/consumer/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aSystemWritingLocalTimeAsUtcIsSetAsideAndMovesNeitherTheDayNorLateness() {
        start();
        List<String> honest = List.of("VPCP", "HNI", "BTC", "BYT");
        Instant afternoon = Instant.parse("2024-04-24T09:00:00Z"); // 16:00 local
        int honestSent = 0;
        int skewedSent = 0;
        for (Instant t = afternoon; t.isBefore(Instant.parse("2024-04-24T17:00:00Z")); t = t.plus(Duration.ofMinutes(10))) {
            for (String agency : honest) {
                send(Events.event(agency, "BCA", t));
                honestSent++;
            }
            send(Events.event("BXD", "BCA", t.plus(Duration.ofHours(7)))); // its local time written as UTC
            skewedSent++;
        }

        for (String agency : honest) {
            assertThat(total(agency + "/consumer/2024-04-24")).as(agency).isEqualTo(honestSent / honest.size());
        }
        assertThat(total("BCA/provider/2024-04-24")).isEqualTo(honestSent);
        assertThat(total("BXD/consumer/2024-04-25")).isZero();
        assertThat(hygiene(HygieneKeys.LATE)).isZero();
        assertThat(hygiene(HygieneKeys.rejected("clock-ahead"))).isEqualTo(skewedSent);
        String system = Events.event("BXD", "BCA", afternoon).getConsumerSystem();
        assertThat(hygiene(HygieneKeys.clockAhead(system))).isEqualTo(Duration.ofHours(7).toMillis());
        TestRecord<byte[], byte[]> letter = dlq.readRecordsToList().get(0);
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains(system).contains("PT7H ahead of the platform's clock");

        // Its clock fixed, the system is in time again; and a day that the quorum has left behind turns late.
        send(Events.event("BXD", "BCA", Instant.parse("2024-04-24T16:55:00Z")));
        assertThat(hygiene(HygieneKeys.clockAhead(system))).isZero();
        for (String agency : honest) {
            send(Events.event(agency, "BCA", Instant.parse("2024-04-25T01:00:00Z"))); // 08:00 next day
        }
        send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T16:00:00Z")));
        assertThat(hygiene(HygieneKeys.LATE)).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
