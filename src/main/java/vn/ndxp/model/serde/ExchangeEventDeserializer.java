package vn.ndxp.model.serde;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Reads {@link DataExchangeEvent}s in the Confluent wire format exactly as
 * {@link ConfluentAvroSerde} does, faster: the topology's first step, once per input record.
 *
 * <p>When a record's writer schema is the reader's own (every producer of this version), its
 * fields are read straight from the bytes in schema order, and each agency, system, service and
 * gateway code comes out as one shared {@code String} per distinct code instead of a new one per
 * record: no per-field objects, and the topology's hash lookups by code find the hash cached and
 * the key identical. Records with any other schema id go through Avro's schema resolution, and so
 * does every record the fast path does not read cleanly to its last byte, so that errors keep
 * Avro's diagnosis and messages ({@link WireFormatException}).
 *
 * <p>Not thread-safe: {@link ConfluentAvroSerde}'s schema lookups are, but each instance keeps its
 * own table of codes. Kafka Streams asks each task's processor for its own instance.
 */
public final class ExchangeEventDeserializer implements Deserializer<DataExchangeEvent> {
    /** The catalog has about 1,200 codes; a flood of distinct strings from a hostile producer stops being cached here. */
    static final int MAX_CACHED_CODES = 1 << 14;
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();
    private static final long OWN_SCHEMA = fingerprint(DataExchangeEvent.getClassSchema());

    private final ConfluentAvroSerde<DataExchangeEvent> avro;
    /** Per schema id seen: whether it is the reader's schema, so that the fast path applies. */
    private final Map<Integer, Boolean> ownSchema = new HashMap<>();
    private final CodeTable codes;
    private byte[] buf;
    private int pos;
    private int end;

    private ExchangeEventDeserializer(ConfluentAvroSerde<DataExchangeEvent> avro, Collection<String> knownCodes) {
        this.avro = avro;
        this.codes = new CodeTable(knownCodes);
    }

    /**
     * Writes as {@link ConfluentAvroSerde}; each {@code deserializer()} is a new instance of this
     * class, for one task (or one consumer).
     */
    public static Serde<DataExchangeEvent> serde(SchemaRegistryClient registry) {
        return serde(registry, List.of());
    }

    /**
     * As {@link #serde(SchemaRegistryClient)}, with the codes a reader will look up (the catalog's):
     * a record's code is then handed out as the very instance given here, so that lookups in maps
     * holding these instances match by identity.
     */
    public static Serde<DataExchangeEvent> serde(SchemaRegistryClient registry, Collection<String> knownCodes) {
        ConfluentAvroSerde<DataExchangeEvent> avro = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
        return new Serde<>() {
            @Override
            public Serializer<DataExchangeEvent> serializer() {
                return avro.serializer();
            }

            @Override
            public Deserializer<DataExchangeEvent> deserializer() {
                return new ExchangeEventDeserializer(avro, knownCodes);
            }
        };
    }

