package vn.ndxp.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry over real HTTP, checked against the answers of Confluent's registry. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "ndxp.test-events-value";
    private static final String V1 = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"a","type":"string"}]}""";
    // V1 with a field that has a default: readers of V2 can read V1 data (BACKWARD).
    private static final String V2 = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int","default":0}]}""";
    // A new field without a default: V3 readers cannot read V1 data.
    private static final String NEW_REQUIRED_FIELD = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"a","type":"string"},
             {"name":"c","type":"long"}]}""";
    private static final String CHANGED_TYPE = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"a","type":"int"}]}""";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedSchemaRegistry registry;

    /** An HTTP answer: status, content type and the parsed JSON body. */
    private record Answer(int status, String contentType, JsonNode body) {
        int errorCode() {
            return body.path("error_code").asInt(-1);
        }
    }

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registeringReturnsAnIdAndTheSameIdAgain() throws Exception {
        Answer first = register(SUBJECT, V1);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id = first.body().get("id").asInt();
        assertThat(id).isPositive();

        assertThat(register(SUBJECT, V1).body().get("id").asInt()).isEqualTo(id);
        // Whitespace does not make a schema new.
        assertThat(register(SUBJECT, V1.replace(",", " ,\n ")).body().get("id").asInt()).isEqualTo(id);
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).hasSize(1);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectReusesTheGlobalId() throws Exception {
        int id = register(SUBJECT, V1).body().get("id").asInt();
        int other = register("other-value", V2).body().get("id").asInt();

        assertThat(register("third-value", V1).body().get("id").asInt()).isEqualTo(id);
        assertThat(other).isNotEqualTo(id);
        assertThat(get("/subjects").body()).extracting(JsonNode::asText)
                .containsExactly(SUBJECT, "other-value", "third-value");
    }

    @Test
    void servesSchemasByIdAndSubjectVersions() throws Exception {
        int id = register(SUBJECT, V1).body().get("id").asInt();

        Answer byId = get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(byId.body().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(V1));

        for (String version : List.of("latest", "-1", "1")) {
            Answer latest = get("/subjects/" + SUBJECT + "/versions/" + version);
            assertThat(latest.status()).isEqualTo(200);
            assertThat(latest.body().get("subject").asText()).isEqualTo(SUBJECT);
            assertThat(latest.body().get("version").asInt()).isEqualTo(1);
            assertThat(latest.body().get("id").asInt()).isEqualTo(id);
            assertThat(latest.body().get("schema").asText()).isEqualTo(byId.body().get("schema").asText());
        }
        assertThat(get("/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(get("/config/" + SUBJECT).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void lookUpFindsARegisteredSchemaUnderItsSubjectOnly() throws Exception {
        int id = register(SUBJECT, V1).body().get("id").asInt();

        Answer found = post("/subjects/" + SUBJECT, schemaBody(V1));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("id").asInt()).isEqualTo(id);
        assertThat(found.body().get("version").asInt()).isEqualTo(1);
        assertThat(found.body().get("subject").asText()).isEqualTo(SUBJECT);

        Answer missing = post("/subjects/" + SUBJECT, schemaBody(V2));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
        assertThat(post("/subjects/nobody-value", schemaBody(V1)).errorCode()).isEqualTo(40401);
    }

    @Test
    void incompatibleChangesAreRefusedWith409() throws Exception {
        register(SUBJECT, V1);

        for (String incompatible : List.of(NEW_REQUIRED_FIELD, CHANGED_TYPE)) {
            Answer refused = register(SUBJECT, incompatible);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo(409);
            assertThat(refused.body().get("message").asText())
                    .startsWith("Schema being registered is incompatible with an earlier schema for subject \""
                            + SUBJECT + "\", details: ");
        }
        assertThat(register(SUBJECT, NEW_REQUIRED_FIELD).body().get("message").asText())
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).hasSize(1);
    }

    @Test
    void aCompatibleChangeBecomesVersion2WithANewId() throws Exception {
        int first = register(SUBJECT, V1).body().get("id").asInt();

        Answer second = register(SUBJECT, V2);
        assertThat(second.status()).isEqualTo(200);
        int id = second.body().get("id").asInt();
        assertThat(id).isGreaterThan(first);

        Answer latest = get("/subjects/" + SUBJECT + "/versions/latest");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(id);
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(get("/subjects/" + SUBJECT + "/versions/1").body().get("id").asInt()).isEqualTo(first);
        // Re-registering an older version finds it instead of adding a version.
        assertThat(register(SUBJECT, V1).body().get("id").asInt()).isEqualTo(first);
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).hasSize(2);
    }

    @Test
    void compatibilityEndpointAnswersWithoutRegistering() throws Exception {
        register(SUBJECT, V1);
        String path = "/compatibility/subjects/" + SUBJECT + "/versions/latest";

        assertThat(post(path, schemaBody(V2)).body().get("is_compatible").asBoolean()).isTrue();
        assertThat(post(path, schemaBody(NEW_REQUIRED_FIELD)).body().get("is_compatible").asBoolean()).isFalse();
        assertThat(post(path, schemaBody(CHANGED_TYPE)).body().get("is_compatible").asBoolean()).isFalse();
        assertThat(post("/compatibility/subjects/new-value/versions/latest", schemaBody(CHANGED_TYPE))
                .body().get("is_compatible").asBoolean()).isTrue();
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).hasSize(1);
    }

    @Test
    void unknownThingsAre404WithConfluentErrorCodes() throws Exception {
        register(SUBJECT, V1);

        Answer noSchema = get("/schemas/ids/42");
        assertThat(noSchema.status()).isEqualTo(404);
        assertThat(noSchema.errorCode()).isEqualTo(40403);
        assertThat(noSchema.body().get("message").asText()).isEqualTo("Schema 42 not found");

        assertThat(get("/subjects/nobody-value/versions").errorCode()).isEqualTo(40401);
        assertThat(get("/subjects/nobody-value/versions/latest").errorCode()).isEqualTo(40401);
        Answer noVersion = get("/subjects/" + SUBJECT + "/versions/7");
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.errorCode()).isEqualTo(40402);
        assertThat(get("/subjects/" + SUBJECT + "/versions/first").errorCode()).isEqualTo(42202);
        assertThat(get("/nothing/here").status()).isEqualTo(404);
        assertThat(request("DELETE", "/subjects", null).status()).isEqualTo(405);
    }

    @Test
    void aMissIsAnsweredWithoutNaglesDelay() throws Exception {
        get("/schemas/ids/1"); // the connection and the handler's first run
        int misses = 200;
        long start = System.nanoTime();
        for (int i = 0; i < misses; i++) {
            assertThat(get("/schemas/ids/" + (1_000 + i)).errorCode()).isEqualTo(40403);
        }
        double msEach = (System.nanoTime() - start) / 1e6 / misses;
        // With Nagle's algorithm on, each answer waited about 40 ms for the client's delayed ACK;
        // without it, under 1 ms warm. The bound leaves room for a busy machine.
        assertThat(msEach).as("ms per miss").isLessThan(15);
    }

    @Test
    void jsonSchemaAndProtobufSchemasAreKeptAndServedWithTheirType() throws Exception {
        String jsonSchema = "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}";
        String proto = "syntax = \"proto3\"; message Ping { string a = 1; }";
        int jsonId = register("json-value", "JSON", jsonSchema).body().get("id").asInt();
        int protoId = register("proto-value", "PROTOBUF", proto).body().get("id").asInt();
        // The same text as Avro is another schema: {"type": "string"} is valid in both.
        int avroId = register("avro-value", "{\"type\": \"string\"}").body().get("id").asInt();
        int jsonStringId = register("json-string-value", "JSON", "{\"type\": \"string\"}").body().get("id").asInt();
        assertThat(List.of(jsonId, protoId, avroId, jsonStringId)).doesNotHaveDuplicates();
        assertThat(register("json-value", "JSON", jsonSchema.replace(" ", "")).body().get("id").asInt())
                .as("whitespace does not make a JSON schema new").isEqualTo(jsonId);

        registry.close();
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);
        JsonNode json = get("/schemas/ids/" + jsonId).body();
        assertThat(json.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(JSON.readTree(json.get("schema").asText())).isEqualTo(JSON.readTree(jsonSchema));
        assertThat(get("/schemas/ids/" + protoId).body().get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(get("/schemas/ids/" + avroId).body().has("schemaType")).as("Avro, the default, is not named").isFalse();
        assertThat(get("/subjects/proto-value/versions/latest").body().get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(register("json-value", V1).status()).as("a subject keeps its type").isEqualTo(409);
    }

    @Test
    void badRequestsGetJsonErrorsNotStackTraces() throws Exception {
        Answer notJson = post("/subjects/" + SUBJECT + "/versions", "{\"schema\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo(400);
        assertThat(notJson.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");

        Answer notASchema = register(SUBJECT, "{\"type\":\"record\",\"name\":\"X\"}");
        assertThat(notASchema.status()).isEqualTo(422);
        assertThat(notASchema.errorCode()).isEqualTo(42201);

        assertThat(post("/subjects/" + SUBJECT + "/versions", "{}").errorCode()).isEqualTo(42201);
        assertThat(post("/subjects/" + SUBJECT + "/versions", "[1]").status()).isEqualTo(400);
        Answer xml = post("/subjects/" + SUBJECT + "/versions",
                JSON.createObjectNode().put("schema", "<xs:schema/>").put("schemaType", "XML").toString());
        assertThat(xml.errorCode()).isEqualTo(42201);
        assertThat(register(SUBJECT, "JSON", "{\"type\": ").errorCode()).as("JSON Schema that is not JSON").isEqualTo(42201);
        assertThat(get("/subjects").body()).isEmpty();
    }

    @Test
    void aFailedSaveIsA500JsonErrorAndTheIdIsNotHandedOut() throws Exception {
        // A non-empty directory where the state file goes makes the atomic rename fail.
        Path blocker = Files.createDirectories(dataDir.resolve(SchemaStore.FILE_NAME).resolve("blocker"));

        Answer failed = register(SUBJECT, V1);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorCode()).isEqualTo(500);
        assertThat(failed.body().get("message").asText()).contains("Cannot save").doesNotContain("\tat ");
        assertThat(get("/subjects").body()).isEmpty();

        Files.delete(blocker);
        Files.delete(blocker.getParent());
        assertThat(register(SUBJECT, V1).body().get("id").asInt()).isEqualTo(1);
    }

    @Test
    void idsSurviveARestartOnTheSameDataDir() throws Exception {
        int first = register(SUBJECT, V1).body().get("id").asInt();
        int second = register("other-value", V2).body().get("id").asInt();
        registry.close();

        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);

        assertThat(new Schema.Parser().parse(get("/schemas/ids/" + first).body().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertThat(register(SUBJECT, V1).body().get("id").asInt()).isEqualTo(first);
        assertThat(register("other-value", V2).body().get("id").asInt()).isEqualTo(second);
        int third = register(SUBJECT, V2).body().get("id").asInt();
        assertThat(third).isEqualTo(second); // a known schema keeps its global id under a new subject
        String v3 = V2.replace("]}", ",{\"name\":\"d\",\"type\":\"string\",\"default\":\"\"}]}");
        assertThat(register(SUBJECT, v3).body().get("id").asInt()).isGreaterThan(second);
        assertThat(get("/subjects/" + SUBJECT + "/versions").body()).hasSize(3);
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(SchemaStore.FILE_NAME);
        }
    }

    @Test
    void subjectNamesArePercentDecoded() throws Exception {
        String subject = "odd subject/with+chars.value";
        String encoded = "odd%20subject%2Fwith+chars.value";

        assertThat(post("/subjects/" + encoded + "/versions", schemaBody(V1)).status()).isEqualTo(200);

        assertThat(get("/subjects").body()).extracting(JsonNode::asText).containsExactly(subject);
        assertThat(get("/subjects/" + encoded + "/versions/latest").body().get("subject").asText()).isEqualTo(subject);
    }

    @Test
    void concurrentRegistrationsGetDistinctIdsThatAllSurvive() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String subject = "s" + i + "-value";
            String schema = V1.replace("Ping", "Ping" + i);
            calls.add(() -> register(subject, schema).body().get("id").asInt());
        }
        List<Integer> ids = new ArrayList<>();
        try {
            for (Future<Integer> id : pool.invokeAll(calls)) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= 1 && id <= 24);
        registry.close();
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);
        for (int id : ids) {
            assertThat(get("/schemas/ids/" + id).status()).isEqualTo(200);
        }
    }

    private Answer register(String subject, String schema) throws IOException, InterruptedException {
        return post("/subjects/" + subject + "/versions", schemaBody(schema));
    }

    private Answer register(String subject, String type, String schema) throws IOException, InterruptedException {
        return post("/subjects/" + subject + "/versions",
                JSON.createObjectNode().put("schema", schema).put("schemaType", type).toString());
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return request("GET", path, null);
    }

    private Answer post(String path, String body) throws IOException, InterruptedException {
        return request("POST", path, body);
    }

    private Answer request(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                JSON.readTree(response.body()));
    }
}
