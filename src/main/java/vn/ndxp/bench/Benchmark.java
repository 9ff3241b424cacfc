package vn.ndxp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.simulator.GroundTruth;
import vn.ndxp.simulator.SimRecord;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.simulator.SimulationRun;
import vn.ndxp.simulator.output.KafkaRecordSink;

/**
 * Everything measured in one run on one machine, so that the figures compare: the broker's raw
 * ceiling, the generator alone, the simulator into the broker, the streams app over a pre-loaded
 * day (in its own JVM, until every count equals the ground truth), both at once, and freshness at
 * a steady rate from a cold start ({@link LiveFreshness}).
 */
public final class Benchmark {
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final String RAW_TOPIC = "bench.raw";
    private static final String REPLAY_TOPIC = "bench.replay";
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    /** How long the app may count nothing more before the run is called stuck: any number of days may take longer in all. */
    private static final Duration STALL = Duration.ofMinutes(5);
    /** How long the counts may take to settle once every event is processed before they are called wrong. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * Progress polls: even a scrape of three series makes the app collect every meter (thousands of
     * Kafka client metrics) and read its stores, a visible share of its CPU at 10 per second.
     */
    private static final Duration POLL = Duration.ofMillis(250);
    /** Whole scrapes of /metrics at the end of a run, as Prometheus makes them: their median time is reported. */
    static final int FULL_SCRAPES = 5;

    /**
     * @param events            events of a simulated working day; its volume is scaled to give this many
     * @param days              consecutive days pre-loaded for the streams app (the combined phase runs one)
     * @param repeat            how many fresh streams JVMs count the pre-loaded days, one after the other
     * @param streamsProperties Kafka and Streams properties for the streams app, passed as its {@code -P}
     * @param freshnessRate     events/s of the freshness phases ({@link LiveFreshness})
     * @param freshnessDuration how long each of them sends
     * @param catalogFile       the catalog's file, for the streams app too; null for the built-in one
     */
    public record Options(long events, int days, int repeat, String guarantee, String streamsHeap, List<String> streamsJvmOptions,
                          Map<String, String> streamsProperties, int partitions, double freshnessRate,
                          Duration freshnessDuration, Path workDir, Path catalogFile) {}

    private final Options options;
    private final Catalog catalog;

    public Benchmark(Options options, Catalog catalog) {
        this.options = options;
        this.catalog = catalog;
    }

