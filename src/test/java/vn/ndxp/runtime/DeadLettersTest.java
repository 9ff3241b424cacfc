package vn.ndxp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.runtime.DeadLetters.DeadLetter;

class DeadLettersTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aResentRecordIsTheOriginalWithItsOwnHeadersAndAPointerBack() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", utf8("00-abc"));
        headers.add(DeadLetterHeaders.REASON, utf8("unknown-agency"));
        headers.add(DeadLetterHeaders.DETAIL, utf8("unknown-agency: providerAgency \"XYZ\" is not in the catalog"));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8("ndxp.exchange-events"));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8("3"));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8("17"));
        headers.add(DeadLetterHeaders.RESENT_FROM, utf8("0/2"));
        DeadLetter letter = new DeadLetter(0, 42, 1_700_000_000_000L, utf8("k"), utf8("v"), headers);

        assertThat(letter.reason()).isEqualTo("unknown-agency");
        assertThat(letter.detail()).isEqualTo("providerAgency \"XYZ\" is not in the catalog");
        assertThat(letter.source()).isEqualTo("ndxp.exchange-events/3/17");

        ProducerRecord<byte[], byte[]> again = letter.toResend("ndxp.exchange-events");
        assertThat(again.topic()).isEqualTo("ndxp.exchange-events");
        assertThat(again.key()).isEqualTo(utf8("k"));
        assertThat(again.value()).isEqualTo(utf8("v"));
        assertThat(again.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(again.partition()).as("partitioned by key, like the original").isNull();
        assertThat(again.headers().toArray()).extracting(h -> h.key())
                .containsExactly("traceparent", DeadLetterHeaders.RESENT_FROM);
        assertThat(again.headers().lastHeader(DeadLetterHeaders.RESENT_FROM).value()).isEqualTo(utf8("0/42"));
    }
}
