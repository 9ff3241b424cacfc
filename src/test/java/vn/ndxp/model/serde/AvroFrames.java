package vn.ndxp.model.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import vn.ndxp.model.avro.DataExchangeEvent;

/** Confluent-framed bytes built with plain Avro, not with the serdes under test. */
final class AvroFrames {
    private AvroFrames() {}

    /** The magic byte, the schema id, then {@code body}. */
    static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    static byte[] avroBinary(Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code event} as a producer with a newer schema writes it: DataExchangeEvent plus a
     * {@code traceId} string (default ""), registered under subject {@code newer-value}.
     */
    static byte[] withNewerWriterSchema(SchemaRegistryClient registry, DataExchangeEvent event) {
        String current = DataExchangeEvent.SCHEMA$.toString();
        Schema newer = new Schema.Parser().parse(current.substring(0, current.lastIndexOf("]}"))
                + ",{\"name\":\"traceId\",\"type\":\"string\",\"default\":\"\"}]}");
        GenericRecord record = new GenericData.Record(newer);
        for (Schema.Field field : DataExchangeEvent.SCHEMA$.getFields()) {
            record.put(field.name(), switch (field.name()) {
                case "requestTime" -> event.getRequestTime().toEpochMilli();
                case "status" -> new GenericData.EnumSymbol(newer.getField("status").schema(), event.getStatus().name());
                default -> event.get(field.name());
            });
        }
        record.put("traceId", "abc");
        return frame(registry.register("newer-value", newer), avroBinary(newer, record));
    }
}
