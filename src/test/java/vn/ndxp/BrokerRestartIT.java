package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.Topics;
import vn.ndxp.runtime.Ports;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;
import vn.ndxp.testing.TruthSender;

/**
 * The broker (with the registry, the {@code broker} command in a child JVM) is killed with SIGKILL
 * in the middle of a replay and started again on the same ports and data: the producer retries,
 * the app waits and resumes on its own, and the counts end exact, with no event written twice.
 */
class BrokerRestartIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final String HOST = "127.0.0.1";
    private static final int EVENTS = 100_000;

    @TempDir
    Path dir;
    private NdxpProcess broker;
    private StreamsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private NdxpProcess startBroker(int kafkaPort, int registryPort) {
        NdxpProcess p = NdxpProcess.start("restart-broker", Path.of("target", "it-logs"), "768m", "broker",
                "--host", HOST, "--kafka-port", Integer.toString(kafkaPort), "--registry-port", Integer.toString(registryPort),
                "--data-dir", dir.resolve("broker").toString(), "--partitions", "6");
        await().atMost(Duration.ofSeconds(90)).until(() -> p.log().contains("Ctrl-C to stop."));
        return p;
    }

    @Test
    void theBrokerKilledAndRestartedUnderLoadLosesAndDoublesNothing() throws Exception {
        int kafkaPort = Ports.free(HOST);
        int registryPort = Ports.free(HOST, kafkaPort);
        String bootstrap = HOST + ":" + kafkaPort;
        String registryUrl = "http://" + HOST + ":" + registryPort;
        broker = startBroker(kafkaPort, registryPort);
        app = StreamsApp.start(StreamsApp.Options.of(bootstrap, registryUrl, "broker-restart-it", dir.resolve("state")), () -> { });
        int port = app.metricsPort();
        await().atMost(Duration.ofMinutes(1)).until(app::running);
        SeededDay truth = new SeededDay(11L, EVENTS, LocalDate.of(2024, 4, 24));

        try (TruthSender sender = new TruthSender(truth, 0, EVENTS, 8_000, Map.of("bootstrap.servers", bootstrap,
                // Through the outage: keep retrying instead of failing the sends.
                "delivery.timeout.ms", 300_000, "max.block.ms", 300_000), registryUrl)) {
            await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> sender.acked() >= 0.4 * EVENTS
                            && Scrapes.value(Scrapes.of(port), "ndxp_platform_transactions_today") > 0);
            log.info("SIGKILL to the broker with {} of {} sent", sender.acked(), EVENTS);
            assertThat(sender.done()).as("the broker dies while events are still being sent").isFalse();
            broker.kill();
            broker = startBroker(kafkaPort, registryPort);
            await().atMost(Duration.ofMinutes(3)).until(sender::done);
            assertThat(sender.failed()).as("failed sends: %s", sender.firstFailure()).isZero();
            assertThat(sender.acked()).isEqualTo(EVENTS);
        }
        assertThat(inputRecords(bootstrap)).as("records on the input topic: each sent once").isEqualTo(EVENTS);

        Map<String, Long> expected = truth.expectedMetrics();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(Scrapes.differences(expected, Scrapes.of(port))).isEmpty());
        Map<String, Double> end = Scrapes.of(port);
        assertThat(Scrapes.value(end, "ndxp_events_duplicate_total")).isZero();
        assertThat(Scrapes.value(end, "ndxp_events_late_total")).isZero();
        assertThat(app.running()).isTrue();
    }

    private static long inputRecords(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(Topics.EXCHANGE_EVENTS))
                    .allTopicNames().get().get(Topics.EXCHANGE_EVENTS).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.EXCHANGE_EVENTS, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
