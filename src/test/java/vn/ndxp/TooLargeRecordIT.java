package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.KafkaTopics;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;

/**
 * Records too large to copy out, through the real broker: one just under the broker's limit
 * (a dead letter with its headers would be over the producer's), and one under the producer's
 * limit but over the late topic's and dead-letter topic's own {@code max.message.bytes}. Each ends
 * as a {@code too-large} reference, the valid traffic around them is counted exactly, and the app
 * stays up, also across a restart with those records still in the input topic.
 */
class TooLargeRecordIT {
    private static final int VALID = 3_000;
    private static final int TOPIC_LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static StreamsApp app;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            AlterConfigOp smaller = new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(TOPIC_LIMIT)), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTERS), List.of(smaller),
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.LATE_EVENTS), List.of(smaller))).all().get();
        }
        app = startApp();
    }

    private static StreamsApp startApp() {
        return StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                "too-large-it", dir.resolve("state")).withKafkaProperties(Map.of("commit.interval.ms", 100)), () -> { });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRecordTooLargeToCopyBecomesAReferenceAndStopsNothing() {
        SeededDay truth = new SeededDay(11L, VALID, LocalDate.of(2024, 4, 24));
        ConfluentAvroSerde<DataExchangeEvent> serde = ConfluentAvroSerde.forValues(
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()), DataExchangeEvent.class);
        byte[] nearBrokerLimit = garbage(1_048_400);
        byte[] overTopicLimit = garbage(200_000);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", platform.bootstrapServers(),
                "max.request.size", 2_000_000), new ByteArraySerializer(), new ByteArraySerializer())) {
            Iterator<DataExchangeEvent> events = truth.events();
            for (int i = 0; events.hasNext(); i++) {
                DataExchangeEvent e = events.next();
                producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, utf8(e.getEventId()),
                        serde.serializer().serialize(Topics.EXCHANGE_EVENTS, e)));
                if (i == VALID / 3) {
                    producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, utf8("near-broker-limit"), nearBrokerLimit));
                } else if (i == 2 * VALID / 3) {
                    producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, utf8("over-topic-limit"), overTopicLimit));
                }
            }
        }
        Map<String, Long> expected = truth.expectedMetrics();
        awaitCounted(expected, 2);
        List<ConsumerRecord<byte[], byte[]>> letters = KafkaTopics.readAll(platform.bootstrapServers(), Topics.DEAD_LETTERS);
        assertThat(letters).hasSize(2).allSatisfy(r -> {
            assertThat(r.value()).isNull();
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("too-large");
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_REASON)).isEqualTo("bad-magic");
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.EXCHANGE_EVENTS);
        });
        assertThat(letters).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("near-broker-limit", "over-topic-limit");

        // Restarted with the two records still in the input topic: the same numbers, nothing new.
        app.close();
        app = startApp();
        awaitCounted(expected, 0);
        assertThat(KafkaTopics.readAll(platform.bootstrapServers(), Topics.DEAD_LETTERS)).hasSize(2);
        assertThat(app.alive()).isTrue();
    }

    /** @param tooLarge how many too-large references this process sent (its counters start with it) */
    private static void awaitCounted(Map<String, Long> expected, int tooLarge) {
        int port = app.metricsPort();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port);
            assertThat(tooLarge > 0 ? Scrapes.differences(expected, m) : Scrapes.differencesToday(expected, m)).isEmpty();
            assertThat(Scrapes.value(m, PrometheusText.key("ndxp_events_rejected_total", "reason", "too-large"))).isEqualTo(tooLarge);
            assertThat(Scrapes.value(m, PrometheusText.key("ndxp_events_rejected_total", "reason", "bad-magic"))).isZero();
        });
        assertThat(app.running()).isTrue();
    }

    private static byte[] garbage(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) '{');
        return b;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
