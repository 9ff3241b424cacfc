package vn.ndxp.simulator.scenario;

import java.time.LocalDate;
import java.time.LocalTime;
import vn.ndxp.time.LocalDays;

/**
 * A local-time window, [from, to), on one date or, without a date, on every simulated day.
 * Times are Asia/Ho_Chi_Minh.
 */
public record TimeWindow(LocalTime from, LocalTime to, LocalDate date) {
    public TimeWindow {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the window must end after it starts: " + from + "-" + to);
        }
    }

    public boolean contains(long epochMillis) {
        long day = LocalDays.epochDay(epochMillis);
        if (date != null && date.toEpochDay() != day) {
            return false;
        }
        long msOfDay = LocalDays.millisOfDay(epochMillis);
        return msOfDay >= from.toNanoOfDay() / 1_000_000 && msOfDay < to.toNanoOfDay() / 1_000_000;
    }

    /** The part of [start, end) inside the window, in milliseconds; the range lies within one local day. */
    public long overlapMillis(long start, long end) {
        long day = LocalDays.epochDay(start);
        if (date != null && date.toEpochDay() != day) {
            return 0;
        }
        long dayStart = LocalDays.startMillis(day);
        long windowStart = dayStart + from.toNanoOfDay() / 1_000_000;
        long windowEnd = dayStart + to.toNanoOfDay() / 1_000_000;
        return Math.max(0, Math.min(end, windowEnd) - Math.max(start, windowStart));
    }

    public long startIn(long start) {
        long day = LocalDays.epochDay(start);
        return Math.max(start, LocalDays.startMillis(day) + from.toNanoOfDay() / 1_000_000);
    }

    @Override
    public String toString() {
        return (date == null ? "daily " : date + " ") + from + "-" + to;
    }
}
