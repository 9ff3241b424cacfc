package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.EmbeddedKafkaBroker;
import vn.ndxp.runtime.Ports;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.runtime.TopicCreator;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;

/**
 * The schema registry is down when the app first needs it: nothing is counted, nothing goes to
 * the dead letters, the app stays alive (its stream thread fails after in-place retries and is
 * replaced after a pause, again and again), and once the registry is back it resumes on its own
 * and counts exactly.
 */
class RegistryOutageIT {
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private StreamsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRegistryOutageIsWaitedOutWithoutDeadLettersOrLoss() {
        broker = EmbeddedKafkaBroker.start(HOST, 0, dir.resolve("kafka"));
        TopicCreator.ensure(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(6));
        int registryPort = Ports.free(HOST);
        registry = EmbeddedSchemaRegistry.start(HOST, registryPort, dir.resolve("registry"));
        String registryUrl = registry.url();
        SeededDay truth = new SeededDay(99L, 3_000, LocalDate.of(2024, 4, 24));
        try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new RestSchemaRegistryClient(registryUrl))) {
            for (Iterator<DataExchangeEvent> it = truth.events(); it.hasNext(); ) {
                producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, it.next()));
            }
        }
        registry.close();
        registry = null;

        app = StreamsApp.start(StreamsApp.Options.of(broker.bootstrapServers(), registryUrl, "registry-outage-it",
                dir.resolve("state"))
                // A replaced thread's consumer does not leave the group: its session must run out first.
                .withKafkaProperties(Map.of("session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_500)), () -> { });
        int port = app.metricsPort();
        // Until stream threads have failed on the outage (after their in-place retries) and been
        // replaced: nothing counted, nothing dead-lettered, the app alive and not ready throughout.
        // (A failed stream thread ends with its exception, which Awaitility would take for the test's.)
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port);
            assertThat(Scrapes.value(m, "ndxp_platform_transactions_today")).isZero();
            assertThat(rejected(m)).as("dead letters during the outage").isZero();
            assertThat(app.alive()).isTrue();
            assertThat(Http.get("http://127.0.0.1:" + port + "/health").statusCode()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + port + "/ready").statusCode()).isEqualTo(503);
            assertThat(failedThreads(m)).isGreaterThanOrEqualTo(1);
        });

        registry = EmbeddedSchemaRegistry.start(HOST, registryPort, dir.resolve("registry"));
        Map<String, Long> expected = truth.expectedMetrics();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> m = Scrapes.of(port);
            assertThat(Scrapes.differences(expected, m)).isEmpty();
            assertThat(rejected(m)).isZero();
        });
        assertThat(app.running()).isTrue();
    }

    private static double failedThreads(Map<String, Double> m) {
        return sum(m, "kafka_stream_failed_stream_threads");
    }

    private static double rejected(Map<String, Double> m) {
        return sum(m, "ndxp_events_rejected_total");
    }

    private static double sum(Map<String, Double> m, String prefix) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }
}
