package vn.ndxp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import vn.ndxp.model.serde.SchemaRegistryClient;

/**
 * Schema ids that a registry knows but that do not name a {@code DataExchangeEvent}: what a
 * producer of another format, or of another type, puts in the Confluent header.
 */
public final class ForeignSchemas {
    /** Valid JSON Schema, and valid Avro text too: only its schemaType says it is not Avro. */
    public static final String JSON_SCHEMA = "{\"type\": \"string\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ForeignSchemas() {}

    /** Registers the Avro schema {@code "string"} under {@code subject} and returns its id. */
    public static int avroString(SchemaRegistryClient registry, String subject) {
        return registry.register(subject, Schema.create(Schema.Type.STRING));
    }

    /** Registers {@link #JSON_SCHEMA} as a JSON Schema, as Confluent's serializers for JSON do, and returns its id. */
    public static int jsonSchema(String registryUrl, String subject) {
        String body = JSON.createObjectNode().put("schemaType", "JSON").put("schema", JSON_SCHEMA).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Registering a JSON schema: HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("id").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
