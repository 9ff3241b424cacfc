package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.BadInput;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;
import vn.ndxp.topology.InputRules;

/**
 * A burst of garbage from a misbehaving producer, every kind of it, mixed into valid traffic
 * through the real broker: each bad record lands on the dead-letter topic with its reason, the
 * valid counts stay exact and the app keeps running. Then the {@code dlq} command summarises them,
 * and once the catalog knows the missing agency, re-sends those records, which are then counted.
 */
class DeadLetterIT {
    private static final int VALID = 6_000;
    private static final int COPIES = 2;
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static StreamsApp app;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        app = startApp(InputRules.defaults(CatalogCodes.builtIn()));
    }

    private static StreamsApp startApp(InputRules rules) {
        return StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                "dead-letter-it", dir.resolve("state")).withKafkaProperties(Map.of("commit.interval.ms", 100))
                .withRules(rules), () -> { });
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
    void everyKindOfBadInputIsDeadLetteredAndCanBeResentOnceFixed() throws IOException {
        SeededDay truth = new SeededDay(42L, VALID, DAY);
        ConfluentAvroSerde<DataExchangeEvent> serde = ConfluentAvroSerde.forValues(
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()), DataExchangeEvent.class);
        Map<String, byte[]> corpus = BadInput.corpus(e -> serde.serializer().serialize(Topics.EXCHANGE_EVENTS, e),
                Instant.parse("2024-04-24T03:00:00Z"), Instant.now());
        try (Producer<byte[], byte[]> producer = rawProducer()) {
            Iterator<DataExchangeEvent> events = truth.events();
            List<Map.Entry<String, byte[]>> bad = List.copyOf(corpus.entrySet());
            int badSent = 0;
            for (int i = 0; events.hasNext(); i++) {
                DataExchangeEvent e = events.next();
                producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, utf8(e.getEventId()),
                        serde.serializer().serialize(Topics.EXCHANGE_EVENTS, e)));
                if (i % 200 == 100 && badSent < bad.size() * COPIES) {
                    // Keyed alike, as a producer keying by eventId would: both copies share a partition.
                    Map.Entry<String, byte[]> record = bad.get(badSent % bad.size());
                    producer.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, utf8("bad-" + record.getKey()), record.getValue()));
                    badSent++;
                }
            }
            assertThat(badSent).isEqualTo(corpus.size() * COPIES);
        }

        Map<String, Long> expected = truth.expectedMetrics();
        int port = app.metricsPort();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port);
            assertThat(Scrapes.differences(expected, m)).isEmpty();
            for (String reason : corpus.keySet()) {
                assertThat(Scrapes.value(m, PrometheusText.key("ndxp_events_rejected_total", "reason", reason)))
                        .as(reason).isEqualTo(COPIES);
            }
        });
        assertThat(app.running()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> Http.get("http://127.0.0.1:" + port + "/ready").statusCode() == 200);

        String summary = ndxp("dlq", "--bootstrap-servers", platform.bootstrapServers(), "--limit", "3");
        assertThat(summary).contains(Topics.DEAD_LETTERS + ": " + corpus.size() * COPIES + " dead letters");
        for (String reason : corpus.keySet()) {
            assertThat(summary).containsPattern("(?m)^  " + reason + " +" + COPIES + "$");
        }
        assertThat(summary).contains("The first 3 of " + corpus.size() * COPIES);
        String unknown = ndxp("dlq", "--bootstrap-servers", platform.bootstrapServers(), "--reason", "unknown-agency");
        assertThat(unknown).contains("All " + COPIES + ":").contains("consumerAgency \"XYZ\" is not in the catalog")
                .contains(Topics.EXCHANGE_EVENTS + "/");

        // The operator adds the new agency to the catalog, restarts the app and re-sends.
        app.close();
        app = startApp(InputRules.defaults(CatalogCodes.from(CatalogLoader.load(catalogWithNewAgency()))));
        String resent = ndxp("dlq", "--bootstrap-servers", platform.bootstrapServers(), "--reason", "unknown-agency", "--resend");
        assertThat(resent).contains("Re-sent " + COPIES + " dead letters to " + Topics.EXCHANGE_EVENTS + " (unknown-agency " + COPIES + "); 0 failed.");
        // Both copies are one event (one eventId, one partition): it counts once, the other copy is a duplicate.
        Map<String, Long> fixed = new HashMap<>(expected);
        fixed.merge("ndxp_platform_transactions_today", 1L, Long::sum);
        fixed.merge(PrometheusText.key("ndxp_agency_transactions_today", "agency", BadInput.NEW_AGENCY, "role", "consumer"),
                1L, Long::sum);
        fixed.merge(PrometheusText.key("ndxp_transactions_total", "agency", BadInput.NEW_AGENCY, "role", "consumer",
                "status", "SUCCESS"), 1L, Long::sum);
        fixed.merge(PrometheusText.key("ndxp_agency_transactions_today", "agency", "BCA", "role", "provider"), 1L, Long::sum);
        fixed.merge(PrometheusText.key("ndxp_transactions_total", "agency", "BCA", "role", "provider", "status", "SUCCESS"),
                1L, Long::sum);
        int port2 = app.metricsPort();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port2);
            assertThat(Scrapes.differencesToday(fixed, m)).isEmpty();
            // The restarted process's counters: the one re-sent event, once.
            assertThat(Scrapes.value(m, PrometheusText.key("ndxp_transactions_total", "agency", BadInput.NEW_AGENCY,
                    "role", "consumer", "status", "SUCCESS"))).isEqualTo(1);
            assertThat(Scrapes.value(m, "ndxp_platform_transactions_total")).isEqualTo(1);
            assertThat(Scrapes.value(m, "ndxp_events_duplicate_total")).isEqualTo(COPIES - 1.0);
        });

        // A second re-send changes nothing but the duplicates.
        ndxp("dlq", "--bootstrap-servers", platform.bootstrapServers(), "--reason", "unknown-agency", "--resend");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port2);
            assertThat(Scrapes.value(m, "ndxp_events_duplicate_total")).isEqualTo(2.0 * COPIES - 1);
            assertThat(Scrapes.differencesToday(fixed, m)).isEmpty();
            assertThat(Scrapes.value(m, "ndxp_platform_transactions_total")).isEqualTo(1);
        });
        assertThat(ndxp("dlq", "--bootstrap-servers", platform.bootstrapServers(), "--limit", "0"))
                .as("nothing new on the dead-letter topic").contains(corpus.size() * COPIES + " dead letters");
    }

    /** The built-in catalog plus agency XYZ and its portal, as a user's catalog file. */
    private static Path catalogWithNewAgency() throws IOException {
        String yaml;
        try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(CatalogLoader.BUILT_IN_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        yaml = yaml.replaceFirst("(?m)^agencies:\n", "agencies:\n  - {code: " + BadInput.NEW_AGENCY
                + ", kind: OTHER, nameVi: \"Cơ quan mới\", nameEn: \"A new agency\"}\n");
        yaml += "\n  - code: " + BadInput.NEW_SYSTEM + "\n    agency: " + BadInput.NEW_AGENCY
                + "\n    kind: PUBLIC_SERVICE_PORTAL\n    nameVi: \"Cổng mới\"\n    nameEn: \"New portal\"\n    consumerWeight: 1\n";
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Producer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", platform.bootstrapServers(), "linger.ms", 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a command line in this JVM and returns what it printed. */
    private static String ndxp(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = Ndxp.execute(args);
            assertThat(exit).as("exit code of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        return printed;
    }
}
