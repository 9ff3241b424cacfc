package vn.ndxp.time;

/** The kind of a day in the Vietnamese public-sector calendar ({@link VietnamCalendar#dayType}). */
public enum DayType {
    /** A working day: Monday to Friday that is not a day off, or a Saturday worked to make up a swapped day. */
    WORKDAY,
    /** A Saturday that is neither a holiday nor a worked make-up day. */
    SATURDAY,
    /** A Sunday that is not a holiday. */
    SUNDAY,
    /**
     * A day off for a public holiday other than Tết: the holiday itself (even on a weekend), its
     * compensatory day, the adjacent National Day, or a day off swapped with a worked Saturday.
     */
    HOLIDAY,
    /** A day of the official Tết (Lunar New Year) break, weekends inside it included. */
    TET;

    /** Whether public offices work on this kind of day. */
    public boolean isWorkingDay() {
        return this == WORKDAY;
    }
}
