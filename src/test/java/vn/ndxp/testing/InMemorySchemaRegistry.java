package vn.ndxp.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import vn.ndxp.model.serde.NotAvroSchemaException;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryException;

/** A registry client with no server, for topology unit tests; integration tests use the real one. */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);
    /** Ids of schemas of another format (JSON Schema, Protobuf), by type. */
    private final Map<Integer, String> foreign = new ConcurrentHashMap<>();

    @Override
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(schema, s -> {
            int id = next.getAndIncrement();
            schemas.put(id, s);
            return id;
        });
    }

    /** A new id for a schema that is not Avro, as a Confluent registry holds for JSON Schema or Protobuf. */
    public int registerForeign(String schemaType) {
        int id = next.getAndIncrement();
        foreign.put(id, schemaType);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        String type = foreign.get(id);
        if (type != null) {
            throw new NotAvroSchemaException(id, "schema id " + id + " is a " + type + " schema, not Avro", null);
        }
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found", "memory:", 404,
                    RestSchemaRegistryClient.SCHEMA_NOT_FOUND, null);
        }
        return schema;
    }
}
