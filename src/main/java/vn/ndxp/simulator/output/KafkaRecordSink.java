package vn.ndxp.simulator.output;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.model.EventProducers;
import vn.ndxp.simulator.SimRecord;

/**
 * Sends simulated records to a topic: key = eventId, value Confluent-framed Avro, timestamp =
 * requestTime. Malformed records are broken the way their malformation says, so that the platform
 * rejects each with a known reason.
 *
 * <p>Key and value are serialized ahead, on the simulation's thread ({@link #prepare}), and the
 * sending thread only hands the bytes to the producer: at full speed the sending thread is what
 * sets the pace, and serializing was a third of its time.
 */
public final class KafkaRecordSink implements RecordSink<KafkaRecordSink.Serialized> {
    /** A schema id no registry hands out in practice. */
    static final int UNKNOWN_SCHEMA_ID = 0x7FFF_FFF0;
    /** Just under the broker's default record limit, as the issue of a producer with a raised max.request.size. */
    static final int OVERSIZED_BYTES = 1_048_400;

    /** A record's key ({@link SimRecord#keyBytes()}) and value. */
    public record Serialized(byte[] key, byte[] value) {}

    private final Producer<byte[], byte[]> producer;
    private final Serializer<DataExchangeEvent> serializer;
    private final String topic;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final SchemaRegistryClient registry;
    /** Records of the {@code unknown-ids} drill so far: each gets an id of its own. Used on the simulation's thread only. */
    private int distinctUnknownIds;
    private int foreignSchemaId = -1;

    public KafkaRecordSink(Map<String, Object> kafkaProps, SchemaRegistryClient registry, String topic) {
        this.producer = new KafkaProducer<>(producerProperties(kafkaProps), new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class).serializer();
        this.topic = topic;
        this.registry = registry;
        try {
            // Fails within max.block.ms, with the cluster's reason, if the topic cannot be reached;
            // otherwise every send would wait that long and fail on its own.
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * {@link EventProducers#properties}, with {@code linger.ms} 20 unless given: the simulator sends
     * for throughput and reports no send latency (unlike {@code replay}). At full speed 5 ms gave
     * each partition's batch a few hundred events, and every lz4 batch allocates and clears two
     * 64 KB buffers, a large share of the sending thread; 20 ms sends faster (docs/performance.md, What
     * was tried).
     */
    public static Map<String, Object> producerProperties(Map<String, Object> kafkaProps) {
        Map<String, Object> props = EventProducers.properties(kafkaProps);
        if (!kafkaProps.containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        }
        return props;
    }

    @Override
    public Serialized prepare(SimRecord r) {
        byte[] value = r.malformation() == null ? serializer.serialize(topic, r.event()) : malformed(r);
        return new Serialized(r.keyBytes(), value);
    }

    @Override
    public void send(SimRecord r, Serialized serialized) {
        bytes.addAndGet(serialized.value().length);
        long timestamp = r.event().getRequestTime().toEpochMilli();
        producer.send(new ProducerRecord<>(topic, null, timestamp, serialized.key(), serialized.value()), (meta, error) -> {
            if (error == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
            }
        });
    }

    private byte[] malformed(SimRecord r) {
        DataExchangeEvent e = r.event();
        return switch (r.malformation()) {
            case BAD_MAGIC -> EventJson.format(e).getBytes(StandardCharsets.UTF_8);
            case TRUNCATED -> Arrays.copyOf(serializer.serialize(topic, e), 3);
            case UNKNOWN_SCHEMA -> ByteBuffer.wrap(serializer.serialize(topic, e)).putInt(1, UNKNOWN_SCHEMA_ID).array();
            case MISSING_FIELD -> {
                e.setConsumerAgency("");
                yield serializer.serialize(topic, e);
            }
            case NEGATIVE_VALUE -> {
                e.setDurationMs(-1 - Math.abs(e.getDurationMs()));
                yield serializer.serialize(topic, e);
            }
            case OVERSIZED -> {
                byte[] garbage = new byte[OVERSIZED_BYTES];
                Arrays.fill(garbage, (byte) '{');
                yield garbage;
            }
            case DISTINCT_UNKNOWN_SCHEMA -> ByteBuffer.wrap(serializer.serialize(topic, e))
                    .putInt(1, UNKNOWN_SCHEMA_ID - 1 - (distinctUnknownIds++ % 1_000_000)).array();
            case FOREIGN_SCHEMA -> foreign(e);
        };
    }

    /** The eventId as an Avro {@code "string"}, framed with the id of that schema: registered, but not an event. */
    private byte[] foreign(DataExchangeEvent e) {
        if (foreignSchemaId < 0) {
            foreignSchemaId = registry.register(topic + "-drill-foreign-value", Schema.create(Schema.Type.STRING));
        }
        byte[] text = e.getEventId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + 5 + text.length).put((byte) 0).putInt(foreignSchemaId);
        for (long n = (long) text.length << 1; ; n >>>= 7) { // Avro's zig-zag varint length
            if ((n & ~0x7FL) == 0) {
                b.put((byte) n);
                break;
            }
            b.put((byte) ((n & 0x7F) | 0x80));
        }
        b.put(text);
        return Arrays.copyOf(b.array(), b.position());
    }

    @Override
    public long delivered() {
        return acked.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    /** Value bytes handed to the producer so far. */
    public long bytesSent() {
        return bytes.get();
    }

    public Exception firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
