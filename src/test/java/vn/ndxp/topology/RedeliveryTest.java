package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.topology.InputHygieneDriver.MORNING;
import static vn.ndxp.topology.InputHygieneDriver.copy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.testing.Events;

/** Redeliveries and late events: each eventId counted once, and the late topic gets an event once. */
class RedeliveryTest {
    @TempDir
    Path stateDir;
    @AutoClose
    private InputHygieneDriver t;

    @Test
    void theSameEventIdAgainIsCountedOnceAndCountedAsDuplicate() {
        t = new InputHygieneDriver(stateDir);
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        t.send(e);
        t.send(copy(e));
        DataExchangeEvent changed = copy(e);
        changed.setStatus(ExchangeStatus.TIMEOUT); // the first copy wins
        t.send(changed);
        t.send(Events.event("VPCP", "BCA", MORNING));

        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(2);
        assertThat(t.total("BCA/provider/2024-04-24")).isEqualTo(2);
        assertThat(t.count("BCA/provider/2024-04-24").getTimeout()).isZero();
        assertThat(t.hygiene(HygieneKeys.DUPLICATE)).isEqualTo(2);
        assertThat(t.dlq.isEmpty()).isTrue();
    }

    @Test
    void aKeyOtherThanTheEventIdStillDeduplicatesByTheValuesEventId() {
        t = new InputHygieneDriver(stateDir);
        DataExchangeEvent e = Events.event("VPCP", "BCA", MORNING);
        t.input.pipeInput("some-other-key".getBytes(StandardCharsets.UTF_8), t.bytes(e));
        t.input.pipeInput(null, t.bytes(copy(e)));

        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(t.hygiene(HygieneKeys.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void aRedeliveryIsEitherRecognisedOrLateSoNeverCountedTwice() {
        t = new InputHygieneDriver(stateDir);
        // The first minutes of the local day 2024-04-24 (17:00 UTC the day before).
        DataExchangeEvent early = Events.event("VPCP", "BCA", Instant.parse("2024-04-23T17:01:00Z"));
        t.send(early);
        // 29 h later by event time: the day has ended but its grace (6 h) has not.
        t.send(Events.event("HNI", "BTC", Instant.parse("2024-04-24T22:30:00Z")));
        t.send(copy(early));
        assertThat(t.hygiene(HygieneKeys.DUPLICATE)).as("recognised 29 h later").isEqualTo(1);
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);

        // Past the grace: a copy now is late whether or not its id is still remembered.
        t.driver.advanceWallClockTime(Duration.ofDays(2));
        t.send(Events.event("HNI", "BTC", Instant.parse("2024-04-25T23:00:00Z")));
        t.send(copy(early));
        assertThat(t.total("VPCP/consumer/2024-04-24")).isEqualTo(1);
        assertThat(t.hygiene(HygieneKeys.DUPLICATE) + t.hygiene(HygieneKeys.LATE)).isEqualTo(2);
    }

    @Test
    void aLateEventIsRememberedSoTheLateTopicGetsItOnce() {
        t = new InputHygieneDriver(stateDir);
        t.send(Events.event("VPCP", "BCA", Instant.parse("2024-04-24T23:30:00Z")));
        DataExchangeEvent straggler = Events.event("HNI", "BTC", Instant.parse("2024-04-24T10:00:00Z"));
        t.send(straggler);
        t.send(copy(straggler));

        assertThat(t.late.readRecordsToList()).hasSize(1);
        assertThat(t.hygiene(HygieneKeys.LATE)).isEqualTo(1);
        assertThat(t.hygiene(HygieneKeys.DUPLICATE)).isEqualTo(1);
    }
}
