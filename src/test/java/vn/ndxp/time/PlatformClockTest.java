package vn.ndxp.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformClockTest {
    private static final long H = 3_600_000;

    @Test
    void beforeAQuorumItIsTheNewestTimeSeen() {
        PlatformClock clock = new PlatformClock(3);
        assertThat(clock.now()).isEqualTo(PlatformClock.NONE);
        clock.observe("A", 10 * H);
        clock.observe("B", 9 * H);
        assertThat(clock.now()).isEqualTo(10 * H);
        assertThat(clock.hasQuorum()).isFalse();
    }

    @Test
    void oneOrTwoSystemsAheadCannotDragItForward() {
        PlatformClock clock = new PlatformClock(3);
        for (String s : new String[] {"A", "B", "C", "D"}) {
            clock.observe(s, 10 * H);
        }
        clock.observe("SKEWED", 17 * H);
        clock.observe("ALSO_SKEWED", 18 * H);
        assertThat(clock.now()).isEqualTo(10 * H);
        clock.observe("A", 11 * H);
        clock.observe("B", 11 * H);
        assertThat(clock.now()).as("the third newest: B or A").isEqualTo(11 * H);
        clock.observe("C", 12 * H);
        assertThat(clock.now()).as("A, B and C at 11 h or later, the skewed two ahead").isEqualTo(12 * H);
    }

    @Test
    void aQuorumThatMovesOnIsFollowedAndTheClockNeverGoesBack() {
        PlatformClock clock = new PlatformClock(3);
        clock.observe("A", 10 * H);
        clock.observe("B", 10 * H);
        clock.observe("C", 10 * H);
        clock.observe("A", 100 * H);
        clock.observe("B", 100 * H);
        assertThat(clock.now()).isEqualTo(10 * H);
        clock.observe("C", 100 * H);
        assertThat(clock.now()).isEqualTo(100 * H);
        clock.observe("D", 50 * H);
        clock.observe("E", 60 * H);
        assertThat(clock.now()).isEqualTo(100 * H);
    }

    @Test
    void itsStateSurvivesEncodingAndAnEarlierVersionsBareClockIsRead() {
        PlatformClock clock = new PlatformClock(3);
        clock.observe("A", 10 * H);
        clock.observe("B", 11 * H);
        clock.observe("C", 12 * H);
        clock.observe("SKEWED", 19 * H);
        PlatformClock restored = new PlatformClock(3);
        restored.restore(clock.encode());
        assertThat(restored.now()).isEqualTo(11 * H);
        assertThat(restored.hasQuorum()).isTrue();
        restored.observe("SKEWED", 20 * H);
        assertThat(restored.now()).isEqualTo(11 * H);

        PlatformClock old = new PlatformClock(3);
        old.restore(java.nio.ByteBuffer.allocate(8).putLong(42 * H).array());
        assertThat(old.now()).isEqualTo(42 * H);
        assertThat(old.hasQuorum()).isFalse();
    }
}
