package vn.ndxp.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private long now = 1_000_000_000L;

    @Test
    void anAcceleratedClockSendsAnHourIn60SecondsAtSpeed60() {
        Pacer pacer = Pacer.accelerated(60, () -> now);
        long first = 1_713_924_000_000L;
        assertThat(pacer.delayNanos(first)).isZero();
        assertThat(pacer.delayNanos(first + 3_600_000)).isEqualTo(60_000_000_000L);
        now += 30_000_000_000L;
        assertThat(pacer.delayNanos(first + 3_600_000)).isEqualTo(30_000_000_000L);
        assertThat(pacer.delayNanos(first + 1_800_000)).as("due: half the hour took half the minute").isZero();
    }

    @Test
    void asFastAsPossibleNeverWaits() {
        assertThat(Pacer.asFastAsPossible().delayNanos(Long.MAX_VALUE / 2)).isZero();
    }
}
