package vn.ndxp.model.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro classes in the Confluent wire format, byte for byte what Confluent's
 * {@code KafkaAvroSerializer} writes and {@code KafkaAvroDeserializer} (specific.avro.reader=true)
 * reads: the magic byte 0x00, the writer schema's registry id as a 4-byte big-endian int, then the
 * Avro binary encoding. Subjects follow Confluent's TopicNameStrategy: {@code <topic>-value} or
 * {@code <topic>-key}.
 *
 * <p>Reading resolves the writer schema (fetched by id) against the schema of {@code T}, so
 * records written with an older or newer compatible schema decode. Bytes that are not such a
 * record raise {@link WireFormatException}; a registry that cannot be reached raises
 * {@link SchemaRegistryException} instead, because then the record is not to blame.
 *
 * <p>Thread-safe: one instance may serve all stream threads. Null stays null both ways (tombstones).
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** First byte of every Confluent-framed record. */
    public static final byte MAGIC_BYTE = 0x00;
    /** Magic byte plus the 4-byte schema id. */
    public static final int HEADER_SIZE = 5;

    static {
        // Users of the serde must never meet Avro's "class is not trusted" SecurityException.
        AvroTrust.trustGeneratedClasses();
    }

    private final SchemaRegistryClient registry;
    private final Class<T> type;
    private final String subjectSuffix;
    private final Schema readerSchema;
    // The generated class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
    private final SpecificData data;
    // Avro's datum writers and readers keep no per-call state, so one of each may serve all threads.
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    // Encoders and decoders do keep state, so reuse them only within a thread.
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    private ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> type, boolean forKeys) {
        this.registry = registry;
        this.type = type;
        this.subjectSuffix = forKeys ? "-key" : "-value";
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema, data);
    }

    /** A serde for record values: subject {@code <topic>-value}. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(SchemaRegistryClient registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, false);
    }

    /** A serde for record keys: subject {@code <topic>-key}. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forKeys(SchemaRegistryClient registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, true);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    /**
     * The schema id in the header of Confluent-framed bytes.
     *
     * @throws WireFormatException ({@code TRUNCATED} or {@code BAD_MAGIC}) if there is no valid header
     */
    public static int schemaIdOf(byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    framed.length + " bytes, the Confluent header alone needs " + HEADER_SIZE);
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC, String.format(
                    "first byte is 0x%02x, expected 0x%02x (Confluent wire format)", framed[0], MAGIC_BYTE));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** Frames {@code record}, registering its schema under the topic's subject on first use. */
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(t + subjectSuffix, readerSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder reused = encoders.get();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, reused);
        if (encoder != reused) {
            encoders.set(encoder); // once per thread: setting it on every call showed in the sending thread's profile
        }
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize a " + type.getSimpleName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Decodes Confluent-framed bytes into a {@code T}; the topic is not needed, the header names the schema. */
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = schemaIdOf(bytes);
        DatumReader<T> reader = readersById.computeIfAbsent(id, this::newReader);
        BinaryDecoder reused = decoders.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, reused);
        if (decoder != reused) {
            decoders.set(decoder);
        }
        T record;
        boolean leftOver;
        try {
            record = reader.read(null, decoder);
            leftOver = !decoder.isEnd();
        } catch (SecurityException e) {
            throw e; // Avro distrusts the class: a setup fault, every record would fail, none is to blame
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE,
                    "body is not a valid Avro record of schema id " + id + ": " + e, e);
        }
        if (leftOver) {
            // Leftover bytes mean the body was not written with this schema id: corrupt, not evolved.
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE,
                    "bytes left over after a complete record of schema id " + id);
        }
        return record;
    }

    /** The writer schema of a schema id whose records this serde has read, or null if none yet. */
    Schema writerSchemaOf(int id) {
        return readersById.get(id) instanceof GenericDatumReader<T> reader ? reader.getSchema() : null;
    }

    private DatumReader<T> newReader(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            // Only Confluent's "schema not found" condemns the record; a 404 without it is a wrong URL.
            if (e.errorCode() != RestSchemaRegistryClient.SCHEMA_NOT_FOUND) {
                throw e;
            }
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA,
                    "schema id " + id + " is not registered at " + e.registryUrl(), e);
        } catch (NotAvroSchemaException e) {
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE, e.getMessage(), e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility;
        try {
            compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        } catch (RuntimeException e) {
            // Whatever schema a registry hands out, the check must condemn the record, not fail the thread.
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE,
                    "schema id " + id + " cannot be checked against " + readerSchema.getFullName() + ": " + e, e);
        }
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            // Checked up front, because Avro would otherwise fail mid-record with a vaguer message.
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE, "schema id " + id + " ("
                    + writerSchema.getFullName() + ") cannot be read as " + readerSchema.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities().stream()
                            .map(i -> i.getMessage() + " at " + i.getLocation())
                            .collect(Collectors.joining("; ")));
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, data);
    }
}
