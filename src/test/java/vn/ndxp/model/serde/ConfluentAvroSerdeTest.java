package vn.ndxp.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static vn.ndxp.model.serde.AvroFrames.avroBinary;
import static vn.ndxp.model.serde.AvroFrames.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;
import vn.ndxp.testing.ForeignSchemas;

/**
 * The serde against a real embedded registry over HTTP; the framing is checked with plain Avro and
 * the registry's own answers, not with the serde's code.
 */
class ConfluentAvroSerdeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = Topics.EXCHANGE_EVENTS;

    @TempDir
    static Path dataDir;

    private static EmbeddedSchemaRegistry registry;
    private static RestSchemaRegistryClient client;
    private static ConfluentAvroSerde<DataExchangeEvent> serde;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);
        client = new RestSchemaRegistryClient(registry.url());
        serde = ConfluentAvroSerde.forValues(client, DataExchangeEvent.class);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    static DataExchangeEvent event(String id) {
        return DataExchangeEvent.newBuilder()
                .setEventId(id)
                .setRequestTime(Instant.parse("2026-03-01T02:03:04.567Z"))
                .setConsumerAgency("BCA")
                .setConsumerSystem("BCA-CSDLQG-DC")
                .setProviderAgency("BTP")
                .setProviderSystem("BTP-HTTP")
                .setServiceCode("BTP-HT-01")
                .setStatus(ExchangeStatus.PROVIDER_ERROR)
                .setDurationMs(1234)
                .setRequestBytes(512)
                .setResponseBytes(0)
                .setGateway("NDXP")
                .build();
    }

    @Test
    void framesLikeConfluentWithTheIdTheRegistryAssigned() throws Exception {
        byte[] bytes = serde.serializer().serialize(TOPIC, event("e-1"));

        JsonNode latest = httpGet("/subjects/" + TOPIC + "-value/versions/latest");
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest.get("id").asInt());

        // The body is plain Avro binary of the schema in schemas/, readable without this project's code.
        Schema avsc = new Schema.Parser().parse(Path.of("schemas/DataExchangeEvent.avsc").toFile());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        GenericRecord body = new GenericDatumReader<GenericRecord>(avsc).read(null, decoder);
        assertThat(decoder.isEnd()).isTrue();
        assertThat(body.get("eventId")).hasToString("e-1");
        assertThat(body.get("requestTime")).isEqualTo(Instant.parse("2026-03-01T02:03:04.567Z").toEpochMilli());
        assertThat(body.get("status")).hasToString("PROVIDER_ERROR");
        assertThat(body.get("durationMs")).isEqualTo(1234);
        assertThat(body.get("gateway")).hasToString("NDXP");
    }

    @Test
    void roundTripsAndKeepsNullsNull() {
        DataExchangeEvent event = event("e-2");

        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event))).isEqualTo(event);
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void keySerdesUseTheKeySubject() throws Exception {
        ConfluentAvroSerde<DataExchangeEvent> keys = ConfluentAvroSerde.forKeys(client, DataExchangeEvent.class);

        byte[] bytes = keys.serializer().serialize("keyed-topic", event("e-3"));

        assertThat(ConfluentAvroSerde.schemaIdOf(bytes))
                .isEqualTo(httpGet("/subjects/keyed-topic-key/versions/latest").get("id").asInt());
        assertThat(httpGet("/subjects")).extracting(JsonNode::asText).doesNotContain("keyed-topic-value");
    }

    @Test
    void anUnknownSchemaIdIsRejectedNamingTheId() {
        byte[] bytes = frame(424242, new byte[] {2, 'x'});

        WireFormatException e = deserializeFailure(bytes);

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA);
        assertThat(e.reason().code()).isEqualTo("unknown-schema-id");
        assertThat(e).hasMessage("unknown-schema-id: schema id 424242 is not registered at " + registry.url());
    }

    @Test
    void aWrongMagicByteIsRejected() {
        WireFormatException e = deserializeFailure("{\"eventId\":\"e-4\"}".getBytes());

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.BAD_MAGIC);
        assertThat(e).hasMessage("bad-magic: first byte is 0x7b, expected 0x00 (Confluent wire format)");
    }

    @Test
    void bytesShorterThanTheHeaderAreRejected() {
        WireFormatException e = deserializeFailure(new byte[] {0, 0, 0});

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.TRUNCATED);
        assertThat(e).hasMessage("truncated: 3 bytes, the Confluent header alone needs 5");
        assertThat(deserializeFailure(new byte[0]).reason()).isEqualTo(WireFormatException.Reason.TRUNCATED);
    }

    @Test
    void garbageAfterAValidHeaderIsUndecodable() {
        byte[] valid = serde.serializer().serialize(TOPIC, event("e-5"));
        int id = ConfluentAvroSerde.schemaIdOf(valid);

        // 0x05 is a string length of -3 in Avro's zig-zag encoding.
        WireFormatException garbage = deserializeFailure(frame(id, new byte[] {5, 'a', 'b'}));
        assertThat(garbage.reason()).isEqualTo(WireFormatException.Reason.UNDECODABLE);
        assertThat(garbage).hasMessageStartingWith("undecodable: body is not a valid Avro record of schema id " + id);
        // A body cut short, and a valid body with bytes left over, are no better.
        assertThat(deserializeFailure(Arrays.copyOf(valid, valid.length - 3)).reason())
                .isEqualTo(WireFormatException.Reason.UNDECODABLE);
        assertThat(deserializeFailure(Arrays.copyOf(valid, valid.length + 1)))
                .hasMessage("undecodable: bytes left over after a complete record of schema id " + id);
    }

    @Test
    void aSchemaIdOfAnotherRecordTypeIsUndecodable() {
        int countId = client.register("counts-value", AgencyDailyCount.SCHEMA$);

        WireFormatException e = deserializeFailure(frame(countId, new byte[] {2, 'x'}));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNDECODABLE);
        assertThat(e).hasMessageContaining("schema id " + countId + " (vn.ndxp.model.avro.AgencyDailyCount)"
                + " cannot be read as vn.ndxp.model.avro.DataExchangeEvent");
    }

    @Test
    void aSchemaIdThatIsNotTheEventsTypeIsUndecodable() {
        int stringId = ForeignSchemas.avroString(client, "strings-value");
        int jsonId = ForeignSchemas.jsonSchema(registry.url(), "json-events-value");
        // The event's own fields under another record name: Avro resolves records by name.
        int renamedId = client.register("renamed-value", new Schema.Parser().parse(
                DataExchangeEvent.SCHEMA$.toString().replace("\"DataExchangeEvent\"", "\"SomethingElse\"")));
        byte[] framed = serde.serializer().serialize(TOPIC, event("e-9"));
        byte[] body = Arrays.copyOfRange(framed, ConfluentAvroSerde.HEADER_SIZE, framed.length);

        assertThat(deserializeFailure(frame(stringId, new byte[] {2, 'x'})))
                .hasMessageStartingWith("undecodable: schema id " + stringId + " (string) cannot be read as");
        assertThat(deserializeFailure(frame(jsonId, "\"x\"".getBytes())))
                .hasMessage("undecodable: schema id " + jsonId + " is a JSON schema, not Avro");
        assertThat(deserializeFailure(frame(renamedId, body)).reason()).isEqualTo(WireFormatException.Reason.UNDECODABLE);
        // Asked again, the answer is the same (and comes from the client's memory).
        assertThat(deserializeFailure(frame(jsonId, body)).reason()).isEqualTo(WireFormatException.Reason.UNDECODABLE);
    }

    @Test
    void aNegativeSchemaIdIsUnknown() {
        WireFormatException e = deserializeFailure(frame(-7, new byte[] {2, 'x'}));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA);
        assertThat(e).hasMessageStartingWith("unknown-schema-id: schema id -7 ");
    }

    @Test
    void recordsOfAnOlderWriterSchemaDecodeWithTheReadersDefaults() {
        // AgencyDailyCount as it might have been before "timeout" and "rejected" were added (both default 0).
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"AgencyDailyCount","namespace":"vn.ndxp.model.avro","fields":[
                 {"name":"agency","type":"string"},
                 {"name":"role","type":{"type":"enum","name":"Role","symbols":["CONSUMER","PROVIDER"]}},
                 {"name":"date","type":{"type":"int","logicalType":"date"}},
                 {"name":"total","type":"long"},
                 {"name":"success","type":"long","default":0},
                 {"name":"clientError","type":"long","default":0},
                 {"name":"providerError","type":"long","default":0}]}""");
        GenericRecord old = new GenericData.Record(older);
        old.put("agency", "BTP");
        old.put("role", new GenericData.EnumSymbol(older.getField("role").schema(), "PROVIDER"));
        old.put("date", (int) LocalDate.of(2026, 3, 1).toEpochDay());
        old.put("total", 10L);
        old.put("success", 7L);
        old.put("clientError", 2L);
        old.put("providerError", 1L);
        byte[] bytes = frame(client.register("ndxp.agency-daily-counts-value", older), avroBinary(older, old));

        AgencyDailyCount read = ConfluentAvroSerde.forValues(client, AgencyDailyCount.class)
                .deserializer().deserialize(Topics.AGENCY_DAILY_COUNTS, bytes);

        assertThat(read.getAgency()).isEqualTo("BTP");
        assertThat(read.getRole()).isEqualTo(Role.PROVIDER);
        assertThat(read.getDate()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(read.getTotal()).isEqualTo(10L);
        assertThat(read.getProviderError()).isEqualTo(1L);
        assertThat(read.getTimeout()).isZero();
        assertThat(read.getRejected()).isZero();
    }

    @Test
    void recordsOfANewerWriterSchemaDecodeIgnoringTheNewField() {
        DataExchangeEvent expected = event("e-6");
        byte[] bytes = AvroFrames.withNewerWriterSchema(client, expected);

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(expected);
    }

    @Test
    void oneSerdeServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + "-";
            calls.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    DataExchangeEvent event = event(prefix + i);
                    if (!event.equals(serde.deserialize(TOPIC, serde.serialize(TOPIC, event)))) {
                        return false;
                    }
                }
                return true;
            });
        }
        try {
            for (Future<Boolean> ok : pool.invokeAll(calls)) {
                assertThat(ok.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static WireFormatException deserializeFailure(byte[] bytes) {
        return catchThrowableOfType(WireFormatException.class, () -> serde.deserializer().deserialize(TOPIC, bytes));
    }

    private static JsonNode httpGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
