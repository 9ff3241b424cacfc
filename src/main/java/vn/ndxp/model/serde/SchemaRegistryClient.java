package vn.ndxp.model.serde;

import org.apache.avro.Schema;

/**
 * The two questions the Confluent wire format asks of a schema registry: which global id does
 * this schema have under this subject, and which schema does this id stand for.
 *
 * <p>Implementations must be thread-safe. A registry that cannot be reached, or answers with an
 * error, raises {@link SchemaRegistryException}.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (or finds it if it is already there) and
     * returns its global schema id. Idempotent: the same schema under the same subject always
     * gets the same id.
     */
    int register(String subject, Schema schema);

    /**
     * The schema with the given global id; if there is none, a {@link SchemaRegistryException} with
     * HTTP status 404 and Confluent error code 40403 ({@link RestSchemaRegistryClient#SCHEMA_NOT_FOUND});
     * if the id names something other than an Avro schema, a {@link NotAvroSchemaException}.
     */
    Schema schemaById(int id);
}
