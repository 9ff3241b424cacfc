package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.metrics.CountsReader;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.SeededDay;

/**
 * What exactly-once costs: the same backlog counted from scratch under each processing guarantee,
 * timed from start to the last event counted, after a warm-up run, in alternating rounds. Not part of the build (the name matches neither
 * *Test nor *IT); run it on a quiet machine with
 * {@code mvn -o verify -Dit.test=EosCostBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 * and {@code -Dbench.events=N} to change the backlog (default 300 000).
 */
class EosCostBenchmark {
    private static final Logger log = LoggerFactory.getLogger(EosCostBenchmark.class);
    /**
     * Each guarantee with the app's default commits (at_least_once: every 30 s; exactly_once_v2:
     * after each combiner flush, 5 s backstop), and exactly-once with Kafka's 100 ms and with 1 s.
     */
    private static final Map<String, Map<String, Object>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("at_least_once", Map.of("processing.guarantee", "at_least_once"));
        VARIANTS.put("exactly_once_v2", Map.of("processing.guarantee", "exactly_once_v2"));
        VARIANTS.put("exactly_once_v2, commit.interval.ms=100",
                Map.of("processing.guarantee", "exactly_once_v2", "commit.interval.ms", 100));
        VARIANTS.put("exactly_once_v2, commit.interval.ms=1000",
                Map.of("processing.guarantee", "exactly_once_v2", "commit.interval.ms", 1000));
    }

    @TempDir
    Path dir;

    @Test
    void countTheSameBacklogUnderEachGuarantee() throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        SeededDay truth = new SeededDay(7L, events, LocalDate.of(2024, 4, 24));
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6)) {
            long t0 = System.nanoTime();
            try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                    Map.of("bootstrap.servers", platform.bootstrapServers()), new RestSchemaRegistryClient(platform.schemaRegistryUrl()))) {
                for (Iterator<DataExchangeEvent> it = truth.events(); it.hasNext(); ) {
                    producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, it.next()));
                }
            }
            log.info("BENCH produced {} events in {} ms", events, (System.nanoTime() - t0) / 1_000_000);
            run(platform, "warm-up", Map.of("processing.guarantee", "at_least_once"), events);
            int rounds = Integer.getInteger("bench.rounds", 3);
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                VARIANTS.forEach((name, props) -> results.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(run(platform, name, props, events)));
            }
            StringBuilder report = new StringBuilder();
            results.forEach((name, r) -> report.append(String.format("%n  %-42s %,8.0f events/s  %5.1f us app CPU/event  (median of %d)",
                    name, median(r, 0), median(r, 1), r.size())));
            log.info("BENCH {} events, 6 partitions, one stream thread:{}", events, report);
        }
    }

    /** Events per second (wall clock) and microseconds of CPU per event in the app's own threads. */
    private double[] run(EmbeddedPlatform platform, String variant, Map<String, Object> props, int events) {
        String appId = "bench-" + System.nanoTime();
        long started = System.nanoTime();
        Map<Long, Long> cpuBefore = appThreadCpu(appId);
        try (StreamsApp app = StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                appId, dir.resolve(appId)).withKafkaProperties(props), () -> { })) {
            CountsReader counts = CountsReader.of(app.streams());
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> platformTotal(counts) >= events);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(platformTotal(counts)).isEqualTo(events);
            long cpu = 0;
            for (Map.Entry<Long, Long> e : appThreadCpu(appId).entrySet()) {
                cpu += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
            }
            log.info("BENCH {}: {} events in {} s", variant, events, String.format("%.1f", seconds));
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

    private static double median(List<double[]> results, int index) {
        double[] values = results.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private static long platformTotal(CountsReader counts) {
        try {
            return counts.read().platformToday();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
