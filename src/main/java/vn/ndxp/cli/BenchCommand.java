package vn.ndxp.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.bench.BenchReport;
import vn.ndxp.bench.Benchmark;
import vn.ndxp.runtime.EmbeddedPlatform;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures, in one run on the embedded broker: the broker's raw producer and consumer "
                        + "ceiling, the generator alone, the simulator into the broker, `replay --max` of a day's file "
                        + "into the broker, the streams app (its own JVM) over a pre-loaded day until every count "
                        + "equals the ground truth, in turn with the pipeline a Kafka Streams user would write (the "
                        + "DSL baseline), simulator and streams app at once, and freshness at a steady rate from a cold "
                        + "start (broker and app in fresh JVMs) and then warm.",
                "Exit code 1 when the counts do not end exact."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "2800000",
            description = "Events of a simulated working day (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--days", defaultValue = "1",
            description = {"Consecutive days (from Wednesday 2024-04-24) pre-loaded for the streams app (default:"
                    + " ${DEFAULT-VALUE}). With 2 or more the table also times the last day alone: both JVMs have"
                    + " compiled their hot code by then, as in a long replay. The combined phase runs one day."})
    int days;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = {"Count the pre-loaded days N times, each time with a fresh streams JVM and a new"
                    + " application id against the same broker (default: ${DEFAULT-VALUE}). The table shows each run"
                    + " and takes the median: one run on a busy machine says little."})
    int repeat;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
            description = "processing.guarantee of the streams app: exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--streams-heap", defaultValue = "512m", description = "-Xmx of the streams app's JVM (default: ${DEFAULT-VALUE}).")
    String streamsHeap;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--streams-jvm-option", paramLabel = "OPTION",
            description = "An option for the streams app's JVM, repeatable: e.g. a profiler"
                    + " (-XX:StartFlightRecording=filename=streams.jfr,settings=profile), or a garbage collector"
                    + " (-XX:+UseG1GC; without one, -XX:+UseParallelGC, as the ops kit runs the app).")
    List<String> streamsJvmOptions = new ArrayList<>();

    @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
            description = "A Kafka or Kafka Streams property for the streams app, passed through unchanged (repeatable),"
                    + " e.g. num.stream.threads=2 or commit.interval.ms=1000.")
    Map<String, String> streamsProperties = new LinkedHashMap<>();

    @Option(names = "--freshness-rate", defaultValue = "3200", paramLabel = "EVENTS_PER_S",
            description = {"Events/s of the freshness phase (default: ${DEFAULT-VALUE}, 100 times the real rate of a"
                    + " working day): broker and streams app started cold in fresh JVMs, then events sent at this rate"
                    + " for --freshness-duration, then as long again on the now warm platform; freshness (sent ->"
                    + " counted) p99 of each, JSON cold_freshness_p99_ms and freshness_p99_ms."})
    double freshnessRate;

    @Option(names = "--freshness-duration", defaultValue = "90s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long each period of the freshness phase sends (default: ${DEFAULT-VALUE}).")
    Duration freshnessDuration;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Mixin
    CatalogOption catalog;

    @Override
    public Integer call() throws Exception {
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new UserException("--guarantee must be exactly_once_v2 or at_least_once, got " + guarantee);
        }
        if (days < 1) {
            throw new UserException("--days must be at least 1, got " + days);
        }
        if (repeat < 1) {
            throw new UserException("--repeat must be at least 1, got " + repeat);
        }
        if (!(freshnessRate > 0) || freshnessDuration.isZero() || freshnessDuration.isNegative()) {
            throw new UserException("--freshness-rate and --freshness-duration must be positive");
        }
        Path work = Files.createTempDirectory("ndxp-bench-");
        // Stopped from outside (SIGTERM), the benchmark leaves no gigabyte of broker data behind
        // either; the app's JVM stops with it (StreamsProcess).
        Thread deleteAtExit = new Thread(() -> deleteIfThere(work), "ndxp-bench-delete-work");
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
        try {
            BenchReport report = new Benchmark(new Benchmark.Options(events, days, repeat, guarantee, streamsHeap, streamsJvmOptions,
                    streamsProperties, partitions, freshnessRate, freshnessDuration, work, catalog.file),
                    catalog.load()).run();
            report.print(System.out);
            if (json != null) {
                report.writeJson(json);
            }
            return report.exact() ? 0 : 1;
        } finally {
            deleteIfThere(work);
            try {
                Runtime.getRuntime().removeShutdownHook(deleteAtExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway and finds nothing left to delete.
            }
        }
    }

    /** Quietly: at a SIGTERM the broker may still be writing, and the main thread deleting too. */
    private static void deleteIfThere(Path work) {
        try {
            if (Files.exists(work)) {
                EmbeddedPlatform.deleteRecursively(work);
            }
        } catch (UncheckedIOException e) {
            // Whatever is left is in the system's temporary directory.
        }
    }
}
