package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.ndxp.testing.PrometheusText.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.Topics;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.EventProducers;
import vn.ndxp.testing.KafkaTopics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TestPlatform;

/**
 * The whole path with real parts: a JSON Lines file replayed by the CLI into the embedded broker
 * and registry, counted by the streams app, scraped from /metrics over HTTP. Replayed a second
 * time, it changes no count: every event is recognised as a duplicate.
 */
class EndToEndIT {
    private static final String[] CONSUMERS = {"VPCP", "HNI", "HCM", "DNG"};
    private static final String[] PROVIDERS = {"BCA", "BTC", "BHXH"};

    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "end-to-end-it");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void replayedEventsAppearAsExactCountsOnMetrics() throws IOException {
        Random random = new Random(42);
        Instant dayStart = Instant.parse("2024-04-23T17:00:00Z"); // 2024-04-24 00:00 local
        Map<String, Long> expected = new HashMap<>();
        List<String> lines = new ArrayList<>();
        int events = 3_000;
        for (int i = 0; i < events; i++) {
            String consumer = CONSUMERS[random.nextInt(CONSUMERS.length)];
            String provider = PROVIDERS[random.nextInt(PROVIDERS.length)];
            ExchangeStatus status = random.nextInt(10) == 0 ? ExchangeStatus.TIMEOUT : ExchangeStatus.SUCCESS;
            DataExchangeEvent e = Events.event(consumer, provider, dayStart.plusSeconds(i * 20L), status);
            lines.add(EventJson.format(e));
            expected.merge(key("ndxp_agency_transactions_today", "agency", consumer, "role", "consumer"), 1L, Long::sum);
            expected.merge(key("ndxp_agency_transactions_today", "agency", provider, "role", "provider"), 1L, Long::sum);
            expected.merge(key("ndxp_transactions_total", "agency", provider, "role", "provider", "status", status.name()),
                    1L, Long::sum);
        }
        lines.add(17, "{\"eventId\": \"broken");
        lines.add(1000, "{\"eventId\": \"x\", \"status\": \"MAYBE\"}");
        expected.put("ndxp_platform_transactions_today", (long) events);
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines);

        int exit = Ndxp.execute(new String[] {"replay", "--file", file.toString(),
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl()});
        assertThat(exit).as("exit code when some lines are bad").isEqualTo(1);

        String metricsUrl = platform.metricsUrl();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Double> samples = PrometheusText.parse(Http.get(metricsUrl).body());
            expected.forEach((series, count) ->
                    assertThat(samples.get(series)).as(series).isEqualTo(count.doubleValue()));
        });
        Map<String, Double> samples = PrometheusText.parse(Http.get(metricsUrl).body());
        assertThat(samples.get("ndxp_events_late_total")).isZero();
        assertThat(samples.get("ndxp_events_duplicate_total")).isZero();

        // The same file again (a producer retrying a whole batch): every event is a duplicate.
        assertThat(Ndxp.execute(new String[] {"replay", "--file", file.toString(),
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl()}))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Double> again = PrometheusText.parse(Http.get(metricsUrl).body());
            assertThat(again.get("ndxp_events_duplicate_total")).isEqualTo(events);
            expected.forEach((series, count) -> assertThat(again.get(series)).as(series).isEqualTo(count.doubleValue()));
        });

        // After the day's grace: diverted to the late topic. Not Avro at all: to the dead letters.
        DataExchangeEvent straggler = Events.event("VPCP", "BCA", Instant.parse("2024-04-23T05:00:00Z"));
        byte[] garbage = "not an event".getBytes(StandardCharsets.UTF_8);
        try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                Map.of("bootstrap.servers", platform.bootstrapServers()), new RestSchemaRegistryClient(platform.schemaRegistryUrl()));
             Producer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", platform.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, straggler));
            raw.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, "junk-key".getBytes(StandardCharsets.UTF_8), garbage));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Double> now = PrometheusText.parse(Http.get(metricsUrl).body());
            assertThat(now.get("ndxp_events_late_total")).isEqualTo(1.0);
            assertThat(now.get(key("ndxp_events_rejected_total", "reason", "bad-magic"))).isEqualTo(1.0);
            expected.forEach((series, count) -> assertThat(now.get(series)).as(series).isEqualTo(count.doubleValue()));
        });
        ConsumerRecord<byte[], byte[]> dead = KafkaTopics.readOne(platform.bootstrapServers(), Topics.DEAD_LETTERS);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.headers().lastHeader("ndxp.dlq.reason").value(), StandardCharsets.UTF_8)).isEqualTo("bad-magic");
        ConsumerRecord<byte[], byte[]> late = KafkaTopics.readOne(platform.bootstrapServers(), Topics.LATE_EVENTS);
        assertThat(new String(late.key(), StandardCharsets.UTF_8)).isEqualTo(straggler.getEventId());
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("kafka_stream_"));
        assertThat(Http.get(platform.healthUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void topicsKeepReplayedHistoryByArrivalNotByEventTime() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            ConfigResource input = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EXCHANGE_EVENTS);
            ConfigResource counts = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AGENCY_DAILY_COUNTS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(input, counts)).all().get();
            assertThat(configs.get(input).get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(configs.get(counts).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}
