package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.testing.ForeignSchemas;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.KafkaTopics;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;
import vn.ndxp.testing.TestPlatform;

/**
 * A producer floods the input with records naming thousands of distinct schema ids the registry
 * does not know, and some naming ids that are not the event's type (an Avro {@code "string"}, a
 * JSON Schema), all through the real broker and registry: each costs the stream thread one cheap
 * registry miss, so valid events sent right behind them are counted, exactly, within seconds;
 * every bad record is on the dead-letter topic with its reason, and the app keeps running.
 */
class RegistryFloodIT {
    private static final int UNKNOWN_IDS = 3_000;
    private static final int FOREIGN_EACH = 5;
    private static final int VALID = 5_000;
    private static final Duration COUNTED_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "registry-flood-it");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void validEventsBehindAFloodOfUnknownSchemaIdsAreCountedWithinSeconds() {
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(platform.schemaRegistryUrl());
        ConfluentAvroSerde<DataExchangeEvent> serde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
        int stringId = ForeignSchemas.avroString(registry, "flood-strings-value");
        int jsonId = ForeignSchemas.jsonSchema(platform.schemaRegistryUrl(), "flood-json-value");
        SeededDay truth = new SeededDay(2_024L, VALID, LocalDate.of(2024, 4, 24));
        byte[] body = {2, 'x'}; // a one-character Avro string
        // The flood meets an app that is running, as in production, not one still joining its group.
        platform.awaitReady();

        long lastSend;
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", platform.bootstrapServers(), "linger.ms", 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < UNKNOWN_IDS; i++) {
                send(producer, "unknown-" + i, frame(1_000_000 + i, body)); // distinct: the client's memory of misses cannot help
            }
            for (int i = 0; i < FOREIGN_EACH; i++) {
                send(producer, "string-" + i, frame(stringId, body));
                send(producer, "json-" + i, frame(jsonId, "\"x\"".getBytes(StandardCharsets.UTF_8)));
            }
            for (Iterator<DataExchangeEvent> it = truth.events(); it.hasNext(); ) {
                DataExchangeEvent e = it.next();
                send(producer, e.getEventId(), serde.serializer().serialize(Topics.EXCHANGE_EVENTS, e));
            }
            producer.flush();
            lastSend = System.nanoTime();
        }

        Map<String, Long> expected = truth.expectedMetrics();
        int port = platform.metricsPort();
        await().atMost(COUNTED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port);
            assertThat(Scrapes.differences(expected, m)).isEmpty();
            assertThat(rejected(m, "unknown-schema-id")).isEqualTo(UNKNOWN_IDS);
            assertThat(rejected(m, "undecodable")).isEqualTo(2 * FOREIGN_EACH);
        });
        System.out.printf("RegistryFloodIT: %d valid events counted %d ms after the last send, behind %d unknown schema ids%n",
                VALID, (System.nanoTime() - lastSend) / 1_000_000, UNKNOWN_IDS);

        Map<String, Long> dead = KafkaTopics.readAll(platform.bootstrapServers(), Topics.DEAD_LETTERS).stream()
                .collect(Collectors.groupingBy(RegistryFloodIT::reason, Collectors.counting()));
        assertThat(dead).containsExactlyInAnyOrderEntriesOf(Map.of(
                "unknown-schema-id", (long) UNKNOWN_IDS, "undecodable", 2L * FOREIGN_EACH));
        assertThat(Http.get(platform.healthUrl()).statusCode()).isEqualTo(200);
        assertThat(Scrapes.of(port).entrySet().stream().filter(e -> e.getKey().startsWith("kafka_stream_failed_stream_threads"))
                .mapToDouble(Map.Entry::getValue).sum()).as("failed stream threads").isZero();
    }

    private static void send(Producer<byte[], byte[]> producer, String key, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(ConfluentAvroSerde.HEADER_SIZE + body.length)
                .put(ConfluentAvroSerde.MAGIC_BYTE).putInt(schemaId).put(body).array();
    }

    private static double rejected(Map<String, Double> m, String reason) {
        return Scrapes.value(m, PrometheusText.key("ndxp_events_rejected_total", "reason", reason));
    }

    private static String reason(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    }
}
