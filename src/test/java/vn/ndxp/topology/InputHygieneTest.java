package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.topology.InputHygieneDriver.MORNING;
import static vn.ndxp.topology.InputHygieneDriver.NOW;
import static vn.ndxp.topology.InputHygieneDriver.copy;
import static vn.ndxp.topology.InputHygieneDriver.event;
import static vn.ndxp.topology.InputHygieneDriver.header;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.testing.BadInput;
import vn.ndxp.testing.Events;

/** Dead letters and their reasons, and the clocks set aside; redeliveries are in {@link RedeliveryTest}, registry failures in {@link RegistryFailureTest}. */
class InputHygieneTest {
    @TempDir
    Path stateDir;
    @AutoClose
    private InputHygieneDriver t;

    @Test
    void everyKindOfBadInputGoesToTheDeadLettersWithItsReasonAndTheValidOnesCountExactly() {
        t = new InputHygieneDriver(stateDir);
        DataExchangeEvent valid = Events.event("VPCP", "BCA", MORNING);
        Map<String, byte[]> corpus = BadInput.corpus(t::bytes, NOW, NOW);
        assertThat(corpus.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(RejectReason.values())
                .map(RejectReason::code).filter(r -> !BadInput.SITUATIONAL.contains(r)).toList());

        List<String> sentReasons = new ArrayList<>(corpus.keySet());
        for (String reason : sentReasons) {
            t.send(Events.event("HNI", "BTC", MORNING));
            t.input.pipeInput(("key-" + reason).getBytes(StandardCharsets.UTF_8), corpus.get(reason));
        }
        t.send(valid);

        Map<String, TestRecord<byte[], byte[]>> byReason = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : t.dlq.readRecordsToList()) {
            byReason.put(header(r, DeadLetterHeaders.REASON), r);
        }
        assertThat(byReason.keySet()).containsExactlyInAnyOrderElementsOf(sentReasons);
        byReason.forEach((reason, r) -> {
            assertThat(r.value()).as(reason).isEqualTo(corpus.get(reason));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + reason);
            assertThat(header(r, DeadLetterHeaders.DETAIL)).as(reason).startsWith(reason + ": ");
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.EXCHANGE_EVENTS);
            assertThat(Long.parseLong(header(r, DeadLetterHeaders.SOURCE_OFFSET))).isNotNegative();
            assertThat(t.hygiene(HygieneKeys.rejected(reason))).as(reason).isEqualTo(1);
        });
        assertThat(header(byReason.get("unknown-agency"), DeadLetterHeaders.DETAIL)).contains("consumerAgency \"XYZ\"");
        assertThat(header(byReason.get("agency-mismatch"), DeadLetterHeaders.DETAIL))
                .contains("consumerSystem VPCP_DVCQG belongs to agency VPCP");
        assertThat(header(byReason.get("service-mismatch"), DeadLetterHeaders.DETAIL)).contains("BCA_CCCD");
        assertThat(t.total("HNI/consumer/2024-04-24")).isEqualTo(corpus.size());
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(t.total("BCA/provider/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aRejectedEventMovesNoClockAndIsNotRememberedSoItsFixedCopyCounts() {
        t = new InputHygieneDriver(stateDir);
        DataExchangeEvent future = event(e -> e.setRequestTime(NOW.plus(Duration.ofDays(3))));
        t.send(future);
        DataExchangeEvent unknown = event(e -> e.setConsumerAgency("XYZ"));
        t.send(unknown);
        t.send(Events.event("HNI", "BTC", MORNING));
        assertThat(t.hygiene(HygieneKeys.LATE)).as("a far-future event does not make the present late").isZero();

        DataExchangeEvent fixed = copy(unknown);
        fixed.setConsumerAgency("VPCP");
        t.send(fixed);
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(t.hygiene(HygieneKeys.DUPLICATE)).isZero();

        t.driver.advanceWallClockTime(Duration.ofDays(3)); // the future has come
        t.send(copy(future));
        assertThat(t.hygiene(HygieneKeys.rejected("future-time"))).isEqualTo(1);
        assertThat(t.total("VPCP/consumer/2024-04-27")).isEqualTo(1);
    }

    @Test
    void aRecordTooLargeToCopyOutGoesToTheDeadLettersAsAReference() {
        t = new InputHygieneDriver(stateDir);
        byte[] huge = new byte[1_048_400];
        Arrays.fill(huge, (byte) 'x'); // not the Confluent magic byte: bad-magic, then too large to copy
        t.input.pipeInput("huge".getBytes(StandardCharsets.UTF_8), huge);
        t.send(Events.event("VPCP", "BCA", MORNING));

        List<TestRecord<byte[], byte[]>> letters = t.dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        TestRecord<byte[], byte[]> reference = letters.get(0);
        assertThat(reference.value()).isNull();
        assertThat(new String(reference.key(), StandardCharsets.UTF_8)).isEqualTo("huge");
        assertThat(header(reference, DeadLetterHeaders.REASON)).isEqualTo("too-large");
        assertThat(header(reference, DeadLetterHeaders.ORIGINAL_REASON)).isEqualTo("bad-magic");
        assertThat(Long.parseLong(header(reference, DeadLetterHeaders.ORIGINAL_SIZE))).isGreaterThan(1_048_400);
        assertThat(header(reference, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(reference, DeadLetterHeaders.DETAIL)).contains("max.request.size (1048576)")
                .contains(Topics.EXCHANGE_EVENTS + "/0/0");
        assertThat(t.hygiene(HygieneKeys.rejected("too-large"))).isEqualTo(1);
        assertThat(t.hygiene(HygieneKeys.rejected("bad-magic"))).isZero();
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
    }

    @Test
    void aSystemWritingLocalTimeAsUtcIsSetAsideAndMovesNeitherTheDayNorLateness() {
        t = new InputHygieneDriver(stateDir);
        List<String> honest = List.of("VPCP", "HNI", "BTC", "BYT");
        Instant afternoon = Instant.parse("2024-04-24T09:00:00Z"); // 16:00 local
        int honestSent = 0;
        int skewedSent = 0;
        for (Instant at = afternoon; at.isBefore(Instant.parse("2024-04-24T17:00:00Z")); at = at.plus(Duration.ofMinutes(10))) {
            for (String agency : honest) {
                t.send(Events.event(agency, "BCA", at));
                honestSent++;
            }
            t.send(Events.event("BXD", "BCA", at.plus(Duration.ofHours(7)))); // its local time written as UTC
            skewedSent++;
        }

        for (String agency : honest) {
            assertThat(t.total(agency + "/consumer/2024-04-24")).as(agency).isEqualTo(honestSent / honest.size());
        }
        assertThat(t.total("BCA/provider/2024-04-24")).isEqualTo(honestSent);
        assertThat(t.total("BXD/consumer/2024-04-25")).isZero();
        assertThat(t.hygiene(HygieneKeys.LATE)).isZero();
        assertThat(t.hygiene(HygieneKeys.rejected("clock-ahead"))).isEqualTo(skewedSent);
        String system = Events.event("BXD", "BCA", afternoon).getConsumerSystem();
        assertThat(t.hygiene(HygieneKeys.clockAhead(system))).isEqualTo(Duration.ofHours(7).toMillis());
        TestRecord<byte[], byte[]> letter = t.dlq.readRecordsToList().get(0);
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains(system).contains("PT7H ahead of the platform's clock");

        // Its clock fixed, the system is in time again; and a day that the quorum has left behind turns t.late.
        t.send(Events.event("BXD", "BCA", Instant.parse("2024-04-24T16:55:00Z")));
        assertThat(t.hygiene(HygieneKeys.clockAhead(system))).isZero();
        for (String agency : honest) {
            t.send(Events.event(agency, "BCA", Instant.parse("2024-04-25T01:00:00Z"))); // 08:00 next day
        }
        t.send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T16:00:00Z")));
        assertThat(t.hygiene(HygieneKeys.LATE)).isEqualTo(1);
    }
}
