package vn.ndxp.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.jmh.Samples;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.simulator.SimRecord;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsTopology;
import vn.ndxp.topology.analytics.EventTimes;

/**
 * The whole per-event path of the streams app (classify and dedup, the daily counts through their
 * repartition, the analytics combiner and what it feeds) in a {@link TopologyTestDriver}, built
 * with {@link DailyCountsTopology#build} as the {@code streams} command builds it. One operation is
 * one simulated event, Confluent-framed, piped in; the serialization happens outside the measured
 * time, before each batch.
 *
 * <p>The driver's wall clock advances {@value #WALL_CLOCK_NS_PER_EVENT} ns per event, as if events
 * arrived at 20,000/s, so the combiner's one-second flush runs every 20,000 events, as in the demo
 * at that rate.
 *
 * <p>The figure is not the app's throughput: the driver commits after every record (store caches
 * flushed to RocksDB, changelog records written) and matches every record it captures against the
 * source topics with freshly compiled regexes, which take much of the time (docs/performance.md has a
 * profile). It is for comparing changes to the topology with
 * each other; the {@code bench} command measures the app against a real broker.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// Kafka Streams and RocksDB take longer to warm up than the small benchmarks.
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class TopologyBenchmark {
    private static final int BATCH = 100;
    private static final long WALL_CLOCK_NS_PER_EVENT = 50_000;
    /** More days than a run gets through. */
    private static final int DAYS = 30;

    private final byte[][] keys = new byte[BATCH][];
    private final byte[][] values = new byte[BATCH][];
    private final Instant[] times = new Instant[BATCH];
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private ConfluentAvroSerde<DataExchangeEvent> eventSerde;
    private Simulation simulation;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
        AnalyticsTopology analyticsTopology = new AnalyticsTopology(AnalyticsConfig.defaults(),
                AnalyticsTopology.OutputSerdes.confluent(registry), EventTimes.IGNORED);
        // Event time runs far ahead of the driver's wall clock here: no event may count as from the future.
        InputRules rules = InputRules.defaults(CatalogCodes.builtIn()).withMaxAhead(Duration.ofDays(3650));
        stateDir = Files.createTempDirectory("ndxp-jmh-topology");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ndxp-jmh");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Instant start = Samples.DAY.atStartOfDay(ZoneOffset.ofHours(7)).toInstant();
        driver = new TopologyTestDriver(DailyCountsTopology.build(DailyCountsTopology.DEFAULT_GRACE, rules,
                ExchangeEventDeserializer.serde(registry, rules.codes().all()),
                ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class), analyticsTopology), props, start);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
        simulation = new Simulation(CatalogLoader.builtIn(), Samples.day(SimulationOptions.DEFAULT_WORKDAY_VOLUME, DAYS));
    }

    /** The next events, framed; and the driver's captured output dropped, which would otherwise pile up. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        for (String topic : List.copyOf(driver.producedTopicNames())) {
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        }
        for (int i = 0; i < BATCH; i++) {
            SimRecord r = simulation.next();
            keys[i] = r.keyBytes();
            values[i] = eventSerde.serialize(Topics.EXCHANGE_EVENTS, r.event());
            times[i] = r.event().getRequestTime();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pipeEvents() {
        for (int i = 0; i < BATCH; i++) {
            input.pipeInput(keys[i], values[i], times[i]);
        }
        driver.advanceWallClockTime(Duration.ofNanos(WALL_CLOCK_NS_PER_EVENT * BATCH));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
