package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import vn.ndxp.time.WorkingTime;

/** The baseline's hour-of-week slots and the office minutes, both from the Vietnamese calendar. */
class CalendarSlotsTest {
    private static long local(String t) {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.ofHours(7)).toEpochMilli();
    }

    @Test
    void slotsAreHoursOfTheWeekWithHolidaysApartAndWorkedSaturdaysAsWorkingDays() {
        assertThat(Baseline.slot(local("2024-04-22T09:00"))).as("Monday 9h").isEqualTo(9);
        assertThat(Baseline.slot(local("2024-04-24T00:00"))).as("Wednesday midnight").isEqualTo(2 * 24);
        assertThat(Baseline.slot(local("2024-04-27T10:00"))).as("Saturday 10h").isEqualTo(5 * 24 + 10);
        assertThat(Baseline.slot(local("2024-04-28T23:00"))).as("Sunday 23h").isEqualTo(6 * 24 + 23);
        assertThat(Baseline.slot(local("2024-04-30T09:00"))).as("Reunification Day").isEqualTo(7 * 24 + 9);
        assertThat(Baseline.slot(local("2024-04-29T09:00"))).as("Monday given off for 4 May").isEqualTo(7 * 24 + 9);
        assertThat(Baseline.slot(local("2024-05-04T09:00"))).as("Saturday worked for 29 April").isEqualTo(2 * 24 + 9);
        assertThat(Baseline.slot(local("2024-02-12T09:00"))).as("Tết").isEqualTo(7 * 24 + 9);
        assertThat(Baseline.slot(local("2040-01-03T09:00"))).as("beyond the calendar: by weekday (Tuesday)").isEqualTo(24 + 9);
    }

    @Test
    void officeMinutesAreMorningsAndAfternoonsOfWorkingDays() {
        WorkingTime w = new WorkingTime();
        assertThat(w.isWorkingMinute(local("2024-04-24T07:29"))).isFalse();
        assertThat(w.isWorkingMinute(local("2024-04-24T07:30"))).isTrue();
        assertThat(w.isWorkingMinute(local("2024-04-24T11:29"))).isTrue();
        assertThat(w.isWorkingMinute(local("2024-04-24T11:30"))).isFalse();
        assertThat(w.isWorkingMinute(local("2024-04-24T12:59"))).isFalse();
        assertThat(w.isWorkingMinute(local("2024-04-24T13:00"))).isTrue();
        assertThat(w.isWorkingMinute(local("2024-04-24T16:59"))).isTrue();
        assertThat(w.isWorkingMinute(local("2024-04-24T17:00"))).isFalse();
        assertThat(w.isWorkingMinute(local("2024-04-27T09:00"))).as("Saturday").isFalse();
        assertThat(w.isWorkingMinute(local("2024-04-30T09:00"))).as("holiday").isFalse();
        assertThat(w.isWorkingMinute(local("2024-05-04T09:00"))).as("worked Saturday").isTrue();
        assertThat(w.isWorkingMinute(local("2040-01-02T09:00"))).as("beyond the calendar").isFalse();
    }

    @Test
    void baselineLearnsAnEwmaAndEncodesOnlyLearnedSlots() {
        Baseline b = new Baseline();
        b.learn(9, 100, 0.3);
        b.learn(9, 200, 0.3);
        Baseline back = Baseline.decode(b.encode());
        assertThat(back.samples(9)).isEqualTo(2);
        assertThat(back.mean(9)).isEqualTo(130.0);
        assertThat(back.samples(10)).isZero();
        assertThat(b.encode().length).isLessThan(20);
    }
}
