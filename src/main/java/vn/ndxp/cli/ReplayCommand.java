package vn.ndxp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.loadtest.KafkaEventSink;
import vn.ndxp.loadtest.ReplayPlan;
import vn.ndxp.loadtest.ReplayRun;
import vn.ndxp.loadtest.Replayer;
import vn.ndxp.loadtest.StopOnShutdown;
import vn.ndxp.loadtest.capacity.CapacityReport;
import vn.ndxp.loadtest.capacity.CapacitySearch;
import vn.ndxp.loadtest.capacity.PlatformWatch;
import vn.ndxp.loadtest.capacity.Slo;
import vn.ndxp.loadtest.capacity.StepPlan;
import vn.ndxp.model.Topics;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.simulator.SimulatedEventReader;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends the events of a file (Avro container or JSON Lines, told apart by content) to a "
                        + "topic, at a chosen pace, and reports the rate achieved and the send latency from the "
                        + "intended send time (corrected for coordinated omission) as well as from the send() call.",
                "With --find-capacity: raises the rate in steps until the platform, watched through its /metrics,"
                        + " breaks the SLO, and reports the last rate it sustained.",
                "Exit code: 0 all sent and acknowledged; 1 some records of the file were bad (skipped, or "
                        + "with --strict the replay stopped at the first), or a capacity search was stopped;"
                        + " 2 some sends failed."})
