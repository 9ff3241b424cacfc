package vn.ndxp.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/** Why {@link AvroTrust} replaces Avro's global class predicate instead of setting a system property. */
class AvroTrustTest {

    private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    @Test
    void avroOutOfTheBoxRefusesToInstantiateGeneratedClasses() throws IOException {
        assumeTrue(System.getProperty(PROPERTY) == null, "the JVM was started with " + PROPERTY);
        byte[] bytes = encode(ConfluentAvroSerdeTest.event("e-1"));
        ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT);
        try {
            assertThatThrownBy(() -> decodeWithFreshClassCache(bytes))
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("Forbidden vn.ndxp.model.avro.DataExchangeEvent");
        } finally {
            ClassSecurityValidator.setGlobal(before);
        }
    }

    @Test
    void theSystemPropertyIsIgnoredOnceAvroIsLoaded() {
        assumeTrue(System.getProperty(PROPERTY) == null, "the JVM was started with " + PROPERTY);
        ClassSecurityValidator.getGlobal(); // loads Avro's validator, which reads the property once
        System.setProperty(PROPERTY, AvroTrust.GENERATED_PACKAGE);
        try {
            assertThat(ClassSecurityValidator.SYSTEM_PROPERTIES.isTrusted(DataExchangeEvent.class)).isFalse();
        } finally {
            System.clearProperty(PROPERTY);
        }
    }

    @Test
    void trustGeneratedClassesTrustsThatPackageOnlyAndDecodingWorks() throws IOException {
        AvroTrust.trustGeneratedClasses();
        ClassSecurityPredicate installed = ClassSecurityValidator.getGlobal();
        AvroTrust.trustGeneratedClasses();

        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(installed);
        assertThat(installed.isTrusted(DataExchangeEvent.class)).isTrue();
        assertThat(installed.isTrusted(ExchangeStatus.class)).isTrue();
        assertThat(installed.isTrusted(String.class)).isTrue();
        assertThat(installed.isTrusted(Topics.class)).isFalse();
        assertThat(installed.isTrusted(java.io.File.class)).isFalse();
        DataExchangeEvent event = ConfluentAvroSerdeTest.event("e-2");
        assertThat(decodeWithFreshClassCache(encode(event))).isEqualTo(event);
    }

    private static byte[] encode(DataExchangeEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(DataExchangeEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Avro caches classes it has resolved; a fresh SpecificData makes it look the class up, and check trust, again. */
    private static DataExchangeEvent decodeWithFreshClassCache(byte[] bytes) throws IOException {
        SpecificData data = new SpecificData();
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        SpecificDatumReader<DataExchangeEvent> reader =
                new SpecificDatumReader<>(DataExchangeEvent.SCHEMA$, DataExchangeEvent.SCHEMA$, data);
        return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
