package vn.ndxp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
 * day (in its own JVM, until every count equals the ground truth), and both at once.
 */
public final class Benchmark {
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final String RAW_TOPIC = "bench.raw";
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    /** How long the app may count nothing more before the run is called stuck: any number of days may take longer in all. */
    private static final Duration STALL = Duration.ofMinutes(5);
    /** How long the counts may take to settle once every event is processed before they are called wrong. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * Progress polls: even a scrape of three series makes the app collect every meter (thousands of
     * Kafka client metrics) and read its stores, about a sixth of its CPU at 10 per second.
     */
    private static final Duration POLL = Duration.ofMillis(250);

    /**
     * @param events            events of a simulated working day; its volume is scaled to give this many
     * @param days              consecutive days pre-loaded for the streams app (the combined phase runs one)
     * @param repeat            how many fresh streams JVMs count the pre-loaded days, one after the other
     * @param streamsProperties Kafka and Streams properties for the streams app, passed as its {@code -P}
     */
    public record Options(long events, int days, int repeat, String guarantee, String streamsHeap, List<String> streamsJvmOptions,
                          Map<String, String> streamsProperties, int partitions, Path workDir) {}

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
        BenchReport.StreamsRun endToEnd;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, options.workDir().resolve("a"),
                options.partitions())) {
            Serializer<DataExchangeEvent> serializer = ConfluentAvroSerde.forValues(
                    new RestSchemaRegistryClient(platform.schemaRegistryUrl()), DataExchangeEvent.class).serializer();
            log.info("Generating and serializing {} day(s) of {} events", options.days(), options.events());
            Measurement generator = generate(preloaded, serializer);
            List<RawThroughput.Raw> sample = sample(day, serializer, 100_000);
            log.info("Raw producer and consumer");
            createRawTopic(platform);
            Measurement rawProducer = RawThroughput.produce(platform.bootstrapServers(), RAW_TOPIC, sample, options.events());
            Measurement rawConsumer = RawThroughput.consume(platform.bootstrapServers(), RAW_TOPIC, options.events());
            log.info("Simulator into the broker");
            GroundTruth truth = new GroundTruth(options.partitions(), Duration.ofHours(6));
            Measurement ingest = ingest(platform, preloaded, truth);
            phases.addAll(List.of(rawProducer, rawConsumer, generator, ingest));
            for (int run = 1; run <= options.repeat(); run++) {
                log.info("Streams app over the pre-loaded {}{}", options.days() == 1 ? "day" : options.days() + " days",
                        options.repeat() == 1 ? "" : ", run " + run + " of " + options.repeat());
                topologyRuns.add(countPreloaded(platform, truth, run));
            }
        }
        log.info("Simulator and streams app at once");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, options.workDir().resolve("b"),
                options.partitions())) {
            endToEnd = countLive(platform, day);
        }
        BenchReport.StreamsRun median = BenchReport.median(topologyRuns);
        phases.add(median.measurement());
        if (median.lastDay() != null) {
            phases.add(median.lastDay());
        }
        BenchReport.forEachRepeat(topologyRuns, (name, run) -> {
            Measurement m = run.measurement();
            phases.add(new Measurement(name, m.events(), m.bytes(), m.seconds()));
        });
        phases.add(endToEnd.measurement());
        return new BenchReport(options, phases, topologyRuns, endToEnd);
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

    private void createRawTopic(EmbeddedPlatform platform) {
        vn.ndxp.runtime.TopicCreator.ensure(Map.of("bootstrap.servers", platform.bootstrapServers()),
                List.of(new Topics.TopicSpec(RAW_TOPIC, options.partitions(), false, true)));
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
            return watch(name, streams, truth, null, new AtomicBoolean(true), lastDay);
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
                return watch("simulator + topology", streams, truth, sink, sent, 0);
            } finally {
                producer.interrupt();
                producer.join();
            }
        }
    }

    private StreamsProcess startStreams(EmbeddedPlatform platform, String applicationId) throws IOException {
        Path dir = options.workDir().resolve(applicationId);
        Files.createDirectories(dir);
        return StreamsProcess.start(platform.bootstrapServers(), platform.schemaRegistryUrl(), applicationId,
                dir.resolve("state"), options.streamsHeap(), options.streamsJvmOptions(), options.guarantee(),
                options.streamsProperties(), dir.resolve("streams.log"));
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
     * per-agency counts until they equal the truth. Freshness is sampled from the two curves: when
     * the k-th event was acknowledged by the broker and when the app's counts first covered k events.
     * Over a pre-loaded topic the rate is that of the events counted after the first poll that saw
     * any: those counted before it took an unknown part of the start-up.
     */
    private BenchReport.StreamsRun watch(String name, StreamsProcess streams, GroundTruth truth, KafkaRecordSink sink,
                                         AtomicBoolean allSent, long lastDayEvents) throws InterruptedException {
        long started = System.nanoTime();
        ThreadCpu cpuAtStart = streams.cpu();
        ThreadCpu platformAtStart = ThreadCpu.platform();
        long firstCount = 0;
        long firstCountEvents = 0;
        double heapPeak = 0;
        double streamThreadCpu = 0;
        List<long[]> sent = new ArrayList<>();
        List<long[]> counted = new ArrayList<>();
        long lastProgress = started;
        long processed = 0;
        long allProcessed = 0;
        long lastDayStart = 0;
        long lastDayStartCount = 0;
        while (true) {
            long now = System.nanoTime();
            // The truth is complete, and safely visible here, once the producer has said so.
            boolean truthComplete = allSent.get();
            long expected = truth.total() + truth.late();
            if (truthComplete && processed == expected) {
                allProcessed = allProcessed == 0 ? now : allProcessed;
                // The consumer and provider sides of a count are updated by different tasks: give
                // the second a moment before calling the counts wrong.
                boolean exact = exact(MetricsScrape.of(streams.countsUrl()), truth);
                if (exact || now - allProcessed > SETTLE.toNanos()) {
                    // A day so small that the first poll saw it whole is timed from the start.
                    boolean fromFirstCount = sink == null && firstCountEvents < expected;
                    Measurement m = fromFirstCount
                            ? new Measurement(name, expected - firstCountEvents, 0, (now - firstCount) / 1e9)
                            : new Measurement(name, expected, 0, (now - started) / 1e9);
                    // The CPU is the whole run's, start-up included: per event of the run.
                    CpuPerEvent cpu = CpuPerEvent.of(streams.cpu().minus(cpuAtStart), streamThreadCpu, expected);
                    ThreadCpu platform = ThreadCpu.platform().minus(platformAtStart);
                    CpuPerEvent platformCpu = CpuPerEvent.of(platform, 0, expected);
                    Measurement lastDay = lastDayEvents == 0 ? null : new Measurement("topology, the last day",
                            expected - lastDayStartCount, 0, (now - lastDayStart) / 1e9);
                    return new BenchReport.StreamsRun(m, lastDay, exact, (long) heapPeak, streams.rssPeakBytes(), cpu,
                            platformCpu,
                            (firstCount - started) / 1e9,
                            freshness(sent, counted, 0.5), freshness(sent, counted, 0.99));
                }
            }
            if (!streams.alive() || now - lastProgress > STALL.toNanos()) {
                String why = streams.alive() ? "nothing more counted for " + STALL.toMinutes() + " min"
                        : "the streams app exited; see its log in the work directory";
                throw new IllegalStateException(name + ": counts did not reach the ground truth ("
                        + processed + " of " + expected + " events processed so far): " + why);
            }
            MetricsScrape scrape = MetricsScrape.of(streams.progressUrl());
            now = System.nanoTime();
            heapPeak = Math.max(heapPeak, scrape.sum("jvm_memory_used_bytes", "area=\"heap\""));
            // The stream thread does nothing but this run's events: all its time since the start counts.
            streamThreadCpu = Math.max(streamThreadCpu, scrape.sum("ndxp_stream_threads_cpu_seconds_total"));
            long before = processed;
            processed = Math.round(scrape.sum("ndxp_platform_transactions_total") + scrape.sum("ndxp_events_late_total"));
            if (processed > 0 && firstCount == 0) {
                firstCount = now;
                firstCountEvents = processed;
            }
            if (processed != before) {
                lastProgress = now;
            }
            if (lastDayEvents > 0 && lastDayStart == 0 && processed >= expected - lastDayEvents) {
                // Timed from the poll before this one, the last that saw an earlier day unfinished:
                // a small last day may be counted whole between two polls.
                long[] previous = counted.isEmpty() ? new long[] {started, 0} : counted.get(counted.size() - 1);
                lastDayStart = previous[0];
                lastDayStartCount = previous[1];
            }
            counted.add(new long[] {now, processed});
            if (sink != null) {
                sent.add(new long[] {now, sink.delivered()});
            }
            if (!truthComplete || processed != expected || before == expected) {
                Thread.sleep(POLL.toMillis());
            }
        }
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

    /** The q-quantile of the delay between "k events acknowledged" and "k events counted", in ms. */
    private static double freshness(List<long[]> sent, List<long[]> counted, double q) {
        if (sent.isEmpty()) {
            return Double.NaN;
        }
        List<Double> delays = new ArrayList<>();
        int j = 0;
        for (long[] c : counted) {
            if (c[1] == 0) {
                continue;
            }
            while (j < sent.size() - 1 && sent.get(j)[1] < c[1]) {
                j++;
            }
            delays.add(Math.max(0, (c[0] - sent.get(j)[0]) / 1e6));
        }
        if (delays.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
