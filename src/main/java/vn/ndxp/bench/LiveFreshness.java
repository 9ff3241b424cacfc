package vn.ndxp.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.loadtest.KafkaEventSink;
import vn.ndxp.loadtest.LatencyRecorder.Latency;
import vn.ndxp.loadtest.Report;
import vn.ndxp.loadtest.ReplayPlan;
import vn.ndxp.loadtest.ReplayRun;
import vn.ndxp.model.Topics;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.runtime.Ports;

/**
 * Freshness at a steady rate, from the first minute: the broker and schema registry ({@code ndxp
 * broker}) and the streams app each in a fresh JVM, started cold; once the app says it is ready,
 * a replay of a day's file at {@code rate} events/s for {@code duration} (the cold period), then
 * the same again on the platform that has now served for that long (the warm period).
 *
 * <p>Measured as a load tester measures it, by {@code replay --rate R --stamp-now --new-ids
 * --metrics-url}: every event carries the moment it is sent as its requestTime, and every 500 ms
 * the replay's probe takes the age of the newest event {@code ndxp_platform_transactions_today}
 * counts. So a sample is event time → counted and visible, through the combiner's flush and the
 * commit, at the rate asked: the sends are paced, a backlog shows as it grows. The app's own
 * {@code ndxp_event_lag_seconds} was not used: it stops at the stream thread, before the flush and
 * the commit that make an event count, and its buckets (1, 2, 5 s) cannot tell 1.5 s from 2 s.
 */
final class LiveFreshness {
    private static final Logger log = LoggerFactory.getLogger(LiveFreshness.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    /** How long the platform may take to count the last events after the last send. */
    private static final Duration COUNT_WAIT = Duration.ofSeconds(60);
    /** What {@code broker} prints once its broker, registry and topics are up. */
    private static final String BROKER_UP = "Ctrl-C to stop.";

    /**
     * A period's freshness samples (ms); the rate its sends achieved (a replay that fell short of
     * the rate asked measured the sender, not the platform); and the CPU the app's and the broker's
     * JVMs used, which on a busy machine says more than the freshness what a change saves (the
     * cold period's from their launch, start-up and compilation included).
     */
    record Period(Latency freshnessMs, double achievedEps, long acked, long counted, ThreadCpu appCpu,
                  ThreadCpu brokerCpu) {}

    record Result(Period cold, Period warm) {}

    private LiveFreshness() {}

    /**
     * @param app how to start the streams app on the cold platform: bootstrap servers and registry URL in, the app out
     */
    static Result measure(Path dayFile, double rate, Duration duration, int partitions, Path workDir, AppStarter app)
            throws IOException, InterruptedException {
        int kafkaPort = Ports.free("127.0.0.1");
        int registryPort = Ports.free("127.0.0.1", kafkaPort);
        Path dir = workDir.resolve("cold-platform");
        Files.createDirectories(dir);
        Path brokerLog = dir.resolve("broker.log");
        try (StreamsProcess broker = StreamsProcess.startBroker(kafkaPort, registryPort, partitions, dir.resolve("data"),
                brokerLog)) {
            await("the broker", () -> Files.exists(brokerLog) && Files.readString(brokerLog).contains(BROKER_UP), broker);
            String bootstrap = "127.0.0.1:" + kafkaPort;
            String registryUrl = "http://127.0.0.1:" + registryPort;
            try (StreamsProcess streams = app.start(bootstrap, registryUrl)) {
                await("the streams app", () -> MetricsScrape.answers(streams.readyUrl()), streams);
                log.info("Cold platform ready: {} events/s for {} s", (long) rate, duration.toSeconds());
                Period cold = replay(dayFile, rate, duration, bootstrap, registryUrl, streams, broker,
                        ThreadCpu.UNKNOWN, ThreadCpu.UNKNOWN);
                log.info("The same on the platform now warm");
                Period warm = replay(dayFile, rate, duration, bootstrap, registryUrl, streams, broker,
                        streams.cpu(), broker.cpu());
                return new Result(cold, warm);
            }
        }
    }

    /** Starts the streams app against a platform. */
    interface AppStarter {
        StreamsProcess start(String bootstrap, String registryUrl) throws IOException;
    }

    private interface Check {
        boolean done() throws IOException, InterruptedException;
    }

    private static void await(String what, Check check, StreamsProcess process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!check.done()) {
            if (!process.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not start; see its log in the work directory");
            }
            Thread.sleep(100);
        }
    }

    private static Period replay(Path dayFile, double rate, Duration duration, String bootstrap, String registryUrl,
                                 StreamsProcess streams, StreamsProcess broker, ThreadCpu appBefore, ThreadCpu brokerBefore)
            throws IOException {
        // Fresh ids, so that the second period's events are not the first's duplicates; as many
        // passes over the file as the duration needs.
        ReplayPlan plan = new ReplayPlan(Schedule.rate(rate, null), duration, 0, 0, ReplayPlan.Times.SENT, true, false);
        ReplayRun.Options options = new ReplayRun.Options(dayFile, plan, Duration.ofSeconds(10), null, "127.0.0.1", -1,
                streams.metricsUrl(), COUNT_WAIT);
        Report report;
        try (KafkaEventSink sink = new KafkaEventSink(Map.of("bootstrap.servers", bootstrap),
                new RestSchemaRegistryClient(registryUrl), Topics.EXCHANGE_EVENTS)) {
            report = ReplayRun.run(options, sink, new PrintStream(OutputStream.nullOutputStream()), System.err).report();
        }
        Report.Freshness f = report.freshness();
        if (f == null || f.samplesMs().count() == 0) {
            throw new IllegalStateException("no freshness samples from " + streams.metricsUrl());
        }
        if (f.counted() < report.acked()) {
            log.warn("The platform counted {} of {} events within {} s of the last send", f.counted(), report.acked(),
                    COUNT_WAIT.toSeconds());
        }
        return new Period(f.samplesMs(), report.achievedRate(), report.acked(), f.counted(),
                streams.cpu().minus(appBefore), broker.cpu().minus(brokerBefore));
    }
}
