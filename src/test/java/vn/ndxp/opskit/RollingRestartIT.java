package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.Ports;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.SeededDay;
import vn.ndxp.testing.TruthSender;

/**
 * What Prometheus sees of two {@code streams} instances through a rolling deploy: a real
 * Prometheus scrapes both every second while 18,000 events are replayed at 400/s, and one instance
 * is stopped when a fifth is sent and started again. Its tasks move to the other instance and back; the
 * platform counter summed over instances must still increase by the events sent (within the
 * scrapes' resolution), and today's gauge summed over instances must be exact.
 */
class RollingRestartIT {
    private static final Logger log = LoggerFactory.getLogger(RollingRestartIT.class);
    private static final String HOST = "127.0.0.1";
    private static final int EVENTS = 18_000;

    @TempDir
    Path dir;
    private EmbeddedPlatform platform;
    private NdxpProcess a;
    private NdxpProcess b;
    private PrometheusServer prometheus;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {prometheus, a, b, platform}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                log.warn("Closing {}: {}", c, e.toString());
            }
        }
    }

    private NdxpProcess instance(String name, int metricsPort) {
        NdxpProcess p = NdxpProcess.start("rolling-" + name, Path.of("target", "it-logs"), "512m", "streams",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl(),
                "--application-id", "rolling-restart-it", "--state-dir", dir.resolve(name).toString(),
                "--metrics-port", Integer.toString(metricsPort), "--api-port", "0",
                "-P", "session.timeout.ms=6000", "-P", "heartbeat.interval.ms=1500");
        await().atMost(Duration.ofMinutes(1)).until(() -> !Scrapes.of(metricsPort).isEmpty());
        return p;
    }

    @Test
    void countersAddUpThroughARollingRestart() throws Exception {
        Path executable = Tools.require("prometheus");
        platform = EmbeddedPlatform.start(HOST, 0, 0, dir.resolve("platform"), 6);
        int portA = Ports.free(HOST);
        int portB = Ports.free(HOST, portA);
        a = instance("a", portA);
        b = instance("b", portB);
        prometheus = PrometheusServer.start(executable, dir.resolve("prometheus"), Map.of(
                "ndxp-streams", HOST + ":" + portA + "," + HOST + ":" + portB,
                "ndxp-loadgen", HOST + ":" + PrometheusServer.freePort()));
        await().atMost(Duration.ofMinutes(1)).until(() -> prometheus.value("count(up{job=\"ndxp-streams\"} == 1)") == 2);
        long startedMs = System.currentTimeMillis();

        SeededDay truth = new SeededDay(24L, EVENTS, LocalDate.of(2024, 4, 24));
        try (TruthSender sender = new TruthSender(truth, 0, EVENTS, 400,
                Map.of("bootstrap.servers", platform.bootstrapServers()), platform.schemaRegistryUrl())) {
            // Both instances counting for 9 s before; after, 36 s of traffic for the stop, the start
            // and the tasks' return.
            await().atMost(Duration.ofMinutes(2)).until(() -> sender.acked() >= EVENTS / 5);
            log.info("Rolling restart of B with {} of {} sent", sender.acked(), EVENTS);
            b.terminate();
            assertThat(b.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
            b = instance("b", portB);
            log.info("B back with {} of {} sent", sender.acked(), EVENTS);
            await().atMost(Duration.ofMinutes(3)).until(sender::done);
            assertThat(sender.failed()).isZero();
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(prometheus.value("sum(ndxp_platform_transactions_today)")).isEqualTo(EVENTS));
        // Over the run so far, from the raw samples (increase() would add up to a scrape interval's
        // share of the range by extrapolation); polled until the last counts have been scraped. A
        // phantom surge would stay above the bound, a loss below it: the stopped instance's last
        // counts, its final commit's included, must have reached Prometheus.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            long range = (System.currentTimeMillis() - startedMs) / 1000 + 5;
            Map<String, Double> increases = prometheus.rawIncreases("ndxp_platform_transactions_total", range);
            double increase = increases.values().stream().mapToDouble(Double::doubleValue).sum();
            log.info("Raw increase of ndxp_platform_transactions_total over {}s: {} for {} events: {}", range, increase,
                    EVENTS, increases);
            assertThat(increase).isBetween((double) EVENTS, EVENTS * 1.005);
        });
        long range = (System.currentTimeMillis() - startedMs) / 1000 + 5;
        double byAgency = prometheus.rawIncrease("ndxp_transactions_total{role=\"consumer\"}", range);
        log.info("By agency: {}; sum(increase()): {}", byAgency,
                prometheus.value("sum(increase(ndxp_transactions_total{role=\"consumer\"}[" + range + "s]))"));
        assertThat(byAgency).as("the same by agency").isBetween((double) EVENTS, EVENTS * 1.005);
    }
}
