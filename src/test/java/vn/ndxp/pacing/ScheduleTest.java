package vn.ndxp.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void speedSixtyPlaysARecordedHourInAMinute() {
        Schedule schedule = Schedule.speed(60, null);
        assertThat(schedule.dueNanos(0, 0)).isZero();
        assertThat(schedule.dueNanos(1800, 1_800_000)).isEqualTo(30 * S);
        assertThat(schedule.dueNanos(3600, 3_600_000)).isEqualTo(60 * S);
        assertThat(schedule.dueNanos(7, 1_000)).as("one recorded second").isCloseTo(S / 60, within(1L));
    }

    @Test
    void rateSpacesEventsEvenlyWhateverTheirRecordedTimes() {
        Schedule schedule = Schedule.rate(20_000, null);
        assertThat(schedule.dueNanos(0, 5_000)).isZero();
        assertThat(schedule.dueNanos(1, 0)).isEqualTo(50_000);
        assertThat(schedule.dueNanos(20_000, 99)).isEqualTo(S);
        assertThat(schedule.dueNanos(1_200_000, 0)).isEqualTo(60 * S);
        assertThat(schedule.targetRateAt(3 * S)).isEqualTo(20_000);
    }

    @Test
    void rampRisesLinearlyToTheTargetThenHoldsIt() {
        Schedule schedule = Schedule.rate(100, Duration.ofSeconds(10));
        // The ramp delivers the area under a line from 0 to 100/s over 10 s: 500 events.
        assertThat(schedule.dueNanos(500, 0)).isEqualTo(10 * S);
        // A quarter of that (125 events) by half-time: the rate rises linearly.
        assertThat(schedule.dueNanos(125, 0)).isEqualTo(5 * S);
        // Then 100/s exactly.
        assertThat(schedule.dueNanos(600, 0)).isEqualTo(11 * S);
        assertThat(schedule.dueNanos(10_500, 0)).isEqualTo(110 * S);
        assertThat(schedule.targetRateAt(0)).isZero();
        assertThat(schedule.targetRateAt(5 * S)).isEqualTo(50);
        assertThat(schedule.targetRateAt(20 * S)).isEqualTo(100);
        // Events per second during the ramp, second by second: 5, 15, 25, ... 95.
        for (int second = 0; second < 10; second++) {
            long n = countDueBefore(schedule, (second + 1) * S) - countDueBefore(schedule, second * S);
            assertThat(n).as("events in second %d", second).isCloseTo(10L * second + 5, within(1L));
        }
    }

    @Test
    void rampAppliesToSpeedToo() {
        Schedule schedule = Schedule.speed(60, Duration.ofSeconds(20));
        // 10 s of full speed work (600 recorded seconds) is done when the ramp ends.
        assertThat(schedule.dueNanos(0, 600_000)).isEqualTo(20 * S);
        assertThat(schedule.dueNanos(0, 3_600_000)).isEqualTo(70 * S);
    }

    @Test
    void maxSchedulesNothing() {
        assertThat(Schedule.max().dueNanos(1_000_000, 3_600_000)).isZero();
        assertThat(Schedule.max().targetRateAt(S)).isNaN();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Schedule.rate(0, null)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> Schedule.speed(-1, null)).hasMessageContaining("--speed");
    }

    @Test
    void timelineFollowsDeliveryOrderAndLoopsOnePeriodApart() {
        Timeline timeline = new Timeline();
        long t0 = 1_700_000_000_000L;
        assertThat(timeline.offsetMs(t0)).isZero();
        assertThat(timeline.offsetMs(t0 + 10_000)).isEqualTo(10_000);
        assertThat(timeline.offsetMs(t0 + 5_000)).as("out of order: due with its predecessor").isEqualTo(10_000);
        assertThat(timeline.offsetMs(t0 + 15_000)).isEqualTo(15_000);
        timeline.endPass();
        // 4 events over 15 s: a mean gap of 5 s, so the second pass starts 20 s after the first.
        assertThat(timeline.shiftMs(1)).isEqualTo(20_000);
        assertThat(timeline.offsetMs(t0)).isEqualTo(20_000);
        assertThat(timeline.offsetMs(t0 + 15_000)).isEqualTo(35_000);
    }

    private static long countDueBefore(Schedule schedule, long nanos) {
        long n = 0;
        while (schedule.dueNanos(n, 0) < nanos) {
            n++;
        }
        return n;
    }
}
