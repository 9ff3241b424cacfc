package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceClockTest {
    private static final long HOUR = 3_600_000;
    private final SourceClock clock = new SourceClock(60_000);

    @Test
    void noClockBeforeAnyWatermark() {
        assertThat(clock.clock(0)).isEqualTo(SourceClock.NONE);
    }

    @Test
    void aPartitionHoursBehindIsWaitedForWhileItKeepsMoving() {
        clock.advance(0, 20 * HOUR, 1_000);
        clock.advance(1, 2 * HOUR, 1_000);
        assertThat(clock.clock(30_000)).isEqualTo(2 * HOUR);
        clock.advance(1, 3 * HOUR, 50_000);
        assertThat(clock.clock(100_000)).as("moved 50 s ago").isEqualTo(3 * HOUR);
    }

    @Test
    void aPartitionBehindThatStallsIsLeftOutUntilItMovesAgain() {
        clock.advance(0, 20 * HOUR, 0);
        clock.advance(1, 2 * HOUR, 0);
        clock.advance(0, 21 * HOUR, 59_000);
        assertThat(clock.clock(59_999)).isEqualTo(2 * HOUR);
        assertThat(clock.clock(60_000)).isEqualTo(21 * HOUR);
        assertThat(clock.advance(1, 2 * HOUR, 61_000)).as("not forward").isFalse();
        assertThat(clock.clock(61_000)).isEqualTo(21 * HOUR);
        assertThat(clock.advance(1, 4 * HOUR, 62_000)).isTrue();
        assertThat(clock.clock(62_000)).isEqualTo(4 * HOUR);
    }

    @Test
    void theNewestPartitionIsNeverIdleEvenWhenItStops() {
        clock.advance(0, 5 * HOUR, 0);
        clock.advance(1, 5 * HOUR, 0);
        assertThat(clock.clock(10 * 60_000)).isEqualTo(5 * HOUR);
    }

    @Test
    void restoredWatermarksAreWaitedForAgain() {
        clock.restore(0, 9 * HOUR, 100_000);
        clock.restore(1, 8 * HOUR, 100_000);
        assertThat(clock.clock(150_000)).isEqualTo(8 * HOUR);
        assertThat(clock.clock(160_000)).isEqualTo(9 * HOUR);
    }
}
