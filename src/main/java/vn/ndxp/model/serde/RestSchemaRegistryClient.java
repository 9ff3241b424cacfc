package vn.ndxp.model.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} speaking the Confluent Schema Registry REST API over HTTP, so it
 * works against a real Confluent registry as well as {@code EmbeddedSchemaRegistry}.
 *
 * <p>Schema ids are immutable, so both answers are cached for the life of the client: each
 * (subject, schema) registration and each id lookup goes over the network once. An id the registry
 * does not know is remembered as unknown for {@link #UNKNOWN_ID_TTL}, so that a flood of records
 * naming it does not become a flood of requests; other failures are not cached, so a registry
 * that comes back is used again.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Confluent's {@code error_code} for an unknown schema id. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // The Accept header of Confluent's own client: prefer the registry's media type, take plain JSON.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    /** How long an id the registry answered "not found" for is taken as unknown without asking again. */
    public static final Duration UNKNOWN_ID_TTL = Duration.ofSeconds(30);
    private static final int MAX_UNKNOWN_IDS = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Registration(String subject, Schema schema) {}

    private final String baseUrl;
    private final HttpClient http;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Integer, UnknownId> unknownIds = new ConcurrentHashMap<>();
    private final long unknownIdTtlNanos;

    private record UnknownId(SchemaRegistryException answer, long untilNanos) {}

    /** @param baseUrl e.g. {@code http://127.0.0.1:8081}; a trailing slash is ignored */
    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, UNKNOWN_ID_TTL);
    }

    RestSchemaRegistryClient(String baseUrl, Duration unknownIdTtl) {
        this.unknownIdTtlNanos = unknownIdTtl.toNanos();
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        // HTTP/1.1 as the registry speaks it: no h2c upgrade attempt for proxies to trip over.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The registry's base URL, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        // computeIfAbsent so that concurrent first uses make one request, not one per thread.
        return ids.computeIfAbsent(new Registration(subject, schema), r -> {
            String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            HttpRequest request = request("/subjects/" + encodeSegment(subject) + "/versions")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            JsonNode answer = send(request, "Registering a schema under subject \"" + subject + "\"", null);
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException("Registry " + baseUrl + " answered a registration under subject \""
                        + subject + "\" without an id: " + answer, baseUrl, 200, -1, null);
            }
            // The id now stands for this schema: spare the deserializer a lookup.
            schemas.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        UnknownId unknown = unknownIds.get(id);
        if (unknown != null) {
            if (System.nanoTime() - unknown.untilNanos() < 0) {
                throw unknown.answer();
            }
            unknownIds.remove(id, unknown);
        }
        try {
            return fetchSchema(id);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                if (unknownIds.size() >= MAX_UNKNOWN_IDS) {
                    unknownIds.clear(); // garbage naming random ids must not grow this without bound
                }
                unknownIds.put(id, new UnknownId(e, System.nanoTime() + unknownIdTtlNanos));
            }
            throw e;
        }
    }

    private Schema fetchSchema(int id) {
        return schemas.computeIfAbsent(id, i -> {
            HttpRequest request = request("/schemas/ids/" + id).GET().build();
            JsonNode answer = send(request, "Fetching schema id " + id,
                    "Schema id " + id + " not found in registry " + baseUrl);
            String text = answer.path("schema").asText(null);
            if (text == null) {
                throw new SchemaRegistryException("Registry " + baseUrl + " answered schema id " + id
                        + " without a schema: " + answer, baseUrl, 200, -1, null);
            }
            // A fresh parser each time: a parser remembers named types and would reject a second definition.
            return new Schema.Parser().parse(text);
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", ACCEPT)
                .header("Content-Type", CONTENT_TYPE);
    }

    /**
     * Sends the request and returns the JSON body of a 2xx answer; anything else becomes a
     * {@link SchemaRegistryException}, whose message is {@code notFound} for a 404 if that is given.
     */
    private JsonNode send(HttpRequest request, String action, String notFound) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw noResponse(action + " failed: schema registry " + baseUrl + " did not answer in time", e);
        } catch (ConnectException e) {
            throw noResponse(action + " failed: cannot connect to schema registry " + baseUrl
                    + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw noResponse(action + " failed: I/O error talking to schema registry " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noResponse(action + " at schema registry " + baseUrl + " was interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2 && body != null) {
            return body;
        }
        int errorCode = body == null ? -1 : body.path("error_code").asInt(-1);
        String serverMessage = body == null ? response.body() : body.path("message").asText(response.body());
        String message = status == 404 && notFound != null
                ? notFound + " (" + (errorCode < 0 ? "HTTP 404" : "error " + errorCode) + ")"
                : action + " at schema registry " + baseUrl + " failed: HTTP " + status
                        + (errorCode < 0 ? "" : " (error " + errorCode + ")") + ": " + abbreviate(serverMessage);
        throw new SchemaRegistryException(message, baseUrl, status, errorCode, null);
    }

    private SchemaRegistryException noResponse(String message, Throwable cause) {
        return new SchemaRegistryException(message, baseUrl, SchemaRegistryException.NO_RESPONSE, -1, cause);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // not JSON (a proxy's HTML error page, say): the caller reports the raw body
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    /** Percent-encodes one path segment; URLEncoder is for forms and writes a space as '+'. */
    static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
