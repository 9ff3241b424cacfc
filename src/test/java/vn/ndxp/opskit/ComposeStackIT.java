package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.Topics;
import vn.ndxp.runtime.EmbeddedKafkaBroker;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.NdxpProcess;

/**
 * {@code docker/check-stack}: the compose stack as {@code docker/docker-compose.yml} describes it,
 * run here without Docker ({@link ComposeServices}: each ndxp service natively with the command,
 * arguments and environment the file gives it; the embedded broker and registry for the Kafka and
 * registry images; Debian's Prometheus with the stack's prometheus.yml and rules as they are). It
 * checks what a user of the stack would, in the default profile and then the {@code loadtest} one:
 *
 * <ul>
 *   <li>every published port of the app answers (metrics, probes, the query API, the load
 *       generator's metrics);</li>
 *   <li>the counts move, and in the end every record of the input topic, the simulator's and the
 *       load generator's, was counted exactly once, none late, rejected or duplicate, through a
 *       restart of the streams app, as Prometheus' counters show it;</li>
 *   <li>the load generator stopped half-way through writing its day starts again cleanly;</li>
 *   <li>Prometheus has its targets up and no alert firing.</li>
 * </ul>
 *
 * What only a real Docker run shows (images, healthchecks, the network, volumes' owners) is listed
 * in docker/README.md.
 */
class ComposeStackIT {
    private static final Logger log = LoggerFactory.getLogger(ComposeStackIT.class);
    private static final String HOST = "127.0.0.1";
    private static final Path LOGS = Path.of("target", "it-logs");
    /** The check's own settings, as a user's .env gives them: a smaller load file than the default 1 GB. */
    private static final Map<String, String> VARIABLES = Map.of("NDXP_LOAD_VOLUME", "200000");
    /**
     * Added to the simulator's environment: a smaller day. In real time from today, a start sends
     * the day so far at once; with the default 2.8 M that is up to a few minutes of a CI's two cores.
     */
    private static final Map<String, String> SMALLER_DAY = Map.of("NDXP_VOLUME", "40000");

