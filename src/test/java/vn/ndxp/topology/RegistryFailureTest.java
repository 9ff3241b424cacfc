package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.ndxp.topology.InputHygieneDriver.MORNING;
import static vn.ndxp.topology.InputHygieneDriver.header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryException;
import vn.ndxp.testing.Events;

/** What a registry outage, a slow or restarting registry and a schema of another kind do to the counting: never a good event in the dead letters. */
class RegistryFailureTest {
    @TempDir
    Path stateDir;
    @AutoClose
    private InputHygieneDriver t;

    @Test
    void aRegistryOutageFailsProcessingInsteadOfSendingGoodEventsToTheDeadLetters() {
        t = new InputHygieneDriver(stateDir, writers -> lookups(id -> {
            throw new SchemaRegistryException("registry down", "http://registry", SchemaRegistryException.NO_RESPONSE, -1, null);
        }));
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);

        assertThatThrownBy(() -> t.send(e)).hasRootCauseInstanceOf(SchemaRegistryException.class);
        assertThat(t.dlq.isEmpty()).isTrue();
        assertThat(t.total("VPCP/consumer/2024-04-24")).isZero();
        assertThat(t.hygieneEntry(HygieneKeys.rejected("unknown-schema-id"))).isNull();
    }

    @Test
    void aSlowRegistryHoldsTheThreadNoLongerThanTheDeadline() {
        int[] calls = {0};
        t = new InputHygieneDriver(stateDir, writers -> lookups(id -> {
            calls[0]++;
            // As the REST client against a registry that never answers: each request takes its full timeout.
            try {
                Thread.sleep(RestSchemaRegistryClient.REQUEST_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SchemaRegistryException("timed out", "http://registry", SchemaRegistryException.NO_RESPONSE, -1, null);
        }));
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);

        long start = System.nanoTime();
        assertThatThrownBy(() -> t.send(e)).hasRootCauseInstanceOf(SchemaRegistryException.class);
        Duration held = Duration.ofNanos(System.nanoTime() - start);

        assertThat(held).isLessThanOrEqualTo(Duration.ofMillis(EventClassifier.REGISTRY_DEADLINE_MS));
        assertThat(calls[0]).as("retried in place while an attempt still fits").isEqualTo(2);
        assertThat(t.dlq.isEmpty()).isTrue();
    }

    @Test
    void aSchemaIdOfAnotherFormatOrTypeIsDeadLetteredAsUndecodable() {
        t = new InputHygieneDriver(stateDir);
        int jsonId = t.registry.registerForeign("JSON");
        int stringId = t.registry.register("strings-value", Schema.create(Schema.Type.STRING));
        byte[] body = {2, 'x'};
        t.input.pipeInput("a".getBytes(StandardCharsets.UTF_8), frame(jsonId, body));
        t.input.pipeInput("b".getBytes(StandardCharsets.UTF_8), frame(stringId, body));
        t.send(Events.event("VPCP", "BCA", MORNING));

        List<TestRecord<byte[], byte[]>> dead = t.dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON)).containsExactly("undecodable", "undecodable");
        assertThat(header(dead.get(0), DeadLetterHeaders.DETAIL)).isEqualTo("undecodable: schema id " + jsonId + " is a JSON schema, not Avro");
        assertThat(t.hygiene(HygieneKeys.rejected("undecodable"))).isEqualTo(2);
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aRegistryBlipIsRiddenOutInPlace() {
        int[] calls = {0};
        t = new InputHygieneDriver(stateDir, writers -> new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return writers.register(subject, schema);
            }

            @Override
            public Schema schemaById(int id) {
                if (calls[0]++ < 2) {
                    throw new SchemaRegistryException("restarting", "http://registry", 503, -1, null);
                }
                return writers.schemaById(id);
            }
        });
        t.send(Events.event("VPCP", "BCA", MORNING));

        assertThat(calls[0]).isEqualTo(3);
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(t.dlq.isEmpty()).isTrue();
    }

    /** A registry for reading only, answering lookups with {@code schemaById}. */
    private static SchemaRegistryClient lookups(IntFunction<Schema> schemaById) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Schema schemaById(int id) {
                return schemaById.apply(id);
            }
        };
    }

    private static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(ConfluentAvroSerde.HEADER_SIZE + body.length)
                .put(ConfluentAvroSerde.MAGIC_BYTE).putInt(schemaId).put(body).array();
    }
}
