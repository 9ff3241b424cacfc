package vn.ndxp.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.http.Call;
import vn.ndxp.http.Endpoint;
import vn.ndxp.http.Errors;
import vn.ndxp.http.Reply;
import vn.ndxp.http.Routes;

/**
 * Maps the Confluent Schema Registry REST subset onto a {@link SchemaStore}: routes, parses the
 * JSON body, answers JSON with Confluent's media type, and turns every failure into a JSON error
 * body ({@code error_code}, {@code message}), never an HTML page or a dropped connection.
 */
final class RegistryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;

    RegistryHandler(SchemaStore store) {
        this.store = store;
    }

    Routes routes() {
        return new Routes()
                .get("/subjects", json(call -> strings(store.subjects())))
                .post("/subjects/{subject}", json(call -> {
                    SchemaText schema = schemaText(call);
                    return version(store.lookup(call.pathParam("subject"), schema.type(), schema.text()));
                }))
                .post("/subjects/{subject}/versions", json(call -> {
                    SchemaText schema = schemaText(call);
                    return JSON.createObjectNode().put("id", store.register(call.pathParam("subject"), schema.type(), schema.text()));
                }))
                .get("/subjects/{subject}/versions", json(call -> {
                    ArrayNode versions = JSON.createArrayNode();
                    store.versions(call.pathParam("subject")).forEach(versions::add);
                    return versions;
                }))
                .get("/subjects/{subject}/versions/{version}",
                        json(call -> version(store.version(call.pathParam("subject"), call.pathParam("version")))))
                .get("/schemas/ids/{id}", json(call -> {
                    SchemaStore.Version schema = store.schemaById(schemaId(call.pathParam("id")));
                    return withType(JSON.createObjectNode().put("schema", schema.schema()), schema.type());
                }))
                .post("/compatibility/subjects/{subject}/versions/{version}", json(call -> {
                    SchemaText schema = schemaText(call);
                    if (!schema.type().equals(SchemaStore.AVRO)) {
                        throw RegistryError.invalidSchema("compatibility is checked for Avro schemas only");
                    }
                    return JSON.createObjectNode().put("is_compatible",
                            store.isCompatible(call.pathParam("subject"), call.pathParam("version"), schema.text()));
                }))
                // Per subject too: every subject has the global level (as Confluent with defaultToGlobal=true),
                // and clients such as @kafkajs/confluent-schema-registry read it before registering.
                .get("/config", json(call -> compatibilityLevel()))
                .get("/config/{subject}", json(call -> compatibilityLevel()));
    }

    /** Confluent's error form for every error, the HTTP layer's included. */
    static Errors errors() {
        return new Errors() {
            @Override
            public Reply reply(int status, String message) {
                return switch (status) {
                    case 404 -> error(404, 404, "HTTP 404 Not Found");
                    case 405 -> error(405, 405, "HTTP 405 Method Not Allowed");
                    default -> error(status, status, message);
                };
            }

            @Override
            public Reply reply(Exception e) {
                if (e instanceof RegistryError r) {
                    return error(r.status(), r.errorCode(), r.getMessage());
                }
                LOG.error("Schema registry failed", e);
                return error(500, 500, "Internal server error: " + e);
            }
        };
    }

    /** An endpoint answering a JSON tree. */
    private interface JsonEndpoint {
        JsonNode answer(Call call) throws IOException;
    }

    private static Endpoint json(JsonEndpoint endpoint) {
        return call -> Reply.of(200, CONTENT_TYPE, JSON.writeValueAsBytes(endpoint.answer(call)));
    }

    private static ObjectNode compatibilityLevel() {
        return JSON.createObjectNode().put("compatibilityLevel", SchemaStore.COMPATIBILITY_LEVEL);
    }

    /** A schema as a request names it: its type (AVRO when not given) and its text. */
    private record SchemaText(String type, String text) {}

    /** The schema of a request body {"schema": "...", "schemaType": "AVRO", "references": []}. */
    private static SchemaText schemaText(Call call) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(call.body());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw RegistryError.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw RegistryError.badRequest("Request body must be a JSON object like {\"schema\": \"...\"}");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!SchemaStore.TYPES.contains(type)) {
            throw RegistryError.invalidSchema("schema type " + type + " is not one of " + SchemaStore.TYPES);
        }
        if (!request.path("references").isMissingNode() && !request.path("references").isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported");
        }
        JsonNode schema = request.path("schema");
        if (!schema.isTextual()) {
            throw RegistryError.invalidSchema("the request has no \"schema\" string");
        }
        return new SchemaText(type, schema.asText());
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.noSuchPath(); // as Confluent's router: a non-numeric id matches no route
        }
    }

    private static ObjectNode version(SchemaStore.Version v) {
        return withType(JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schema", v.schema()), v.type());
    }

    /** As Confluent's registry: {@code schemaType} only for a schema that is not Avro, the default. */
    private static ObjectNode withType(ObjectNode answer, String type) {
        return type.equals(SchemaStore.AVRO) ? answer : answer.put("schemaType", type);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static Reply error(int status, int errorCode, String message) {
        ObjectNode body = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        try {
            return Reply.of(status, CONTENT_TYPE, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
