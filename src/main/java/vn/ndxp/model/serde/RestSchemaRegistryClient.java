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
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} speaking the Confluent Schema Registry REST API over HTTP, so it
 * works against a real Confluent registry as well as {@code EmbeddedSchemaRegistry}.
 *
 * <p>Schema ids are immutable, so both answers are cached for the life of the client: each
 * (subject, schema) registration and each id lookup goes over the network once. An id the registry
 * does not know, or that names no Avro schema, is remembered as such for {@link #UNKNOWN_ID_TTL},
 * so that a flood of records naming it does not become a flood of requests; other failures are
 * not cached, so a registry that comes back is used again.
 *
 * <p>Each request is bounded by {@link #REQUEST_TIMEOUT}, connecting included: a lookup runs on a
 * stream thread, which a registry that is slow or gone must not hold for long.
 *
 * <p>Basic authentication and TLS come from the property names of Confluent's own client
 * ({@link RegistryClientConfig}); no message names a password.
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
    /** The longest one request may take, connecting included; a miss answers in about a millisecond. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /**
     * A registration, once per producer at its start, is not on a stream thread's path, and a
     * registry writes it to its store first (Confluent's: a Kafka topic): a registry slow to
     * answer then must not fail a simulator or load generator that has all the time it needs.
     */
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Confluent's registry omits {@code schemaType} for Avro, its default. */
    private static final String AVRO = "AVRO";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Registration(String subject, Schema schema) {}

    private final String baseUrl;
    private final String user;
    private final String authorization;
    private final HttpClient http;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Integer, Refusal> refusals = new ConcurrentHashMap<>();
    private final long unknownIdTtlNanos;

    /** An answer that condemns every record naming the id: not found, or not Avro. */
    private record Refusal(RuntimeException answer, long untilNanos) {}

    /** @param baseUrl e.g. {@code http://127.0.0.1:8081}; a trailing slash is ignored */
    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    /**
     * @param properties client properties under Confluent's names ({@link RegistryClientConfig}); others are ignored
     * @throws RegistryConfigException if the registry's settings among them are unusable
     */
    public RestSchemaRegistryClient(String baseUrl, Map<String, ?> properties) {
        this(RegistryClientConfig.of(baseUrl, properties), UNKNOWN_ID_TTL);
    }

    RestSchemaRegistryClient(RegistryClientConfig config, Duration unknownIdTtl) {
        this.unknownIdTtlNanos = unknownIdTtl.toNanos();
        this.baseUrl = config.url();
        this.user = config.user();
        this.authorization = config.authorization();
        // HTTP/1.1 as the registry speaks it: no h2c upgrade attempt for proxies to trip over.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
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
                    .timeout(REGISTER_TIMEOUT)
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
        Refusal refusal = refusals.get(id);
        if (refusal != null) {
            if (System.nanoTime() - refusal.untilNanos() < 0) {
                throw refusal.answer();
            }
            refusals.remove(id, refusal);
        }
        try {
            return fetchSchema(id);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                remember(id, e);
            }
            throw e;
        } catch (NotAvroSchemaException e) {
            remember(id, e);
            throw e;
        }
    }

    private void remember(int id, RuntimeException answer) {
        if (refusals.size() >= MAX_UNKNOWN_IDS) {
            refusals.clear(); // garbage naming random ids must not grow this without bound
        }
        refusals.put(id, new Refusal(answer, System.nanoTime() + unknownIdTtlNanos));
    }

    private Schema fetchSchema(int id) {
        return schemas.computeIfAbsent(id, i -> {
            HttpRequest request = request("/schemas/ids/" + id).GET().build();
            JsonNode answer = send(request, "Fetching schema id " + id,
                    "Schema id " + id + " not found in registry " + baseUrl);
            JsonNode schema = answer.path("schema");
            if (!schema.isTextual()) {
                // No Confluent registry answers so: this is not a registry (a wrong URL), not the record's fault.
                throw new SchemaRegistryException("Registry " + baseUrl + " answered schema id " + id
                        + " without a schema: " + abbreviate(answer.toString()), baseUrl, 200, -1, null);
            }
            String type = answer.path("schemaType").asText(AVRO);
            if (!type.equals(AVRO)) {
                throw new NotAvroSchemaException(id, "schema id " + id + " is a " + type + " schema, not Avro", null);
            }
            return parseAvro(id, schema.asText());
        });
    }

    private static Schema parseAvro(int id, String text) {
        try {
            // A fresh parser each time: a parser remembers named types and would reject a second definition.
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new NotAvroSchemaException(id, "schema id " + id + " does not parse as Avro: "
                    + abbreviate(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Fails if the registry answers that the credentials are wrong or missing (401, 403); any other
     * answer, or none, passes: a registry that is down now may be up by the time it is needed.
     *
     * @throws SchemaRegistryException on a 401 or 403
     */
    public void checkAccess() {
        try {
            send(request("/subjects").GET().build(), "Listing the subjects", null);
        } catch (SchemaRegistryException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw e;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", ACCEPT)
                .header("Content-Type", CONTENT_TYPE);
        return authorization == null ? builder : builder.header("Authorization", authorization);
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
        } catch (SSLException e) {
            throw noResponse(action + " failed: TLS with schema registry " + baseUrl + " failed (see "
                    + RegistryClientConfig.PREFIX + "ssl.*): " + e.getMessage(), e);
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
                        + (errorCode < 0 ? "" : " (error " + errorCode + ")") + ": " + abbreviate(serverMessage)
                        + refusal(status);
        throw new SchemaRegistryException(message, baseUrl, status, errorCode, null);
    }

    /** What a 401 or 403 means for the settings; empty for other statuses. */
    private String refusal(int status) {
        if (status == 401) {
            return user == null
                    ? " (the registry wants credentials: set " + RegistryClientConfig.CREDENTIALS_SOURCE + "=USER_INFO and "
                            + RegistryClientConfig.USER_INFO + "=user:password)"
                    : " (the registry refused the password of user \"" + user + "\")";
        }
        if (status == 403) {
            return " (" + (user == null ? "no user" : "user \"" + user + "\"") + " may not do this)";
        }
        return "";
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
