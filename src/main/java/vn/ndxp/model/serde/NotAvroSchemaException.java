package vn.ndxp.model.serde;

/**
 * The registry knows the schema id, but what it names is not an Avro schema: a JSON Schema or
 * Protobuf id of a Confluent registry, or text that does not parse as Avro. The registry answered
 * well, so it is not a {@link SchemaRegistryException}; a record framed with such an id is at
 * fault, and {@link ConfluentAvroSerde} turns this into {@link WireFormatException.Reason#UNDECODABLE}.
 */
public class NotAvroSchemaException extends RuntimeException {

    private final int id;

    public NotAvroSchemaException(int id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    /** The schema id the registry answered for. */
    public int id() {
        return id;
    }
}
