package vn.ndxp.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.ndxp.testing.PrometheusText.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.serde.WireFormatException;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.runtime.TopicCreator;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.KafkaTopics;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TruthFile;

/**
 * simulate → record → replay through the real broker: a simulated day with late, out-of-order and
 * malformed records goes to a source topic, is recorded to an Avro file, and is replayed into a
 * fresh topic (the same events, each partition in the same order) and into the counted input
 * topic (the platform's counts equal the simulator's ground truth).
 */
class RecordReplayIT {
    private static final String SOURCE = "ndxp.sim-source";
    private static final String RANGE_SOURCE = "ndxp.sim-range-source";
    private static final String REPLAYED = "ndxp.replayed";

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static StreamsApp app;
    static ConfluentAvroSerde<DataExchangeEvent> serde;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        TopicCreator.ensure(Map.of("bootstrap.servers", platform.bootstrapServers()),
                List.of(new Topics.TopicSpec(SOURCE, 6, false, false), new Topics.TopicSpec(RANGE_SOURCE, 3, false, false),
                        new Topics.TopicSpec(REPLAYED, 6, false, false)));
        app = StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                "record-replay-it", dir.resolve("state")).withKafkaProperties(Map.of("commit.interval.ms", 100)), () -> { });
        serde = ConfluentAvroSerde.forValues(new RestSchemaRegistryClient(platform.schemaRegistryUrl()), DataExchangeEvent.class);
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

    private static int ndxp(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", platform.bootstrapServers(),
                "--schema-registry-url", platform.schemaRegistryUrl()));
        return Ndxp.execute(all.toArray(String[]::new));
    }

    @Test
    void aRecordedDayReplaysAsTheSameEventsAndTheSameCounts() throws IOException {
        Path truthFile = dir.resolve("truth.json");
        assertThat(ndxp("simulate", "--from", "2024-04-24", "--days", "2", "--volume", "20000", "--seed", "9", "--max",
                "--truth", truthFile.toString(), "--partitions", "6", "--topic", SOURCE,
                "--scenario", "late:fraction=0.02,delay=8h", "--scenario", "out-of-order:fraction=0.05,max-shift=20m",
                "--scenario", "malformed:fraction=0.005")).isZero();
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());

        // Record: the wire-level malformations cannot be decoded, so they are counted, not written (exit 1).
        Path day = dir.resolve("day.avro");
        assertThat(ndxp("record", "--topic", SOURCE, "--out", day.toString())).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> source = KafkaTopics.readAll(platform.bootstrapServers(), SOURCE);
        assertThat(source).hasSize(truth.get("delivered").asInt());
        Map<Integer, List<String>> sourceByPartition = decodable(source);
        long decodable = sourceByPartition.values().stream().mapToLong(List::size).sum();
        long wireLevel = truth.get("rejected").path("bad-magic").asLong() + truth.get("rejected").path("truncated").asLong()
                + truth.get("rejected").path("unknown-schema-id").asLong();
        assertThat(wireLevel).as("the scenario made wire-level malformations").isPositive();
        assertThat(truth.get("late").asLong()).as("the scenario made late events").isPositive();
        assertThat(decodable).isEqualTo(truth.get("delivered").asLong() - wireLevel);

        // The file is Avro's own: its generic reader reads every event with the schema in the header.
        long inFile = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(day.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord r : reader) {
                assertThat(r.get("eventId")).isNotNull();
                inFile++;
            }
        }
        assertThat(inFile).isEqualTo(decodable);

        // Replayed into a fresh topic: the same events, and each partition in the same order.
        assertThat(ndxp("replay", "--file", day.toString(), "--topic", REPLAYED, "--max", "--metrics-port", "0")).isZero();
        Map<Integer, List<String>> replayed = decodable(KafkaTopics.readAll(platform.bootstrapServers(), REPLAYED));
        assertThat(replayed).isEqualTo(sourceByPartition);

        // Replayed into the counted topic: the platform's counts are the ground truth's.
        Path report = dir.resolve("report.json");
        String metricsUrl = "http://127.0.0.1:" + app.metricsPort() + "/metrics";
        assertThat(ndxp("replay", "--file", day.toString(), "--max", "--metrics-port", "0", "--report", report.toString(),
                "--metrics-url", metricsUrl, "--freshness-wait", "5s")).isZero();
        Map<String, Double> expected = expectedSamples(truth);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            Map<String, Double> samples = PrometheusText.parse(Http.get(metricsUrl).body());
            expected.forEach((series, value) -> assertThat(samples.get(series)).as(series).isEqualTo(value));
        });
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("sent").asLong()).isEqualTo(decodable);
        assertThat(r.get("acked").asLong()).isEqualTo(decodable);
        assertThat(r.get("failed").asLong()).isZero();
        assertThat(r.get("achievedRate").asDouble()).isPositive();
        assertThat(r.get("latencyMs").get("p99").asDouble()).isPositive();
        assertThat(r.get("latencyMs").has("p999")).isTrue();
        assertThat(r.get("naiveLatencyMs").get("max").asDouble()).isPositive();
        assertThat(r.get("freshness").get("counted").asLong()).isPositive();
    }

    @Test
    void aTimeRangeRecordsTheEventsOfThatRangeAsJsonLines() throws IOException {
        Path file = dir.resolve("range.jsonl");
        Instant from = Instant.parse("2024-04-22T03:00:00Z");
        Instant to = Instant.parse("2024-04-22T04:00:00Z");
        assertThat(ndxp("simulate", "--from", "2024-04-22", "--volume", "20000", "--seed", "3", "--max",
                "--topic", RANGE_SOURCE)).isZero();
        assertThat(ndxp("record", "--topic", RANGE_SOURCE, "--out", file.toString(), "--from", from.toString(),
                "--to", to.toString())).isZero();
        List<String> expected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readAll(platform.bootstrapServers(), RANGE_SOURCE)) {
            if (r.timestamp() >= from.toEpochMilli() && r.timestamp() < to.toEpochMilli()) {
                expected.add(EventJson.format(serde.deserialize(RANGE_SOURCE, r.value())));
            }
        }
        assertThat(expected).hasSizeGreaterThan(100);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
        // Interleaved by time: never more than the out-of-order slack behind the newest line so far.
        long newest = from.toEpochMilli();
        for (String line : lines) {
            long t = EventJson.parse(line).getRequestTime().toEpochMilli();
            assertThat(t).isGreaterThanOrEqualTo(newest - Duration.ofMinutes(30).toMillis());
            newest = Math.max(newest, t);
        }
    }

    @Test
    void badRecordsAreNamedByFileAndPositionAndTheExitCodeSaysWhatHappened() throws IOException {
        Path jsonl = dir.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(EventJson.format(vn.ndxp.testing.Events.event("VPCP", "BCA", Instant.parse("2024-04-20T02:00:00Z"))));
        }
        lines.add(2, "{\"eventId\": \"x\"}");
        Files.write(jsonl, lines);
        String topic = "ndxp.bad-input";
        TopicCreator.ensure(Map.of("bootstrap.servers", platform.bootstrapServers()), List.of(new Topics.TopicSpec(topic, 1, false, false)));

        String[] err = new String[1];
        int lenient = withStderr(err, () -> ndxp("replay", "--file", jsonl.toString(), "--topic", topic, "--metrics-port", "-1"));
        assertThat(lenient).as("bad lines, the rest sent").isEqualTo(1);
        assertThat(err[0]).contains(jsonl + ":3: field \"requestTime\" is missing").doesNotContain("Exception");
        int strict = withStderr(err, () -> ndxp("replay", "--file", jsonl.toString(), "--topic", topic, "--metrics-port", "-1",
                "--strict"));
        assertThat(strict).isEqualTo(1);
        assertThat(KafkaTopics.readAll(platform.bootstrapServers(), topic)).as("5 + 2 before the bad line").hasSize(7);
    }

    @Test
    void aTopicThatDoesNotExistIsRefusedAtOnceInOneLine() throws IOException {
        Path jsonl = dir.resolve("one.jsonl");
        Files.write(jsonl, List.of(EventJson.format(vn.ndxp.testing.Events.event("VPCP", "BCA",
                Instant.parse("2024-04-20T02:00:00Z")))));
        String[] err = new String[1];
        long started = System.nanoTime();
        int replay = withStderr(err, () -> ndxp("replay", "--file", jsonl.toString(), "--topic", "ndxp.no-such-topic",
                "--metrics-port", "-1"));
        assertThat(replay).isNotZero();
        assertThat(err[0]).contains("Topic ndxp.no-such-topic does not exist on Kafka at " + platform.bootstrapServers())
                .doesNotContain("Exception");
        int simulate = withStderr(err, () -> ndxp("simulate", "--from", "2024-04-22", "--volume", "100", "--max",
                "--topic", "ndxp.no-such-topic"));
        assertThat(simulate).isNotZero();
        assertThat(err[0]).contains("Topic ndxp.no-such-topic does not exist");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not a producer's minute of waiting")
                .isLessThan(Duration.ofSeconds(30));
    }

    private static int withStderr(String[] captured, java.util.function.IntSupplier run) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return run.getAsInt();
        } finally {
            System.setErr(old);
            captured[0] = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The decodable events of each partition, in order, in their JSON form. */
    private static Map<Integer, List<String>> decodable(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(EventJson.format(serde.deserialize(r.topic(), r.value())));
            } catch (WireFormatException e) {
                // malformed on purpose by the simulator
            }
        }
        return byPartition;
    }

    private static Map<String, Double> expectedSamples(JsonNode truth) {
        Map<String, Double> expected = TruthFile.expectedCounts(truth, "2024-04-25");
        for (String reason : List.of("missing-field", "negative-value")) {
            expected.put(key("ndxp_events_rejected_total", "reason", reason), truth.get("rejected").path(reason).asDouble());
        }
        return expected;
    }
}
