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
 * The streams app in a child JVM, killed with SIGKILL twice in the middle of a 300,000-event
 * replay and restarted each time, ends with exactly the ground truth's counts: no loss, no double
 * count. Then SIGTERM stops it cleanly within a bounded time.
 */
class CrashRecoveryIT {
    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int EVENTS = 300_000;
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(HOST, 0, 0, dir.resolve("platform"), 6);
    }

    private final List<NdxpProcess> children = new ArrayList<>();

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

    private NdxpProcess streams(int metricsPort) {
        return started(NdxpProcess.start("crash-streams", Path.of("target", "it-logs"), "640m", "streams",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl(),
                "--application-id", "crash-it", "--state-dir", dir.resolve("state").toString(),
                "--metrics-port", Integer.toString(metricsPort), "--api-port", "0", // any free port, not the default 8080
                // Static membership: the restarted process takes its old place in the group at once,
                // instead of waiting out the session of the one that was killed.
                "-P", "group.instance.id=crash-it-1"));
    }

    private NdxpProcess started(NdxpProcess p) {
        children.add(p);
        return p;
    }

    private static double counted(int port) {
        return Scrapes.value(Scrapes.of(port), "ndxp_platform_transactions_today");
    }

    @Test
    void sigkillMidReplayTwiceThenRestartEndsWithExactlyTheGroundTruth() throws Exception {
        SeededDay truth = new SeededDay(20240424L, EVENTS, LocalDate.of(2024, 4, 24));
        Map<String, Long> expected = truth.expectedMetrics();
        long started = System.nanoTime();
        int port = Ports.free(HOST);
        NdxpProcess app = streams(port);
        try (TruthSender sender = new TruthSender(truth, 0, EVENTS, 12_000,
                Map.of("bootstrap.servers", platform.bootstrapServers()), platform.schemaRegistryUrl())) {
            for (double fraction : new double[] {0.25, 0.6}) {
                int p = port;
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> counted(p) >= fraction * EVENTS);
                log.info("SIGKILL at {} counted, {} of {} sent", counted(p), sender.acked(), EVENTS);
                app.kill();
                port = Ports.free(HOST);
                app = streams(port);
            }
            await().atMost(Duration.ofMinutes(2)).until(sender::done);
            assertThat(sender.failed()).as("failed sends: %s", sender.firstFailure()).isZero();
            assertThat(sender.acked()).isEqualTo(EVENTS);
        }
        int p = port;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(Scrapes.differencesToday(expected, Scrapes.of(p))).isEmpty());
        log.info("Exact after two SIGKILLs in {} s", (System.nanoTime() - started) / 1_000_000_000);
        Map<String, Double> end = Scrapes.of(p);
        // The counters of the last process: what it counted itself, nothing twice.
        assertThat(Scrapes.value(end, "ndxp_platform_transactions_total")).isBetween(1.0, (double) EVENTS);
        assertThat(Scrapes.value(end, "ndxp_events_duplicate_total")).isZero();
        assertThat(Scrapes.value(end, "ndxp_events_late_total")).isZero();
        assertThat(end).allSatisfy((series, v) -> {
            if (series.startsWith("ndxp_events_rejected_total")) {
                assertThat(v).as(series).isZero();
            }
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.get("http://127.0.0.1:" + p + "/ready").statusCode() == 200);

        long stopping = System.nanoTime();
        app.terminate();
        int exit = app.awaitExit(Duration.ofSeconds(40));
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        log.info("SIGTERM to exit: {} ms", stopMs);
        assertThat(exit).as("killed by SIGTERM after a clean shutdown").isEqualTo(143);
        assertThat(app.log()).contains("Kafka Streams closed in");
    }
}