    /**
     * Equal for two schemas whose binary encodings are the same: Avro's Parsing Canonical Form
     * keeps names, field order and types, and drops what does not change the bytes (docs,
     * defaults, logical types, properties such as {@code avro.java.string}).
     */
    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    @Override
    public DataExchangeEvent deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = ConfluentAvroSerde.schemaIdOf(bytes); // a broken header fails here as in Avro's path
        Boolean own = ownSchema.get(id);
        if (own == null) {
            // The first record of a schema id takes Avro's path, which fetches the schema and
            // rejects unknown or incompatible ones with its own reasons.
            DataExchangeEvent event = avro.deserialize(topic, bytes);
            ownSchema.put(id, fingerprint(avro.writerSchemaOf(id)) == OWN_SCHEMA);
            return event;
        }
        if (own) {
            DataExchangeEvent event = read(bytes);
            if (event != null) {
                return event;
            }
        }
        return avro.deserialize(topic, bytes);
    }

    /** The event in the reader's own schema, or null if the bytes are not exactly one such record. */
    private DataExchangeEvent read(byte[] bytes) {
        buf = bytes;
        pos = ConfluentAvroSerde.HEADER_SIZE;
        end = bytes.length;
        try {
            String eventId = string();
            long requestTime = readLong();
            String consumerAgency = code();
            String consumerSystem = code();
            String providerAgency = code();
            String providerSystem = code();
            String serviceCode = code();
            int status = readInt();
            int durationMs = readInt();
            long requestBytes = readLong();
            long responseBytes = readLong();
            String gateway = code();
            if (pos != end || status < 0 || status >= STATUSES.length) {
                return null;
            }
            return new DataExchangeEvent(eventId, Instant.ofEpochMilli(requestTime), consumerAgency, consumerSystem,
                    providerAgency, providerSystem, serviceCode, STATUSES[status], durationMs, requestBytes,
                    responseBytes, gateway);
        } catch (Malformed e) {
            return null;
        } finally {
            buf = null;
        }
    }

    private String string() {
        int length = stringLength();
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    private String code() {
        int length = stringLength();
        String s = codes.get(buf, pos, length);
        pos += length;
        return s;
    }

    private int stringLength() {
        long length = readLong();
        if (length < 0 || length > end - pos) {
            throw Malformed.INSTANCE;
        }
        return (int) length;
    }

    /** Avro's int: a zig-zag varint of at most 5 bytes. */
    private int readInt() {
        long v = readVarint(5);
        if (v >>> 32 != 0) {
            throw Malformed.INSTANCE;
        }
        int n = (int) v;
        return (n >>> 1) ^ -(n & 1);
    }

    /** Avro's long: a zig-zag varint of at most 10 bytes. */
    private long readLong() {
        long n = readVarint(10);
        return (n >>> 1) ^ -(n & 1);
    }

    private long readVarint(int maxBytes) {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw Malformed.INSTANCE;
            }
            int b = buf[pos++];
            v |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return v;
            }
        }
        throw Malformed.INSTANCE;
    }

    /** Not a clean record: the caller hands the bytes to Avro for its diagnosis. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super(null, null, false, false);
        }
    }

    /**
     * One {@code String} per distinct UTF-8 code: an open-addressing table keyed by the bytes, so a
     * lookup allocates nothing. Starts with the given codes; stops adding at
     * {@link #MAX_CACHED_CODES}, after which new codes are decoded afresh each time.
     */
    static final class CodeTable {
        private byte[][] keys = new byte[1 << 10][];
        private String[] values = new String[1 << 10];
        private int size;

        CodeTable(Collection<String> seed) {
            for (String code : seed) {
                byte[] b = code.getBytes(StandardCharsets.UTF_8);
                int i = slot(b, 0, b.length);
                if (keys[i] == null) {
                    add(i, b, code);
                }
            }
        }

        String get(byte[] b, int off, int len) {
            int i = slot(b, off, len);
            if (keys[i] != null) {
                return values[i];
            }
            String s = new String(b, off, len, StandardCharsets.UTF_8);
            if (size < MAX_CACHED_CODES) {
                add(i, Arrays.copyOfRange(b, off, off + len), s);
            }
            return s;
        }

        /** The slot that holds these bytes, or the empty one where they would go. */
        private int slot(byte[] b, int off, int len) {
            int mask = keys.length - 1;
            int i = hash(b, off, len) & mask;
            for (byte[] k; (k = keys[i]) != null; i = (i + 1) & mask) {
                if (Arrays.equals(k, 0, k.length, b, off, off + len)) {
                    return i;
                }
            }
            return i;
        }

        private void add(int slot, byte[] key, String value) {
            keys[slot] = key;
            values[slot] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        int size() {
            return size;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            String[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = hash(oldKeys[j], 0, oldKeys[j].length) & mask;
                    while (keys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }

        private static int hash(byte[] b, int off, int len) {
            int h = 0;
            for (int i = off; i < off + len; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }
}