    public BenchReport run() throws IOException, InterruptedException {
        SimulationOptions day = new SimulationOptions(DAY, 1, 1, options.events(), 0, List.of());
        SimulationOptions preloaded = new SimulationOptions(DAY, options.days(), 1, options.events(), 0, List.of());
        List<Measurement> phases = new ArrayList<>();
        List<BenchReport.StreamsRun> topologyRuns = new ArrayList<>();
        List<BenchReport.BaselineRun> baselineRuns = new ArrayList<>();
        BenchReport.StreamsRun endToEnd;
        Path dayFile = options.workDir().resolve("day.avro");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, options.workDir().resolve("a"),
                options.partitions())) {
            Serializer<DataExchangeEvent> serializer = ConfluentAvroSerde.forValues(
                    new RestSchemaRegistryClient(platform.schemaRegistryUrl()), DataExchangeEvent.class).serializer();
            log.info("Generating and serializing {} day(s) of {} events", options.days(), options.events());
            Measurement generator = generate(preloaded, serializer);
            List<RawThroughput.Raw> sample = sample(day, serializer, 100_000);
            log.info("Raw producer and consumer");
            createTopic(platform, RAW_TOPIC);
            Measurement rawProducer = RawThroughput.produce(platform.bootstrapServers(), RAW_TOPIC, sample, options.events());
            Measurement rawConsumer = RawThroughput.consume(platform.bootstrapServers(), RAW_TOPIC, options.events());
            log.info("Simulator into the broker");
            GroundTruth truth = new GroundTruth(options.partitions(), Duration.ofHours(6));
            Measurement ingest = ingest(platform, preloaded, truth);
            log.info("Replay of a day's file into the broker");
            createTopic(platform, REPLAY_TOPIC);
            Measurement replay = ReplayThroughput.measure(platform, catalog, day, dayFile, REPLAY_TOPIC);
            phases.addAll(List.of(rawProducer, rawConsumer, generator, ingest, replay));
            for (int run = 1; run <= options.repeat(); run++) {
                log.info("Streams app over the pre-loaded {}{}", options.days() == 1 ? "day" : options.days() + " days",
                        options.repeat() == 1 ? "" : ", run " + run + " of " + options.repeat());
                topologyRuns.add(countPreloaded(platform, truth, run));
                log.info("The DSL baseline over the same, in turn with the app");
                baselineRuns.add(countBaseline(platform, truth, run));
            }
        }
        log.info("Simulator and streams app at once");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, options.workDir().resolve("b"),
                options.partitions())) {
            endToEnd = countLive(platform, day);
        }
        log.info("Freshness at {} events/s from a cold start: broker and streams app in fresh JVMs",
                (long) options.freshnessRate());
        LiveFreshness.Result freshness = LiveFreshness.measure(dayFile, options.freshnessRate(), options.freshnessDuration(),
                options.partitions(), options.workDir(), (bootstrap, registryUrl) ->
                        startStreams(bootstrap, registryUrl, "bench-freshness"));
        BenchReport.StreamsRun median = BenchReport.median(topologyRuns);
        phases.add(median.measurement());
        if (median.lastDay() != null) {
            phases.add(median.lastDay());
        }
        BenchReport.forEachRepeat(topologyRuns, (name, run) -> {
            Measurement m = run.measurement();
            phases.add(new Measurement(name, m.events(), m.bytes(), m.seconds()));
        });
        phases.add(BenchReport.median(baselineRuns, r -> r.measurement().eventsPerSecond()).measurement());
        for (int i = 0; i < baselineRuns.size() && baselineRuns.size() > 1; i++) {
            Measurement m = baselineRuns.get(i).measurement();
            phases.add(new Measurement("  baseline run " + (i + 1), m.events(), m.bytes(), m.seconds()));
        }
        phases.add(endToEnd.measurement());
        return new BenchReport(options, phases, topologyRuns, baselineRuns, endToEnd, freshness);
    }

    private Measurement generate(SimulationOptions day, Serializer<DataExchangeEvent> serializer) {
        Simulation simulation = new Simulation(catalog, day);
        long n = 0;
        long bytes = 0;
        long start = System.nanoTime();
        while (simulation.hasNext()) {
            bytes += serializer.serialize(Topics.EXCHANGE_EVENTS, simulation.next().event()).length;
            n++;
        }
        return new Measurement("generator + Avro", n, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** Real serialized events and their keys, to give the raw producer the same records. */
    private List<RawThroughput.Raw> sample(SimulationOptions day, Serializer<DataExchangeEvent> serializer, int size) {
        Simulation simulation = new Simulation(catalog, day);
        List<RawThroughput.Raw> records = new ArrayList<>(size);
        while (simulation.hasNext() && records.size() < size) {
            SimRecord r = simulation.next();
            records.add(new RawThroughput.Raw(r.keyBytes(),
                    serializer.serialize(Topics.EXCHANGE_EVENTS, r.event())));
        }
        return records;
    }

    /** A topic like the input topic, for the records of a phase that the streams app must not count. */
    private void createTopic(EmbeddedPlatform platform, String name) {
        vn.ndxp.runtime.TopicCreator.ensure(Map.of("bootstrap.servers", platform.bootstrapServers()),
                List.of(new Topics.TopicSpec(name, options.partitions(), false, true)));
    }

    private Measurement ingest(EmbeddedPlatform platform, SimulationOptions day, GroundTruth truth) throws InterruptedException {
        long start = System.nanoTime();
        long bytes;
        try (KafkaRecordSink sink = new KafkaRecordSink(Map.of("bootstrap.servers", platform.bootstrapServers()),
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()), Topics.EXCHANGE_EVENTS)) {
            SimulationRun.run(catalog, day, sink, Pacer.asFastAsPossible(), truth);
            sink.close();
            if (sink.failed() > 0) {
                throw new IllegalStateException(sink.failed() + " events were not acknowledged");
            }
            bytes = sink.bytesSent();
        }
        return new Measurement("simulator -> broker", truth.delivered(), bytes, (System.nanoTime() - start) / 1e9);
    }

    /** Run {@code run} counts the whole topic again: a fresh JVM, a new application id, no state. */
    private BenchReport.StreamsRun countPreloaded(EmbeddedPlatform platform, GroundTruth truth, int run)
            throws IOException, InterruptedException {
        // With several days, the last one is also timed on its own: by then both JVMs have compiled
        // their hot code, as in a long replay, where the first day's compilation hardly counts.
        long lastDay = options.days() == 1 ? 0 : truth.total(DAY.plusDays(options.days() - 1));
        String name = options.days() == 1 ? "topology (pre-loaded day)" : "topology (" + options.days() + " days)";
        if (options.repeat() > 1) {
            name += ", median";
        }
        try (StreamsProcess streams = startStreams(platform, run == 1 ? "bench-topology" : "bench-topology-" + run)) {
            return watch(name, streams, truth, true, new AtomicBoolean(true), lastDay);
        }
    }

    /**
     * Run {@code run} of the {@link DslBaseline} over the same topic: a fresh JVM with the app's heap
     * and guarantee, a new application id, its counts to a topic of its own.
     */
    private BenchReport.BaselineRun countBaseline(EmbeddedPlatform platform, GroundTruth truth, int run)
            throws IOException, InterruptedException {
        String applicationId = "bench-baseline-" + run;
        String output = applicationId + "-counts";
        createTopic(platform, output);
        Path dir = options.workDir().resolve(applicationId);
        Files.createDirectories(dir);
        String name = "baseline DSL (" + (options.days() == 1 ? "pre-loaded day)" : options.days() + " days)")
                + (options.repeat() > 1 ? ", median" : "");
        try (StreamsProcess baseline = StreamsProcess.startBaseline(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                applicationId, dir.resolve("state"), options.streamsHeap(), options.guarantee(), output,
                dir.resolve("baseline.log"))) {
            Measurement m = DslBaseline.watch(name, platform.bootstrapServers(), output, DslBaseline.expected(truth), baseline,
                    STALL);
            return new BenchReport.BaselineRun(m, CpuPerEvent.of(baseline.cpu(), 0, truth.total()).total());
        }
    }

    private BenchReport.StreamsRun countLive(EmbeddedPlatform platform, SimulationOptions day)
            throws IOException, InterruptedException {
        GroundTruth truth = new GroundTruth(options.partitions(), Duration.ofHours(6));
        try (StreamsProcess streams = startStreams(platform, "bench-end-to-end");
             KafkaRecordSink sink = new KafkaRecordSink(Map.of("bootstrap.servers", platform.bootstrapServers()),
                     new RestSchemaRegistryClient(platform.schemaRegistryUrl()), Topics.EXCHANGE_EVENTS)) {
            awaitServing(streams);
            AtomicBoolean sent = new AtomicBoolean();
            Thread producer = new Thread(() -> {
                try {
                    SimulationRun.run(catalog, day, sink, Pacer.asFastAsPossible(), truth);
                    sink.close();
                    sent.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-simulator");
            producer.start();
            try {
                return watch("simulator + topology", streams, truth, false, sent, 0);
            } finally {
                producer.interrupt();
                producer.join();
            }
        }
    }

    private StreamsProcess startStreams(EmbeddedPlatform platform, String applicationId) throws IOException {
        return startStreams(platform.bootstrapServers(), platform.schemaRegistryUrl(), applicationId);
    }

    private StreamsProcess startStreams(String bootstrap, String registryUrl, String applicationId) throws IOException {
        Path dir = options.workDir().resolve(applicationId);
        Files.createDirectories(dir);
        return StreamsProcess.start(bootstrap, registryUrl, applicationId,
                dir.resolve("state"), options.streamsHeap(), options.streamsJvmOptions(), options.guarantee(),
                options.streamsProperties(), options.catalogFile(), dir.resolve("streams.log"));
    }

    private static void awaitServing(StreamsProcess streams) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (MetricsScrape.of(streams.metricsUrl()).isEmpty()) {
            if (!streams.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the streams app did not start; see its log in the work directory");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Scrapes the streams app's progress every {@link #POLL} until it has processed every event, then its
     * per-agency counts until they equal the truth. Over a pre-loaded topic the rate is that of the
     * events counted after the first poll that saw any: those counted before it took an unknown part
     * of the start-up.
     */
    private BenchReport.StreamsRun watch(String name, StreamsProcess streams, GroundTruth truth, boolean preloaded,
                                         AtomicBoolean allSent, long lastDayEvents) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ThreadCpu cpuAtStart = streams.cpu();
        ThreadCpu platformAtStart = ThreadCpu.platform();
        CountProgress progress = new CountProgress(started,
                lastDayEvents == 0 ? Long.MAX_VALUE : truth.total() + truth.late() - lastDayEvents);
        long allProcessed = 0;
        while (true) {
            long now = System.nanoTime();
            // The truth is complete, and safely visible here, once the producer has said so.
            boolean truthComplete = allSent.get();
            long expected = truth.total() + truth.late();
            if (truthComplete && progress.processed() == expected) {
                allProcessed = allProcessed == 0 ? now : allProcessed;
                // The consumer and provider sides of a count are updated by different tasks: give
                // the second a moment before calling the counts wrong.
                boolean exact = exact(MetricsScrape.of(streams.countsUrl()), truth);
                if (exact || now - allProcessed > SETTLE.toNanos()) {
                    return result(name, streams, started, new Sample(now, expected), progress, preloaded, exact,
                            cpuAtStart, platformAtStart);
                }
            }
            if (!streams.alive() || now - progress.lastProgressNanos() > STALL.toNanos()) {
                String why = streams.alive() ? "nothing more counted for " + STALL.toMinutes() + " min"
                        : "the streams app exited; see its log in the work directory";
                throw new IllegalStateException(name + ": counts did not reach the ground truth ("
                        + progress.processed() + " of " + expected + " events processed so far): " + why);
            }
            long before = progress.processed();
            progress.observe(MetricsScrape.of(streams.progressUrl()), System.nanoTime());
            if (!truthComplete || progress.processed() != expected || before == expected) {
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** The run as measured once every event is processed, from {@code started} to {@code end}. */
    private static BenchReport.StreamsRun result(String name, StreamsProcess streams, long started, Sample end,
                                                 CountProgress progress, boolean preloaded, boolean exact,
                                                 ThreadCpu cpuAtStart, ThreadCpu platformAtStart)
            throws IOException, InterruptedException {
        Sample first = progress.first(started);
        // A day so small that the first poll saw it whole is timed from the start.
        Measurement m = preloaded && first.events() < end.events()
                ? new Measurement(name, end.events() - first.events(), 0, (end.nanos() - first.nanos()) / 1e9)
                : new Measurement(name, end.events(), 0, (end.nanos() - started) / 1e9);
        // The CPU is the whole run's, start-up included: per event of the run.
        CpuPerEvent cpu = CpuPerEvent.of(streams.cpu().minus(cpuAtStart), progress.streamThreadCpuSeconds(), end.events());
        CpuPerEvent platformCpu = CpuPerEvent.of(ThreadCpu.platform().minus(platformAtStart), 0, end.events());
        Sample lastDayStart = progress.lastDayStart();
        Measurement lastDay = lastDayStart == null ? null : new Measurement("topology, the last day",
                end.events() - lastDayStart.events(), 0, (end.nanos() - lastDayStart.nanos()) / 1e9);
        return new BenchReport.StreamsRun(m, lastDay, exact, (long) progress.heapPeak(), streams.rssPeakBytes(), cpu,
                platformCpu, (first.nanos() - started) / 1e9,
                streams.stateBytes(), streams.changelogBytes(), MetricsScrape.full(streams.metricsUrl(), FULL_SCRAPES));
    }

    /** Every agency, role and status total equals the truth. */
    private static boolean exact(MetricsScrape scrape, GroundTruth truth) {
        Map<String, Long> expected = new TreeMap<>();
        for (String key : truth.keys()) {
            String[] k = key.split("/");
            for (ExchangeStatus s : ExchangeStatus.values()) {
                expected.merge("ndxp_transactions_total{agency=\"" + k[1] + "\",role=\"" + k[2] + "\",status=\"" + s + "\"}",
                        truth.count(LocalDate.parse(k[0]), k[1], k[2], s), Long::sum);
            }
        }
        return expected.entrySet().stream().allMatch(e -> scrape.value(e.getKey()) == e.getValue());
    }
}
