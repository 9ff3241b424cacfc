package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.runtime.Ports;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.GroundTruth;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.Scrapes;
import vn.ndxp.testing.TransactionProbe;
import vn.ndxp.testing.TruthSender;

/**
 * The broker (the {@code broker} command in a child JVM) hangs, SIGSTOP then SIGCONT, several
 * times in one run, for durations below and above the transaction timeout (10 s) and the session
 * timeout (45 s), with traffic before, during and after each hang. After every hang the app must
 * resume counting by itself and the platform's total must equal what was sent; {@code /ready} must
 * not answer ready while counts are behind what was consumed.
 *
 * <p>{@code -Dhang.seconds=20,60,150} chooses the hangs, {@code -Dhang.events} the events sent
 * around each (8,000) and {@code -Dhang.rate} their rate (1,000/s); the defaults keep {@code mvn
 * verify} short. A soak: {@code mvn verify -Dit.test=BrokerHangIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dhang.seconds=240,100,300,60 -Dhang.events=30000 -Dhang.rate=3000}.
 */
class BrokerHangIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerHangIT.class);
    private static final String HOST = "127.0.0.1";
    private static final int PER_PHASE = Integer.getInteger("hang.events", 8_000);
    private static final double RATE = Integer.getInteger("hang.rate", 1_000);

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

    private static List<Integer> hangs() {
        return Arrays.stream(System.getProperty("hang.seconds", "15,50").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
    }

    @Test
    void countingResumesExactlyAfterEveryHang() throws Exception {
        int kafkaPort = Ports.free(HOST);
        int registryPort = Ports.free(HOST, kafkaPort);
        String bootstrap = HOST + ":" + kafkaPort;
        String registryUrl = "http://" + HOST + ":" + registryPort;
        broker = NdxpProcess.start("hang-broker", Path.of("target", "it-logs"), "768m", "broker",
                "--host", HOST, "--kafka-port", Integer.toString(kafkaPort), "--registry-port", Integer.toString(registryPort),
                "--data-dir", dir.resolve("broker").toString(), "--partitions", "6");
        await().atMost(Duration.ofSeconds(90)).until(() -> broker.log().contains("Ctrl-C to stop."));
        app = StreamsApp.start(new StreamsApp.Options(bootstrap, registryUrl, "broker-hang-it", dir.resolve("state"),
                Duration.ofHours(6), HOST, 0, 6, false, Map.of()), () -> { });
        int port = app.metricsPort();
        await().atMost(Duration.ofMinutes(1)).until(app::running);

        Map<String, Object> producer = Map.of("bootstrap.servers", bootstrap,
                "delivery.timeout.ms", 900_000, "max.block.ms", 900_000, "request.timeout.ms", 30_000);
        List<Integer> hangs = hangs();
        long sent = 0;
        LocalDate day = LocalDate.of(2024, 4, 1);
        List<String> report = new ArrayList<>();
        for (int i = 0; i <= hangs.size(); i++) {
            GroundTruth truth = new GroundTruth(100L + i, PER_PHASE, day.plusDays(i));
            try (TruthSender sender = new TruthSender(truth, 0, PER_PHASE, RATE, producer, registryUrl)) {
                if (i < hangs.size()) {
                    // Half the phase before the hang, the rest while the broker hangs and after.
                    await().atMost(Duration.ofMinutes(2)).until(() -> sender.acked() >= PER_PHASE / 2);
                    hang(hangs.get(i));
                }
                await().atMost(Duration.ofMinutes(15)).until(sender::done);
                assertThat(sender.failed()).as("failed sends: %s", sender.firstFailure()).isZero();
            }
            sent += PER_PHASE;
            long expected = sent;
            long started = System.nanoTime();
            try {
                await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            Map<String, Double> m = Scrapes.of(port);
                            assertThat(Scrapes.value(m, "ndxp_platform_transactions_total")).isEqualTo(expected);
                            assertThat(Scrapes.value(m, "ndxp_events_duplicate_total")).isZero();
                            assertThat(Scrapes.value(m, "ndxp_events_late_total")).isZero();
                        });
            } catch (AssertionError | RuntimeException e) {
                log.error("Counting did not resume after hang {}: /ready says {}; open transactions:\n{}", i,
                        Http.get("http://" + HOST + ":" + port + "/ready").body(), TransactionProbe.describe(bootstrap));
                throw e;
            }
            report.add(String.format("phase %d (%s): exact %d in %.1f s", i,
                    i < hangs.size() ? "hang " + hangs.get(i) + " s" : "no hang", expected, (System.nanoTime() - started) / 1e9));
        }
        log.info("Broker hangs: {}", String.join("; ", report));
        assertThat(app.alive()).isTrue();
    }

    private void hang(int seconds) throws IOException, InterruptedException {
        log.info("SIGSTOP to the broker for {} s", seconds);
        signal("STOP");
        // The hang itself: nothing to wait for but time.
        Thread.sleep(seconds * 1000L);
        signal("CONT");
        log.info("SIGCONT to the broker");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(broker.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
