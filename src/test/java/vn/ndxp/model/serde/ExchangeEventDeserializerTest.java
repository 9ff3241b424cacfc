package vn.ndxp.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static vn.ndxp.model.serde.AvroFrames.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.testing.InMemorySchemaRegistry;

/** The fast path must read exactly what Avro reads, and leave every error to Avro. */
class ExchangeEventDeserializerTest {
    private static final String TOPIC = Topics.EXCHANGE_EVENTS;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> avro = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final Serde<DataExchangeEvent> serde = ExchangeEventDeserializer.serde(registry);
    private final Deserializer<DataExchangeEvent> fast = serde.deserializer();

    private static DataExchangeEvent event(String id, String service, ExchangeStatus status, long bytes) {
        return new DataExchangeEvent(id, Instant.parse("2024-04-24T02:03:04.567Z"), "BCA", "BCA_CSDLQGDC", "BTP",
                "BTP_HTTP", service, status, 1234, bytes, -7L, "NDXP");
    }

    @Test
    void readsEverySimulatedEventAsAvroDoes() {
        Simulation simulation = new Simulation(CatalogLoader.builtIn(),
                new SimulationOptions(LocalDate.of(2024, 4, 24), 1, 1, 20_000, 0, List.of()));
        int n = 0;
        while (simulation.hasNext()) {
            DataExchangeEvent e = simulation.next().event();
            byte[] bytes = avro.serialize(TOPIC, e);
            assertThat(fast.deserialize(TOPIC, bytes)).isEqualTo(avro.deserialize(TOPIC, bytes)).isEqualTo(e);
            n++;
        }
        assertThat(n).isGreaterThan(15_000);
    }

    @Test
    void readsExtremeValuesAndTextAsAvroDoes() {
        List<DataExchangeEvent> events = new ArrayList<>();
        events.add(event("", "", ExchangeStatus.REJECTED, Long.MAX_VALUE));
        events.add(event("Sự kiện-😀", "DỊCH_VỤ", ExchangeStatus.SUCCESS, Long.MIN_VALUE));
        DataExchangeEvent e = event("e-3", "S".repeat(100_000), ExchangeStatus.TIMEOUT, 0);
        e.setDurationMs(Integer.MIN_VALUE);
        e.setRequestTime(Instant.ofEpochMilli(-1));
        events.add(e);
        for (DataExchangeEvent x : events) {
            byte[] bytes = avro.serialize(TOPIC, x);
            assertThat(fast.deserialize(TOPIC, bytes)).isEqualTo(avro.deserialize(TOPIC, bytes)).isEqualTo(x);
        }
    }

    @Test
    void eachCodeIsOneSharedString() {
        DataExchangeEvent a = fast.deserialize(TOPIC, avro.serialize(TOPIC, event("a", "BTP_HT_01", ExchangeStatus.SUCCESS, 1)));
        DataExchangeEvent b = fast.deserialize(TOPIC, avro.serialize(TOPIC, event("b", "BTP_HT_01", ExchangeStatus.SUCCESS, 1)));
        DataExchangeEvent c = fast.deserialize(TOPIC, avro.serialize(TOPIC, event("c", "BTP_HT_01", ExchangeStatus.SUCCESS, 1)));

        assertThat(c.getServiceCode()).isSameAs(b.getServiceCode());
        assertThat(c.getProviderSystem()).isSameAs(b.getProviderSystem());
        assertThat(c.getGateway()).isSameAs(b.getGateway());
        // The first record of a schema id takes Avro's path.
        assertThat(a.getServiceCode()).isEqualTo(b.getServiceCode()).isNotSameAs(b.getServiceCode());
    }

    @Test
    void theCodesItIsGivenAreHandedOutAsTheVeryInstances() {
        String service = new String("BTP_HT_01".toCharArray());
        Deserializer<DataExchangeEvent> seeded = ExchangeEventDeserializer.serde(registry, List.of(service)).deserializer();
        seeded.deserialize(TOPIC, avro.serialize(TOPIC, event("a", "BTP_HT_01", ExchangeStatus.SUCCESS, 1)));

        DataExchangeEvent b = seeded.deserialize(TOPIC, avro.serialize(TOPIC, event("b", "BTP_HT_01", ExchangeStatus.SUCCESS, 1)));

        assertThat(b.getServiceCode()).isSameAs(service);
    }

    @Test
    void everyBrokenRecordGetsAvrosDiagnosis() {
        byte[] valid = avro.serialize(TOPIC, event("e-1", "BTP_HT_01", ExchangeStatus.SUCCESS, 1));
        fast.deserialize(TOPIC, valid); // the schema id is now known to be the reader's own
        int id = ConfluentAvroSerde.schemaIdOf(valid);
        byte[] badStatus = valid.clone();
        badStatus[statusOffset(valid)] = 10; // zig-zag 5: one past the last status
        List<byte[]> broken = List.of(
                Arrays.copyOf(valid, valid.length - 1),
                Arrays.copyOf(valid, valid.length + 1),
                badStatus,
                frame(id, new byte[] {5, 'a', 'b'}),
                frame(id, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}),
                frame(id + 1000, Arrays.copyOfRange(valid, 5, valid.length)),
                new byte[] {1, 0, 0, 0, 1},
                new byte[] {0, 0});
        for (byte[] bytes : broken) {
            WireFormatException expected = catchThrowableOfType(WireFormatException.class, () -> avro.deserialize(TOPIC, bytes));
            WireFormatException actual = catchThrowableOfType(WireFormatException.class, () -> fast.deserialize(TOPIC, bytes));
            assertThat(actual).as(Arrays.toString(bytes)).isNotNull();
            assertThat(actual.reason()).isEqualTo(expected.reason());
            assertThat(actual).hasMessage(expected.getMessage());
        }
        assertThat(fast.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void anotherWriterSchemaIsResolvedByAvro() {
        DataExchangeEvent expected = event("e-2", "BTP_HT_01", ExchangeStatus.CLIENT_ERROR, 5);
        byte[] bytes = AvroFrames.withNewerWriterSchema(registry, expected);

        // Twice: the second time the schema id is known, and known not to be the reader's own.
        assertThat(fast.deserialize(TOPIC, bytes)).isEqualTo(expected);
        assertThat(fast.deserialize(TOPIC, bytes)).isEqualTo(expected);
    }

    @Test
    void theCodeTableStopsGrowingAtItsBound() {
        ExchangeEventDeserializer.CodeTable table = new ExchangeEventDeserializer.CodeTable(List.of());
        int n = ExchangeEventDeserializer.MAX_CACHED_CODES + 100;
        for (int i = 0; i < n; i++) {
            byte[] code = ("C" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(table.get(code, 0, code.length)).isEqualTo("C" + i);
        }
        assertThat(table.size()).isEqualTo(ExchangeEventDeserializer.MAX_CACHED_CODES);
        byte[] first = "xxC0yy".getBytes(StandardCharsets.UTF_8);
        assertThat(table.get(first, 2, 2)).isEqualTo("C0");
    }

    /** The byte offset of the status in a framed event of {@link #event}: after the header and seven fields. */
    private static int statusOffset(byte[] framed) {
        ByteBuffer b = ByteBuffer.wrap(framed, 5, framed.length - 5);
        skipString(b);
        readVarint(b);
        for (int i = 0; i < 5; i++) {
            skipString(b);
        }
        return b.position();
    }

    private static void skipString(ByteBuffer b) {
        long n = readVarint(b);
        b.position(b.position() + (int) ((n >>> 1) ^ -(n & 1)));
    }

    private static long readVarint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
