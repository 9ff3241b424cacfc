package vn.ndxp.model.serde;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
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
import vn.ndxp.jmh.Samples;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.testing.InMemorySchemaRegistry;

/**
 * {@link ConfluentAvroSerde} on realistic events: one event framed (header + Avro binary) or read
 * back into a {@link DataExchangeEvent} per operation, by Avro or by the topology's
 * {@link ExchangeEventDeserializer}. The registry is in memory and answers from the serde's own
 * cache after the first call, as a real one does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class SerdeBenchmark {
    /** A power of two, so that the index wraps with a mask; large enough not to sit in L1. */
    private static final int SAMPLE = 4096;

    private ConfluentAvroSerde<DataExchangeEvent> serde;
    private Deserializer<DataExchangeEvent> topologyDeserializer;
    private DataExchangeEvent[] events;
    private byte[][] framed;
    private int next;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        serde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
        topologyDeserializer = ExchangeEventDeserializer.serde(registry).deserializer();
        List<DataExchangeEvent> sample = Samples.events(SAMPLE);
        events = sample.toArray(new DataExchangeEvent[0]);
        framed = new byte[SAMPLE][];
        for (int i = 0; i < SAMPLE; i++) {
            framed[i] = serde.serialize(Topics.EXCHANGE_EVENTS, events[i]);
        }
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serialize(Topics.EXCHANGE_EVENTS, events[next++ & (SAMPLE - 1)]);
    }

    @Benchmark
    public DataExchangeEvent deserialize() {
        return serde.deserialize(Topics.EXCHANGE_EVENTS, framed[next++ & (SAMPLE - 1)]);
    }

    @Benchmark
    public DataExchangeEvent deserializeForTopology() {
        return topologyDeserializer.deserialize(Topics.EXCHANGE_EVENTS, framed[next++ & (SAMPLE - 1)]);
    }
}
