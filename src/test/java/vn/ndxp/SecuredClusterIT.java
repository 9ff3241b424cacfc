package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.ndxp.testing.PrometheusText.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.model.EventJson;
import vn.ndxp.runtime.Ports;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.TruthFile;

/**
 * A secured cluster as {@code broker} makes one: Kafka with a SASL/PLAIN listener, a schema
 * registry that requires basic authentication. {@code simulate}, {@code streams}, {@code record},
 * {@code replay} and {@code dlq} reach it through one client properties file written exactly as
 * for Confluent's serializer and Kafka's clients, and count exactly what the simulator's ground
 * truth says. A wrong password, Kafka's or the registry's, ends each command within seconds with
 * one line that names what refused it: no stack trace, no password, no hang.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterIT {
    private static final String HOST = "127.0.0.1";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Path LOGS = Path.of("target", "it-logs");
    private static final Set<String> WIRE_LEVEL = Set.of("bad-magic", "truncated", "unknown-schema-id");

    @TempDir
    static Path dir;
    static NdxpProcess broker;
    static NdxpProcess streams;
    static String sasl;
    static String registry;
    static int metricsPort;

    @BeforeAll
    static void start() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "# who may connect\nalice:" + PASSWORD + "\n");
        int saslPort = Ports.free(HOST);
        int registryPort = Ports.free(HOST, saslPort);
        broker = start("secured-broker", "512m", "broker", "--kafka-port",
                Integer.toString(Ports.free(HOST, saslPort, registryPort)), "--registry-port", Integer.toString(registryPort),
                "--kafka-sasl-port", Integer.toString(saslPort), "--kafka-sasl-users", users.toString(),
                "--registry-users", users.toString(), "--data-dir", dir.resolve("data").toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(broker.alive()).as("broker, log %s", broker.logFile()).isTrue();
            return broker.log().contains("Ctrl-C to stop.");
        });
        sasl = HOST + ":" + saslPort;
        registry = "http://" + HOST + ":" + registryPort;
        assertThat(broker.log()).contains("Kafka SASL:      " + sasl, "Schema registry: " + registry + " (basic auth)");

        metricsPort = Ports.free(HOST);
        streams = start("secured-streams", "640m", "streams", "--config",
                clientProperties("client.properties", PASSWORD, PASSWORD).toString(),
                "--application-id", "secured-it", "--state-dir", dir.resolve("state").toString(),
                "--metrics-port", Integer.toString(metricsPort), "--api-port", "0");
    }

    /** A child JVM whose log holds this run only: what the test reads in it must come from this run. */
    private static NdxpProcess start(String name, String heap, String... args) throws IOException {
        Files.deleteIfExists(LOGS.resolve(name + ".log"));
        return NdxpProcess.start(name, LOGS, heap, args);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Properties as for Confluent's KafkaAvroSerializer and Kafka's clients, nothing ndxp's own. */
    private static Path clientProperties(String name, String kafkaPassword, String registryPassword) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "bootstrap.servers=" + sasl,
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\""
                        + " password=\"" + kafkaPassword + "\";",
                "schema.registry.url=" + registry,
                "basic.auth.credentials.source=USER_INFO",
                "basic.auth.user.info=alice:" + registryPassword, ""));
    }

    @Test
    @Order(1)
    void everyCommandWorksThroughTheSecuredClusterAndTheCountsAreTheGroundTruths() throws IOException {
        String config = dir.resolve("client.properties").toString();
        Path truthFile = dir.resolve("truth.json");
        assertThat(ndxp("simulate", "--config", config, "--from", "2024-04-24", "--volume", "20000", "--seed", "24",
                "--max", "--truth", truthFile.toString(), "--scenario", "malformed:fraction=0.005")).isZero();
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        long total = truth.get("total").asLong();
        long delivered = truth.get("delivered").asLong();
        long wireLevel = WIRE_LEVEL.stream().mapToLong(r -> truth.get("rejected").path(r).asLong()).sum();
        long rejected = 0;
        for (JsonNode n : truth.get("rejected")) {
            rejected += n.asLong();
        }
        assertThat(wireLevel).as("the scenario made wire-level malformations").isPositive();
        assertThat(rejected).as("and field-level ones").isGreaterThan(wireLevel);

        Map<String, Double> expected = TruthFile.expectedCounts(truth, "2024-04-24");
        expected.putAll(rejections(truth, 1));
        expected.put("ndxp_events_duplicate_total", 0.0);
        awaitMetrics(expected);

        // The same settings as -P flags (a test may show a password in its arguments; a user should use the file).
        String summary = stdout(() -> assertThat(ndxp("dlq", "--bootstrap-servers", sasl,
                "-P", "security.protocol=SASL_PLAINTEXT", "-P", "sasl.mechanism=PLAIN", "-P", "sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\""
                        + PASSWORD + "\";")).isZero());
        assertThat(summary).startsWith("ndxp.exchange-events.dlq: " + rejected + " dead letters");

        // Recorded: every decodable record, the wire-level malformations counted but not written.
        Path day = dir.resolve("day.avro");
        String recorded = stdout(() -> assertThat(ndxp("record", "--config", config, "--out", day.toString())).isEqualTo(1));
        assertThat(recorded).contains(String.format(": %,d events from ndxp.exchange-events", delivered - wireLevel));

        // Replayed into the counted topic: every valid event is a duplicate, the field-level malformations are judged again.
        Path report = dir.resolve("report.json");
        assertThat(ndxp("replay", "--config", config, "--file", day.toString(), "--max", "--metrics-port", "-1",
                "--report", report.toString())).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).get("acked").asLong()).isEqualTo(delivered - wireLevel);
        expected.putAll(rejections(truth, 2));
        expected.put("ndxp_events_duplicate_total", (double) total);
        awaitMetrics(expected);

        assertThat(broker.log()).doesNotContain(PASSWORD);
        assertThat(streams.log()).doesNotContain(PASSWORD);
        assertThat(Files.readString(dir.resolve("data").resolve("server.properties")))
                .as("the broker's settings kept in its data dir").contains("SASL_PLAINTEXT").doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void aWrongPasswordIsOneLineNamingWhatRefusedIt() throws IOException {
        String wrongKafka = clientProperties("wrong-kafka.properties", "not-" + PASSWORD, PASSWORD).toString();
        String wrongRegistry = clientProperties("wrong-registry.properties", PASSWORD, "not-" + PASSWORD).toString();
        Path events = Files.writeString(dir.resolve("one.jsonl"),
                EventJson.format(Events.event("VPCP", "BCA", Instant.parse("2024-04-25T02:00:00Z"))) + "\n");
        Map<String, List<String>> commands = Map.of(
                "simulate", List.of("simulate", "--from", "2024-04-25", "--volume", "2000", "--max"),
                "replay", List.of("replay", "--file", events.toString(), "--metrics-port", "-1"),
                "record", List.of("record", "--out", dir.resolve("refused.avro").toString()),
                "streams", List.of("streams", "--application-id", "secured-refused", "--metrics-port", "0", "--api-port", "0",
                        "--state-dir", dir.resolve("refused-state").toString()));
        String kafkaRefused = "Kafka at " + sasl + ": ";
        String registryRefused = "at schema registry " + registry + " failed: HTTP 401";
        for (var command : new TreeMap<>(commands).entrySet()) {
            // Both at once: the machine has cores to spare while a JVM starts.
            NdxpProcess kafka = refused(command.getKey() + "-wrong-kafka", command.getValue(), wrongKafka);
            NdxpProcess schemas = refused(command.getKey() + "-wrong-registry", command.getValue(), wrongRegistry);
            assertOneLine(kafka, kafkaRefused, "Authentication failed");
            assertOneLine(schemas, registryRefused, "refused the password of user \"alice\"");
        }
    }

    private static NdxpProcess refused(String name, List<String> command, String config) throws IOException {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--config", config));
        return start(name, "256m", args.toArray(String[]::new));
    }

    /** The process ends on its own, soon, with exit code 1 and one line that names what refused it and why. */
    private static void assertOneLine(NdxpProcess p, String what, String why) {
        try {
            assertThat(p.awaitExit(Duration.ofSeconds(45))).as("%s", p).isEqualTo(1);
        } finally {
            p.close();
        }
        String output = p.log();
        List<String> errors = output.lines().filter(l -> l.contains(what)).toList();
        assertThat(errors).as("%s: %s", p, output).hasSize(1);
        assertThat(errors.get(0)).as("%s", p).contains(why);
        assertThat(output).as("%s", p).doesNotContain(PASSWORD).doesNotContainPattern("(?m)^\\s+at ")
                .doesNotContain("Exception in thread");
    }

    /** The rejection counters for each reason of the truth, the field-level ones {@code times} over. */
    private static Map<String, Double> rejections(JsonNode truth, int times) {
        Map<String, Double> expected = new HashMap<>();
        truth.get("rejected").fields().forEachRemaining(r -> expected.put(key("ndxp_events_rejected_total", "reason",
                r.getKey()), r.getValue().asDouble() * (WIRE_LEVEL.contains(r.getKey()) ? 1 : times)));
        return expected;
    }

    private static void awaitMetrics(Map<String, Double> expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(streams.alive()).as("streams, log %s", streams.logFile()).isTrue();
            Map<String, Double> samples = Scrapes.of(metricsPort);
            expected.forEach((series, value) -> assertThat(samples.get(series)).as(series).isEqualTo(value));
        });
    }

    private static int ndxp(String... args) {
        return Ndxp.execute(args);
    }

    /** What {@code run} prints to standard output. */
    private static String stdout(Runnable run) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
