package vn.ndxp.time;

import java.time.LocalDate;

/**
 * How a local day's traffic is spread over its 48 half-hours, and how large a day is against a
 * working day. See docs/simulator.md for the reasons behind each number. The same figures are the
 * reference day the alert rules and the console compare the platform's day with.
 */
public final class DayProfile {
    /** The platform's transactions on a working day (domain.md: about 2.8 million in 2024). */
    public static final double WORKDAY_VOLUME = 2_800_000;
    public static final int SLOTS = 48;
    public static final long SLOT_MS = 30 * 60_000L;

    /**
     * A working day, per half-hour from 00:00 local: offices open at 07:30 and close at 17:00 with a
     * lunch break 11:30-13:00; citizens' own use of the portals keeps evenings busier than nights.
     */
    private static final double[] WORKDAY = {
        0.70, 0.60, 0.45, 0.40, 0.35, 0.30, 0.30, 0.30, 0.35, 0.40, 0.60, 0.90,   // 00:00-05:30
        1.40, 2.20, 3.50, 6.80, 9.20, 9.80, 10.00, 10.00, 9.90, 9.60, 9.00, 5.00, // 06:00-11:30
        2.60, 2.30, 7.20, 9.40, 9.70, 9.70, 9.50, 9.20, 8.40, 7.60, 3.80, 2.60,   // 12:00-17:30
        2.20, 2.00, 1.90, 1.80, 1.70, 1.60, 1.50, 1.40, 1.20, 1.05, 0.90, 0.80,   // 18:00-23:30
    };

    /** Weekends and holidays: no office peaks, only citizens and automated jobs. */
    private static final double[] DAY_OFF = {
        0.80, 0.70, 0.55, 0.45, 0.40, 0.35, 0.35, 0.35, 0.40, 0.50, 0.70, 0.90,
        1.20, 1.50, 1.80, 2.10, 2.30, 2.40, 2.50, 2.50, 2.50, 2.40, 2.30, 2.20,
        2.00, 1.90, 2.00, 2.10, 2.20, 2.20, 2.20, 2.20, 2.10, 2.00, 1.90, 1.90,
        1.90, 1.90, 1.90, 1.80, 1.70, 1.60, 1.50, 1.40, 1.20, 1.10, 1.00, 0.90,
    };

    private DayProfile() {}

    /** The day's volume as a share of a working day's. */
    public static double dayFactor(LocalDate date) {
        DayType type = VietnamCalendar.supports(date) ? VietnamCalendar.dayType(date) : fallback(date);
        return switch (type) {
            case WORKDAY -> 1.0;
            case SATURDAY -> 0.22;
            case SUNDAY -> 0.12;
            case HOLIDAY -> 0.15;
            case TET -> 0.08;
        };
    }

    /** The half-hour weights of that day, summing to 1. */
    public static double[] shares(LocalDate date) {
        boolean working = dayFactor(date) == 1.0;
        double[] weights = working ? WORKDAY : DAY_OFF;
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] shares = new double[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            shares[i] = weights[i] / sum;
        }
        return shares;
    }

    /** Outside the calendar's years only weekends are known. */
    private static DayType fallback(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> DayType.SATURDAY;
            case SUNDAY -> DayType.SUNDAY;
            default -> DayType.WORKDAY;
        };
    }
}
