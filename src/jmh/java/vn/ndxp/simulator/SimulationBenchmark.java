package vn.ndxp.simulator;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.jmh.Samples;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.testing.InMemorySchemaRegistry;

/**
 * The generator: {@link Simulation} over the built-in catalog at the default volume (2.8 M events
 * on a working day), one record per operation, alone and with the Confluent-framed Avro
 * serialization the {@code simulate} command sends. The cost of each half-hour's batch (draw,
 * sort) is spread over its records, as in a real run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class SimulationBenchmark {
    /** Far more days than a run can use: the simulation never ends within a benchmark. */
    private static final int DAYS = 365;

    private Catalog catalog;
    private Simulation simulation;
    private Serializer<DataExchangeEvent> serializer;

    @Setup
    public void setUp() {
        catalog = CatalogLoader.builtIn();
        simulation = new Simulation(catalog, Samples.day(SimulationOptions.DEFAULT_WORKDAY_VOLUME, DAYS));
        serializer = ConfluentAvroSerde.forValues(new InMemorySchemaRegistry(), DataExchangeEvent.class).serializer();
    }

    @Benchmark
    public SimRecord generate() {
        return nextRecord();
    }

    @Benchmark
    public byte[] generateAndSerialize() {
        return serializer.serialize(Topics.EXCHANGE_EVENTS, nextRecord().event());
    }

    private SimRecord nextRecord() {
        if (!simulation.hasNext()) {
            simulation = new Simulation(catalog, Samples.day(SimulationOptions.DEFAULT_WORKDAY_VOLUME, DAYS));
        }
        return simulation.next();
    }
}