    @TempDir
    Path dir;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @AfterEach
    void stop() {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Stopping {}: {}", c, e.toString());
            }
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        running.push(c);
        return c;
    }

    @Test
    void theStackRunsAsTheComposeFileSays() throws Exception {
        Path prometheusExecutable = Tools.require("prometheus");
        long startedMs = System.currentTimeMillis();
        EmbeddedKafkaBroker kafka = keep(EmbeddedKafkaBroker.start(HOST, 0, dir.resolve("kafka")));
        EmbeddedSchemaRegistry registry = keep(EmbeddedSchemaRegistry.start(HOST, 0, dir.resolve("schema-registry")));
        ComposeServices stack = new ComposeServices(OpsKitFiles.yaml(OpsKitFiles.COMPOSE), Map.of(
                "kafka:29092", kafka.bootstrapServers(), "http://schema-registry:8081", registry.url()),
                dir.resolve("volumes"), VARIABLES);

        log.info("Default profile: streams, then the simulator once streams is healthy");
        NdxpProcess streams = keep(stack.start("streams", LOGS, Map.of()));
        int metrics = stack.hostPort("streams", 9404);
        awaitAnswer("streams /health", "http://" + HOST + ":" + metrics + "/health", Duration.ofMinutes(2));
        PrometheusServer prometheus = keep(PrometheusServer.startAsConfigured(prometheusExecutable, dir.resolve("prometheus"),
                Map.of("ndxp-streams", HOST + ":" + metrics, "ndxp-loadgen", HOST + ":" + stack.hostPort("loadgen", 9405))));
        // Scraped before the first event: an increase is measured from the first sample on.
        await("Prometheus scraping streams").atMost(Duration.ofMinutes(1)).until(() ->
                prometheus.value("count(ndxp_platform_transactions_total)") == 1);
        NdxpProcess simulator = keep(stack.start("simulator", LOGS, SMALLER_DAY));

        for (String path : List.of("/metrics", "/ready", "/health")) {
            awaitAnswer("streams " + path, "http://" + HOST + ":" + metrics + path, Duration.ofMinutes(2));
        }
        awaitAnswer("the query API", "http://" + HOST + ":" + stack.hostPort("streams", 8080) + "/api/v1/agencies",
                Duration.ofMinutes(1));
        await("the counts move").atMost(Duration.ofMinutes(2)).until(() ->
                prometheus.value("sum(ndxp_platform_transactions_today)") > 0);

        log.info("Profile loadtest: the load generator, stopped half-way through writing its day, then again");
        Path load = stack.volume("loadgen-data");
        NdxpProcess stopped = stack.start("loadgen", LOGS, Map.of("NDXP_LOAD_VOLUME", "2800000"));
        await("the load file half-written").atMost(Duration.ofMinutes(2)).until(() -> partialFiles(load).anyMatch(f -> size(f) > 10_000_000));
        stopped.kill(); // docker compose stop: the init forwards SIGTERM, and the rest is killed after 10 s
        assertThat(load.resolve("day.jsonl")).as("no truncated day under the name").doesNotExist();
        NdxpProcess loadgen = keep(stack.start("loadgen", LOGS, Map.of()));
        awaitAnswer("the load generator's /metrics", "http://" + HOST + ":" + stack.hostPort("loadgen", 9405) + "/metrics",
                Duration.ofMinutes(2));
        assertThat(loadgen.awaitExit(Duration.ofMinutes(3))).as("the replay sent every event").isZero();
        long loaded;
        try (Stream<String> lines = Files.lines(load.resolve("day.jsonl"))) {
            loaded = lines.count();
        }
        assertThat(loaded).isEqualTo(200_000);

        log.info("A restart of the streams app (docker compose restart streams)");
        streams.terminate();
        assertThat(streams.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
        keep(stack.start("streams", LOGS, Map.of()));
        await("counting again").atMost(Duration.ofMinutes(2)).until(() ->
                prometheus.value("sum(ndxp_platform_transactions_today)") > 0);

        // Real time, the simulator sends every few hundred milliseconds: stopped, the counts can catch up with the topic.
        simulator.terminate();
        simulator.awaitExit(Duration.ofSeconds(30));
        await("every record of the input topic counted once").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    long range = (System.currentTimeMillis() - startedMs) / 1000 + 5;
                    long records = recordsIn(kafka.bootstrapServers());
                    double counted = prometheus.rawIncrease("ndxp_platform_transactions_total", range);
                    log.info("{} records in {}, {} counted", records, Topics.EXCHANGE_EVENTS, counted);
                    assertThat(records).isGreaterThan(loaded);
                    assertThat(counted).isEqualTo(records);
                });
        long range = (System.currentTimeMillis() - startedMs) / 1000 + 5;
        for (String setAside : List.of("ndxp_events_late_total", "ndxp_events_duplicate_total", "ndxp_events_rejected_total")) {
            assertThat(prometheus.rawIncrease(setAside, range)).as(setAside).isZero();
        }
        await("every target up").atMost(Duration.ofMinutes(1)).until(() ->
                prometheus.value("min(up{job=~\"ndxp-streams|prometheus\"})") == 1);
        JsonNode firing = prometheus.query("ALERTS{alertstate=\"firing\"}");
        assertThat(firing).as("alerts firing in normal traffic").isEmpty();
    }

    private static void awaitAnswer(String what, String url, Duration timeout) {
        await(what + " answers (" + url + ")").atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> Http.get(url).statusCode() < 500 || url.endsWith("/ready"));
    }

    private static Stream<Path> partialFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList().stream();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Records in the input topic: the producers are not transactional, so the end offsets. */
    private static long recordsIn(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EXCHANGE_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            long total = 0;
            for (Map.Entry<TopicPartition, Long> e : consumer.endOffsets(partitions).entrySet()) {
                total += e.getValue() - consumer.beginningOffsets(List.of(e.getKey())).get(e.getKey());
            }
            return total;
        }
    }
}
