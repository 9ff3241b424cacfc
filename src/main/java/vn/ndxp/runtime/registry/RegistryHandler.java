package vn.ndxp.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Confluent Schema Registry REST subset onto a {@link SchemaStore}: parses the path and
 * JSON body, answers JSON with Confluent's media type, and turns every failure into a JSON error
 * body ({@code error_code}, {@code message}), never an HTML page or a dropped connection.
 */
final class RegistryHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;

    RegistryHandler(SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        JsonNode body;
        try {
            body = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()), exchange);
        } catch (RegistryError e) {
            status = e.status();
            body = error(e.errorCode(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = 500;
            body = error(500, "Internal server error: " + e);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JsonNode route(String method, List<String> path, HttpExchange exchange) throws IOException {
        String root = path.isEmpty() ? "" : path.get(0);
        int length = path.size();
        if (root.equals("subjects") && length == 1) {
            expect(method, "GET");
            return strings(store.subjects());
        }
        if (root.equals("subjects") && length == 2) {
            expect(method, "POST");
            SchemaText schema = schemaText(exchange);
            return version(store.lookup(path.get(1), schema.type(), schema.text()));
        }
        if (root.equals("subjects") && length == 3 && path.get(2).equals("versions")) {
            if (method.equals("POST")) {
                SchemaText schema = schemaText(exchange);
                return JSON.createObjectNode().put("id", store.register(path.get(1), schema.type(), schema.text()));
            }
            expect(method, "GET");
            ArrayNode versions = JSON.createArrayNode();
            store.versions(path.get(1)).forEach(versions::add);
            return versions;
        }
        if (root.equals("subjects") && length == 4 && path.get(2).equals("versions")) {
            expect(method, "GET");
            return version(store.version(path.get(1), path.get(3)));
        }
        if (root.equals("schemas") && length == 3 && path.get(1).equals("ids")) {
            expect(method, "GET");
            SchemaStore.Version schema = store.schemaById(schemaId(path.get(2)));
            return withType(JSON.createObjectNode().put("schema", schema.schema()), schema.type());
        }
        if (root.equals("compatibility") && length == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
            expect(method, "POST");
            SchemaText schema = schemaText(exchange);
            if (!schema.type().equals(SchemaStore.AVRO)) {
                throw RegistryError.invalidSchema("compatibility is checked for Avro schemas only");
            }
            return JSON.createObjectNode()
                    .put("is_compatible", store.isCompatible(path.get(2), path.get(4), schema.text()));
        }
        // Per subject too: every subject has the global level (as Confluent with defaultToGlobal=true),
        // and clients such as @kafkajs/confluent-schema-registry read it before registering.
        if (root.equals("config") && length <= 2) {
            expect(method, "GET");
            return JSON.createObjectNode().put("compatibilityLevel", SchemaStore.COMPATIBILITY_LEVEL);
        }
        throw RegistryError.noSuchPath();
    }

    /** A schema as a request names it: its type (AVRO when not given) and its text. */
    private record SchemaText(String type, String text) {}

    /** The schema of a request body {"schema": "...", "schemaType": "AVRO", "references": []}. */
    private static SchemaText schemaText(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in);
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

    private static void expect(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw RegistryError.methodNotAllowed();
        }
    }

    /** Path segments, percent-decoded one by one so that an encoded '/' stays inside its subject name. */
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                // URLDecoder is for forms; keep a literal '+' a plus sign, as in a URL path.
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
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

    private static ObjectNode error(int errorCode, String message) {
        return JSON.createObjectNode().put("error_code", errorCode).put("message", message);
    }
}
