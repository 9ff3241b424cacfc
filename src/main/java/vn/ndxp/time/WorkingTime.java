package vn.ndxp.time;

import java.time.LocalDate;

/**
 * Office hours of the Vietnamese public sector ({@link VietnamCalendar}: 07:30-11:30 and
 * 13:00-17:00 local time on working days), minute by minute. Outside the calendar's years
 * (2015-2035) no minute is a working minute, so no silence is judged there. Not thread-safe: it
 * remembers the last day it looked up, which makes a scan minute by minute cheap.
 */
public final class WorkingTime {
    private static final long MINUTE = 60_000;
    private static final int MORNING_START = VietnamCalendar.MORNING_START.toSecondOfDay() / 60;
    private static final int MORNING_END = VietnamCalendar.MORNING_END.toSecondOfDay() / 60;
    private static final int AFTERNOON_START = VietnamCalendar.AFTERNOON_START.toSecondOfDay() / 60;
    private static final int AFTERNOON_END = VietnamCalendar.AFTERNOON_END.toSecondOfDay() / 60;

    private long cachedDay = Long.MIN_VALUE;
    private boolean cachedWorking;

    /** Whether the minute starting at {@code minuteStart} is in office hours. */
    public boolean isWorkingMinute(long minuteStart) {
        long day = LocalDays.epochDay(minuteStart);
        if (day != cachedDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            cachedWorking = VietnamCalendar.supports(date) && VietnamCalendar.isWorkingDay(date);
            cachedDay = day;
        }
        if (!cachedWorking) {
            return false;
        }
        long minuteOfDay = LocalDays.millisOfDay(minuteStart) / MINUTE;
        return (minuteOfDay >= MORNING_START && minuteOfDay < MORNING_END)
                || (minuteOfDay >= AFTERNOON_START && minuteOfDay < AFTERNOON_END);
    }
}