final class ReplayCommand implements Callable<Integer> {
    /** What --find-capacity sets itself. */
    private static final String[] NOT_WITH_CAPACITY = {"--max", "--speed", "--rate", "--ramp", "--duration", "--limit",
        "--loop", "--rebase", "--stamp-now", "--new-ids"};

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Avro object container file of DataExchangeEvents, or JSON Lines (one event per line)."
                    + " Required, but with --find-capacity: without it, the simulator's working day of the built-in catalog.")
    Path file;

    @Option(names = "--topic", defaultValue = Topics.EXCHANGE_EVENTS, description = "Target topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @ArgGroup(exclusive = true)
    Pace pace = new Pace();

    static final class Pace {
        @Option(names = "--max", description = "As fast as possible (the default).")
        boolean max;

        @Option(names = "--speed", paramLabel = "X", description = "The recorded gaps divided by X (60: an hour in a minute).")
        Double speed;

        @Option(names = "--rate", paramLabel = "N", description = "N events per second, evenly spaced.")
        Double rate;
    }

    @Option(names = "--ramp", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Raise the pace linearly from 0 to the --rate or --speed target over this time, e.g. 30s.")
    Duration ramp;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this time, e.g. 60s, 15m.")
    Duration duration;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Stop after N events (default: no limit).")
    long limit;

    @Option(names = "--loop", paramLabel = "N", defaultValue = "1",
            description = "Pass over the file N times; 0: until --duration, --limit or Ctrl-C (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--rebase", description = "Shift requestTimes so that the first event is now, gaps kept"
            + " (later passes continue after the first). Without it times are kept as recorded.")
    boolean rebase;

    @Option(names = "--stamp-now", description = "Send each event with the moment it is sent as its requestTime: a"
            + " load on the platform's current day at any pace (with --max, --rebase's kept gaps run hours ahead"
            + " of the clock, and the platform sets such events aside as clock-ahead).")
    boolean stampNow;

    @Option(names = "--new-ids", description = "Fresh eventIds in every pass, so that repeats are new traffic."
            + " Without it a repeated event is a duplicate the platform counts once.")
    boolean newIds;

    @Option(names = "--strict", description = "Stop at the first record that cannot be read (exit code 1).")
    boolean strict;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the final report as JSON here.")
    Path reportFile;

    @Option(names = "--report-every", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Report the last period this often while running (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--metrics-port", defaultValue = "9405",
            description = "Port of the load generator's /metrics (ndxp_loadgen_*); 0 for any free port, -1 for none"
                    + " (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Interface of that endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "The streams app's /metrics, e.g. http://127.0.0.1:9404/metrics: measure end-to-end freshness"
                    + " from ndxp_platform_transactions_today.")
    String metricsUrl;

    @Option(names = "--freshness-wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "With --metrics-url: how long to wait at the end for the platform to count every event"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration freshnessWait;

    @Mixin
    CapacityOptions capacity;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        if (capacity.findCapacity) {
            return findCapacity();
        }
        if (file == null) {
            throw new UserException("Missing required option: '--file=FILE'");
        }
        requireReadable();
        ReplayPlan plan = plan();
        kafka.requireTopic(topic);
        ReplayRun.Options options = new ReplayRun.Options(file, plan, reportEvery, reportFile, metricsHost, metricsPort,
                metricsUrl, freshnessWait);
        ReplayRun.Result result;
        try (KafkaEventSink sink = new KafkaEventSink(kafka.clientProperties(), kafka.registry(), topic)) {
            result = ReplayRun.run(options, sink, System.out, System.err);
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        } catch (IOException e) {
            // The file went bad before any record (not a container, an incompatible schema): the user's to fix.
            throw new UserException(e.getMessage());
        }
        if (result.report().failed() > 0) {
            return 2;
        }
        return result.report().badRecords() > 0 || result.outcome() == Replayer.Outcome.STRICT_STOP ? 1 : 0;
    }

    private void requireReadable() {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new UserException("Cannot read " + file);
        }
    }

    private int findCapacity() throws IOException {
        for (String option : NOT_WITH_CAPACITY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserException("--find-capacity sets the pace, times and ids itself: drop " + option);
            }
        }
        if (metricsUrl == null) {
            throw new UserException("--find-capacity needs --metrics-url: the streams app's /metrics,"
                    + " e.g. http://127.0.0.1:9404/metrics");
        }
        if (file != null) {
            requireReadable();
        }
        StepPlan steps = capacity.steps();
        Slo slo = capacity.slo();
        PlatformWatch platform = new PlatformWatch(metricsUrl);
        try {
            platform.sample();
        } catch (IOException e) {
            throw new UserException("Cannot read --metrics-url " + metricsUrl + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        kafka.requireTopic(topic);
        Replayer.Source source = file != null ? () -> EventReader.open(file)
                : () -> new SimulatedEventReader(CatalogLoader.builtIn(), 1);
        CapacityReport report;
        try (KafkaEventSink sink = new KafkaEventSink(kafka.clientProperties(), kafka.registry(), topic)) {
            sink.warmUp();
            CapacitySearch<?> search = new CapacitySearch<>(steps, slo, platform, source, sink, System.out::println,
                    System.err::println);
            List<Long> rates = steps.rates();
            System.err.printf("Finding capacity: %s%s events/s (%d steps at most), each held %d s and judged after %d s;"
                            + " SLO: freshness p99 within %,d ms, lag not growing%n",
                    String.join(", ", rates.stream().limit(3).map(r -> String.format("%,d", r)).toList()),
                    rates.size() > 3 ? String.format(" ... %,d", rates.get(rates.size() - 1)) : "", rates.size(),
                    capacity.hold.toSeconds(), capacity.warmUp.toSeconds(), capacity.sloFreshness.toMillis());
            // Ctrl-C ends the search; the JVM waits for the report of the steps done to be printed and written.
            try (StopOnShutdown stopper = new StopOnShutdown("capacity-stop", search::stop)) {
                report = search.run();
                if (reportFile != null) {
                    report.write(reportFile);
                }
            }
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        }
        if (report.steps().stream().anyMatch(s -> s.failed() > 0)) {
            return 2;
        }
        return "stopped".equals(report.limitedBy()) ? 1 : 0;
    }

    private ReplayPlan plan() {
        if (limit < 0 || loops < 0) {
            throw new UserException("--limit and --loop cannot be negative");
        }
        if (reportEvery.isZero() || reportEvery.isNegative()) {
            throw new UserException("--report-every must be positive");
        }
        Schedule schedule;
        try {
            if (pace.rate != null) {
                schedule = Schedule.rate(pace.rate, ramp);
            } else if (pace.speed != null) {
                schedule = Schedule.speed(pace.speed, ramp);
            } else if (ramp != null) {
                throw new UserException("--ramp needs a target: --rate N or --speed X");
            } else {
                schedule = Schedule.max();
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (rebase && stampNow) {
            throw new UserException("--rebase and --stamp-now are exclusive: choose one");
        }
        ReplayPlan.Times times = stampNow ? ReplayPlan.Times.SENT : rebase ? ReplayPlan.Times.REBASED : ReplayPlan.Times.RECORDED;
        return new ReplayPlan(schedule, duration, limit, loops, times, newIds, strict);
    }
}
