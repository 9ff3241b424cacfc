package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.metrics.CountsReader;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.EventProducers;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.GroundTruth;

/**
 * What exactly-once costs: the same backlog counted from scratch under each processing guarantee,
 * timed from start to the last event counted. Not part of the build (the name matches neither
 * *Test nor *IT); run it on a quiet machine with
 * {@code mvn -o verify -Dit.test=EosCostBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 * and {@code -Dbench.events=N} to change the backlog (default 300 000).
 */
class EosCostBenchmark {
    private static final Logger log = LoggerFactory.getLogger(EosCostBenchmark.class);

    @TempDir
    Path dir;

    @Test
    void countTheSameBacklogUnderEachGuarantee() throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        GroundTruth truth = new GroundTruth(7L, events, LocalDate.of(2024, 4, 24));
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6)) {
            long t0 = System.nanoTime();
            try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                    Map.of("bootstrap.servers", platform.bootstrapServers()), new RestSchemaRegistryClient(platform.schemaRegistryUrl()))) {
                for (Iterator<DataExchangeEvent> it = truth.events(); it.hasNext(); ) {
                    producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, it.next()));
                }
            }
            log.info("BENCH produced {} events in {} ms", events, (System.nanoTime() - t0) / 1_000_000);
            StringBuilder report = new StringBuilder();
            for (String guarantee : new String[] {"at_least_once", "exactly_once_v2", "at_least_once", "exactly_once_v2"}) {
                double[] r = run(platform, guarantee, events);
                report.append(String.format("%n  %-16s %,8.0f events/s  %6.1f us app CPU/event", guarantee, r[0], r[1]));
            }
            log.info("BENCH {} events, 6 partitions, one stream thread:{}", events, report);
        }
    }

    /** Events per second (wall clock) and microseconds of CPU per event in the app's own threads. */
    private double[] run(EmbeddedPlatform platform, String guarantee, int events) {
        String appId = "bench-" + guarantee + "-" + System.nanoTime();
        long started = System.nanoTime();
        Map<Long, Long> cpuBefore = appThreadCpu(appId);
        try (StreamsApp app = StreamsApp.start(new StreamsApp.Options(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                appId, dir.resolve(appId), Duration.ofHours(6), "127.0.0.1", 0, 6, false,
                Map.of("processing.guarantee", guarantee)), () -> { })) {
            CountsReader counts = CountsReader.of(app.streams());
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> platformTotal(counts) >= events);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(platformTotal(counts)).isEqualTo(events);
            long cpu = 0;
            for (Map.Entry<Long, Long> e : appThreadCpu(appId).entrySet()) {
                cpu += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
            }
            log.info("BENCH {}: {} events in {} s", guarantee, events, String.format("%.1f", seconds));
            return new double[] {events / seconds, cpu / 1e3 / events};
        }
    }

    /**
     * CPU time so far of each live thread of the app (stream, state updater, its clients' network
     * threads: every name contains the application id). CPU time, unlike wall time, does not
     * depend on what else the machine is doing.
     */
    private static Map<Long, Long> appThreadCpu(String appId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(appId)) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static long platformTotal(CountsReader counts) {
        try {
            return counts.read().platformToday();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
