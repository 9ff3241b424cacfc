package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.Ports;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;
import vn.ndxp.testing.TruthSender;

/**
 * Two {@code streams} processes with one application id share the partitions: a second one joins
 * under load, and their {@code /metrics} summed series by series equal the ground truth. Then one
 * is killed with SIGKILL under load; the survivor takes its partitions over (from its standby
 * replicas) and alone ends with the exact counts.
 */
class ScaleOutIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final String HOST = "127.0.0.1";
    private static final int EVENTS = 100_000;
    private static final int FIRST_HALF = 40_000;

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    private final List<NdxpProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(HOST, 0, 0, dir.resolve("platform"), 6);
    }

    @AfterEach
    void killChildren() {
        children.forEach(NdxpProcess::close);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private NdxpProcess instance(String name, int metricsPort) {
        NdxpProcess p = NdxpProcess.start("scale-out-" + name, Path.of("target", "it-logs"), "512m", "streams",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl(),
                "--application-id", "scale-out-it", "--state-dir", dir.resolve(name).toString(),
                "--metrics-port", Integer.toString(metricsPort), "--api-port", "0", // any free port, not the default 8080
                "-P", "num.standby.replicas=1",
                // Notice a killed instance within seconds instead of the default 45 s.
                "-P", "session.timeout.ms=6000", "-P", "heartbeat.interval.ms=1500");
        children.add(p);
        return p;
    }

    private static Map<String, Double> sum(int... ports) {
        List<Map<String, Double>> scrapes = new ArrayList<>();
        for (int port : ports) {
            scrapes.add(Scrapes.of(port));
        }
        return Scrapes.sum(scrapes);
    }

    private static double counted(int port) {
        return Scrapes.value(Scrapes.of(port), "ndxp_platform_transactions_today");
    }

    /**
     * Whether an instance does part of the work: counts, analytics of input partitions or of
     * systems. Which tasks a joining instance gets first is Kafka Streams' choice (it moves
     * stateful tasks to an instance once it has caught up), so any of them will do.
     */
    private static double working(int port) {
        Map<String, Double> m = Scrapes.of(port);
        double systems = m.entrySet().stream().filter(e -> e.getKey().startsWith("ndxp_service_requests_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
        return Scrapes.value(m, "ndxp_platform_transactions_today") + Scrapes.value(m, "ndxp_event_lag_seconds_count") + systems;
    }

    @Test
    void instancesJoinAndLeaveUnderLoadAndTheCountsStayExact() throws Exception {
        SeededDay truth = new SeededDay(5L, EVENTS, LocalDate.of(2024, 4, 24));
        Map<String, Object> producer = Map.of("bootstrap.servers", platform.bootstrapServers());
        int portA = Ports.free(HOST);
        int portB = Ports.free(HOST, portA);
        NdxpProcess a = instance("a", portA);

        try (TruthSender first = new TruthSender(truth, 0, FIRST_HALF, 6_000, producer, platform.schemaRegistryUrl())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> counted(portA) > 0);
            instance("b", portB); // joins while A is counting
            await().atMost(Duration.ofMinutes(2)).until(first::done);
            assertThat(first.failed()).as("failed sends: %s", first.firstFailure()).isZero();
        }
        Map<String, Long> half = truth.expectedMetrics(FIRST_HALF);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(working(portA)).as("A has tasks").isPositive();
            assertThat(working(portB)).as("B has tasks").isPositive();
            assertThat(Scrapes.differences(half, sum(portA, portB))).as("A + B").isEmpty();
        });
        log.info("A + B exact at {} events: A {} and B {}", FIRST_HALF, counted(portA), counted(portB));

        try (TruthSender second = new TruthSender(truth, FIRST_HALF, EVENTS, 6_000, producer, platform.schemaRegistryUrl())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> second.acked() >= (EVENTS - FIRST_HALF) / 2
                            && Scrapes.value(sum(portA, portB), "ndxp_platform_transactions_today") > FIRST_HALF);
            log.info("SIGKILL to A with {} of {} sent", FIRST_HALF + second.acked(), EVENTS);
            a.kill();
            await().atMost(Duration.ofMinutes(2)).until(second::done);
            assertThat(second.failed()).as("failed sends: %s", second.firstFailure()).isZero();
        }
        Map<String, Long> all = truth.expectedMetrics();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(Scrapes.differencesToday(all, Scrapes.of(portB))).as("B alone").isEmpty());
        assertThat(Scrapes.value(Scrapes.of(portB), "ndxp_events_duplicate_total")).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get("http://127.0.0.1:" + portB + "/ready").statusCode() == 200);
    }
}
