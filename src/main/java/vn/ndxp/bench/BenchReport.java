package vn.ndxp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The figures of one benchmark run: a table for people, JSON for tools. The streams app counted
 * the pre-loaded days once or more ({@code --repeat}); the run of median speed stands for all of
 * them, and the heap and RSS peaks are the highest of any.
 */
public record BenchReport(Benchmark.Options options, List<Measurement> phases, List<StreamsRun> topologyRuns,
                          List<BaselineRun> baselineRuns, StreamsRun endToEnd, LiveFreshness.Result freshness) {

    /**
     * A run of the streams app: its speed (and over the last of several pre-loaded days alone, or
     * null), whether every count ended equal to the ground truth, its memory (its own JVM), its CPU
     * per event and the embedded platform's in the meantime, how long it took to count anything,
     * and at the end its state on disk (its own, and its changelogs on the broker) and a whole
     * scrape of its /metrics.
     */
    public record StreamsRun(Measurement measurement, Measurement lastDay, boolean exact, long heapPeakBytes, long rssPeakBytes,
                             CpuPerEvent cpu, CpuPerEvent platformCpu, double startSeconds, long stateBytes,
                             long changelogBytes, MetricsScrape.Full scrape) {}

    /**
     * A run of the DSL baseline: its speed, and its JVM's CPU time per event (start-up included, as
     * the app's), which depends much less than the speed on what else the machine is doing.
     */
    public record BaselineRun(Measurement measurement, double cpuUsPerEvent) {}

    /** The run of median speed, which stands for all of them. */
    public StreamsRun topology() {
        return median(topologyRuns);
    }

    /** The baseline's run of median speed. */
    public BaselineRun baseline() {
        return median(baselineRuns, r -> r.measurement().eventsPerSecond());
    }

    /** The run of median speed; of an even number of runs, the slower of the middle two. */
    static StreamsRun median(List<StreamsRun> runs) {
        return median(runs, r -> r.measurement().eventsPerSecond());
    }

    /** The median by {@code value}; of an even number, the lower of the middle two. */
    static <T> T median(List<T> values, ToDoubleFunction<T> value) {
        List<T> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingDouble(value));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * How many times as fast as the DSL baseline the topology counted: the median of the ratios of
     * each run of the app to the baseline's run after it (runs in turn, so each pair met the same
     * load on the machine).
     */
    double topologyVsBaseline() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < topologyRuns.size(); i++) {
            double baseline = baselineRuns.get(i).measurement().eventsPerSecond();
            ratios.add(topologyRuns.get(i).measurement().eventsPerSecond() / baseline);
        }
        return median(ratios, r -> r);
    }

    public boolean exact() {
        return topologyRuns.stream().allMatch(StreamsRun::exact) && endToEnd.exact();
    }

    private long topologyPeak(ToLongFunction<StreamsRun> peak) {
        return topologyRuns.stream().mapToLong(peak).max().orElseThrow();
    }

    public void print(PrintStream out) {
        StreamsRun topology = topology();
        double rawProducer = phases.get(0).eventsPerSecond();
        double rawConsumer = phases.get(1).eventsPerSecond();
        out.printf("%n%,d events%s, %s, streams heap limit %s, %d partitions%n%n", options.events(),
                options.days() == 1 ? "" : " a working day, " + options.days() + " days pre-loaded", options.guarantee(),
                options.streamsHeap(), options.partitions());
        out.printf("%-34s %12s %9s %11s %11s %9s%n", "phase", "events/s", "MB/s", "x producer", "x consumer", "seconds");
        for (Measurement m : phases) {
            out.printf("%-34s %,12.0f %9s %11.2f %11.2f %9.1f%n", m.name(), m.eventsPerSecond(),
                    m.bytes() > 0 ? String.format("%.1f", m.megabytesPerSecond()) : "-",
                    m.eventsPerSecond() / rawProducer, m.eventsPerSecond() / rawConsumer, m.seconds());
        }
        out.printf("%nstreams app (own JVM): heap peak %,d MiB, RSS peak %,d MiB, first counts %.1f s after start%n",
                topologyPeak(StreamsRun::heapPeakBytes) >> 20, topologyPeak(StreamsRun::rssPeakBytes) >> 20,
                topology.startSeconds());
        out.printf("at the end: state on disk %.1f MiB, changelogs %.1f MiB; /metrics %,d series (%,d ndxp_), a whole"
                        + " scrape in %.0f ms (median of %d)%n", topology.stateBytes() / 1048576.0,
                topology.changelogBytes() / 1048576.0, topology.scrape().series(), topology.scrape().ndxpSeries(),
                topology.scrape().medianMillis(), Benchmark.FULL_SCRAPES);
        out.printf("%nstreams app CPU per event, µs            total   stream thread   GC   JIT   producer I/O   other%n");
        String preloaded = (options.days() == 1 ? "over the pre-loaded day" : "over the pre-loaded days")
                + (topologyRuns.size() == 1 ? "" : ", median run");
        printCpu(out, preloaded, topology.cpu());
        forEachRepeat(topologyRuns, (name, run) -> printCpu(out, name, run.cpu()));
        printCpu(out, "at once with the simulator", endToEnd.cpu());
        out.printf("%nbroker and registry CPU per event, µs    total   GC   JIT   (the benchmark's JVM less its own threads)%n");
        printPlatformCpu(out, preloaded, topology.platformCpu());
        forEachRepeat(topologyRuns, (name, run) -> printPlatformCpu(out, name, run.platformCpu()));
        printPlatformCpu(out, "at once with the simulator", endToEnd.platformCpu());
        out.println();
        out.printf("topology vs the DSL baseline: %.2f times as fast (the median of the runs' ratios); the baseline's"
                + " CPU per event %.1f µs (median run; runs: %s)%n", topologyVsBaseline(), baseline().cpuUsPerEvent(),
                String.join(" / ", baselineRuns.stream().map(r -> String.format("%.1f", r.cpuUsPerEvent())).toList()));
        out.printf("freshness at %,.0f events/s (sent -> counted, a sample every 500 ms), %d s each, broker and app"
                + " started cold:%n", options.freshnessRate(), options.freshnessDuration().toSeconds());
        printFreshness(out, "the first period, from the cold start", freshness.cold());
        printFreshness(out, "the next, on the warm platform", freshness.warm());
        out.printf("counts equal to the ground truth: %s%n", exact() ? "yes, every agency, role and status" : "NO");
    }

    /** With {@code --repeat}, each run of the pre-loaded days in turn, and its name in the tables. */
    static void forEachRepeat(List<StreamsRun> runs, BiConsumer<String, StreamsRun> action) {
        if (runs.size() > 1) {
            for (int i = 0; i < runs.size(); i++) {
                action.accept("  run " + (i + 1), runs.get(i));
            }
        }
    }

    private static void printFreshness(PrintStream out, String name, LiveFreshness.Period p) {
        out.printf("  %-38s p50 %,6.0f ms  p99 %,6.0f ms  max %,6.0f ms  (%,d samples; sent at %,.0f events/s;"
                + " %,d of %,d counted)%n", name, p.freshnessMs().p50(), p.freshnessMs().p99(), p.freshnessMs().max(),
                p.freshnessMs().count(), p.achievedEps(), p.counted(), p.acked());
        out.printf("  %-38s app %.1f s (JIT %.1f), broker and registry %.1f s (JIT %.1f)%n", "  CPU used",
                p.appCpu().total(), p.appCpu().jit(), p.brokerCpu().total(), p.brokerCpu().jit());
    }

    private static void printCpu(PrintStream out, String name, CpuPerEvent c) {
        out.printf("  %-36s %7.1f %15.1f %4.1f %5.1f %14.1f %7.1f%n", name, c.total(), c.streamThread(), c.gc(), c.jit(),
                c.producerIo(), c.other());
    }

    private static void printPlatformCpu(PrintStream out, String name, CpuPerEvent c) {
        out.printf("  %-36s %7.1f %4.1f %5.1f%n", name, c.total(), c.gc(), c.jit());
    }

    public void writeJson(Path file) throws IOException {
        StreamsRun topology = topology();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("events", options.events());
        doc.put("days", options.days());
        doc.put("repeat", options.repeat());
        doc.put("guarantee", options.guarantee());
        doc.put("partitions", options.partitions());
        doc.put("raw_producer_eps", phases.get(0).eventsPerSecond());
        doc.put("raw_consumer_eps", phases.get(1).eventsPerSecond());
        doc.put("generator_eps", phases.get(2).eventsPerSecond());
        doc.put("simulator_ingest_eps", phases.get(3).eventsPerSecond());
        doc.put("replay_eps", phases.get(4).eventsPerSecond());
        doc.put("topology_eps", topology.measurement().eventsPerSecond());
        doc.put("topology_runs_eps", topologyRuns.stream().map(r -> r.measurement().eventsPerSecond()).toList());
        if (topology.lastDay() != null) {
            doc.put("topology_last_day_eps", topology.lastDay().eventsPerSecond());
        }
        BaselineRun baseline = baseline();
        doc.put("baseline_dsl_eps", baseline.measurement().eventsPerSecond());
        doc.put("baseline_dsl_runs_eps", baselineRuns.stream().map(r -> r.measurement().eventsPerSecond()).toList());
        doc.put("baseline_dsl_cpu_us_per_event", baseline.cpuUsPerEvent());
        doc.put("topology_vs_baseline", topologyVsBaseline());
        doc.put("end_to_end_eps", endToEnd.measurement().eventsPerSecond());
        doc.put("freshness_rate_eps", options.freshnessRate());
        doc.put("freshness_seconds", options.freshnessDuration().toSeconds());
        doc.put("cold_freshness_p50_ms", freshness.cold().freshnessMs().p50());
        doc.put("cold_freshness_p99_ms", freshness.cold().freshnessMs().p99());
        doc.put("cold_freshness_max_ms", freshness.cold().freshnessMs().max());
        doc.put("cold_freshness_cpu_seconds", periodCpu(freshness.cold()));
        doc.put("freshness_p50_ms", freshness.warm().freshnessMs().p50());
        doc.put("freshness_p99_ms", freshness.warm().freshnessMs().p99());
        doc.put("freshness_max_ms", freshness.warm().freshnessMs().max());
        doc.put("freshness_cpu_seconds", periodCpu(freshness.warm()));
        doc.put("streams_heap_peak_bytes", Math.max(topologyPeak(StreamsRun::heapPeakBytes), endToEnd.heapPeakBytes()));
        doc.put("topology_cpu_us_per_event", topology.cpu().total());
        doc.put("end_to_end_cpu_us_per_event", endToEnd.cpu().total());
        doc.put("topology_cpu_us_per_event_by_thread", byThread(topology.cpu()));
        doc.put("end_to_end_cpu_us_per_event_by_thread", byThread(endToEnd.cpu()));
        doc.put("topology_platform_cpu_us_per_event", platformCpu(topology.platformCpu()));
        doc.put("end_to_end_platform_cpu_us_per_event", platformCpu(endToEnd.platformCpu()));
        doc.put("streams_state_bytes", topology.stateBytes());
        doc.put("streams_changelog_bytes", topology.changelogBytes());
        doc.put("metrics_series", topology.scrape().series());
        doc.put("metrics_ndxp_series", topology.scrape().ndxpSeries());
        doc.put("metrics_scrape_ms", topology.scrape().medianMillis());
        doc.put("streams_rss_peak_bytes", Math.max(topologyPeak(StreamsRun::rssPeakBytes), endToEnd.rssPeakBytes()));
        doc.put("topology_to_raw_consumer", topology.measurement().eventsPerSecond() / phases.get(1).eventsPerSecond());
        doc.put("ingest_to_raw_producer", phases.get(3).eventsPerSecond() / phases.get(0).eventsPerSecond());
        doc.put("replay_to_raw_producer", phases.get(4).eventsPerSecond() / phases.get(0).eventsPerSecond());
        doc.put("exact", exact());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private static Map<String, Double> periodCpu(LiveFreshness.Period p) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("app", p.appCpu().total());
        m.put("app_jit", p.appCpu().jit());
        m.put("broker", p.brokerCpu().total());
        m.put("broker_jit", p.brokerCpu().jit());
        return m;
    }

    private static Map<String, Double> platformCpu(CpuPerEvent c) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("total", c.total());
        m.put("gc", c.gc());
        m.put("jit", c.jit());
        return m;
    }

    private static Map<String, Double> byThread(CpuPerEvent c) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("stream_thread", c.streamThread());
        m.put("gc", c.gc());
        m.put("jit", c.jit());
        m.put("producer_io", c.producerIo());
        m.put("other", c.other());
        return m;
    }
}
