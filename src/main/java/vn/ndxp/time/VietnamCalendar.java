package vn.ndxp.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Vietnamese public-sector working calendar, for the years {@value #FIRST_YEAR}-{@value #LAST_YEAR}.
 *
 * <h2>Time zone</h2>
 * Asia/Ho_Chi_Minh, UTC+7 without daylight saving (since 1975): a local day starts at 17:00 UTC of
 * the previous UTC day. Conversions use {@link LocalDays}.
 *
 * <h2>Days off (Labour Code 2019, art. 112; Labour Code 2012 before 2021)</h2>
 * <ul>
 *   <li>1 January (Tết Dương lịch).</li>
 *   <li>Tết Nguyên đán, the Lunar New Year: 5 statutory days plus weekends, as one break.
 *       2015-2026: the periods the Government actually decided. Later years, the rule that
 *       reproduces every decision of 2016-2026: from the day before New Year's Eve (lunar
 *       New Year's Day − 2) to the 5th day of the first month (New Year's Day + 4), extended
 *       to the Saturday and Sunday directly before or after it. All days of the break are
 *       {@link DayType#TET}, weekends included.</li>
 *   <li>Giỗ Tổ Hùng Vương, the Hùng Kings' Commemoration, 10th day of the 3rd lunar month.</li>
 *   <li>30 April (Reunification Day) and 1 May (International Labour Day).</li>
 *   <li>2 September (National Day), and from 2021 one adjacent day. The Prime Minister picks the
 *       day each year; the rule here, which matches every decision of 2021-2026: the day before
 *       (1 September) when 2 September is a Tuesday, Wednesday, Friday or Saturday, the day after
 *       (3 September) when it is a Monday, Thursday or Sunday - a weekday that, where possible,
 *       joins the break to a weekend.</li>
 *   <li>Compensatory days (nghỉ bù): a holiday above (other than Tết, whose break already contains
 *       the compensation) that falls on a Saturday or Sunday gives a day off on the next working
 *       day, holidays handled in date order.</li>
 *   <li>Swapped days (hoán đổi): the Government's decisions to give a weekday off in exchange for a
 *       worked Saturday, for the years they are recorded here (2015, 2018-2019, 2024-2026). The
 *       day off is {@link DayType#HOLIDAY}, the worked Saturday {@link DayType#WORKDAY}.</li>
 * </ul>
 * The lunar dates come from tables for 2015-2035 (computed with Hồ Ngọc Đức's algorithm for the
 * Vietnamese calendar at UTC+7 and checked against the published dates of 2015-2026; note 2030,
 * where Vietnam's Tết is 2 February and China's 3 February).
 *
 * <h2>Years outside the tables</h2>
 * Every method taking a date outside {@value #FIRST_YEAR}-{@value #LAST_YEAR} throws
 * {@link IllegalArgumentException}: without the lunar dates the answer would be silently wrong.
 * Use {@link #supports(LocalDate)} to check first.
 *
 * <h2>Office hours</h2>
 * 07:30-11:30 and 13:00-17:00 local time on {@link DayType#WORKDAY working days} (start
 * inclusive, end exclusive).
 *
 * <p>Over 300 lines because the tables (lunar dates, the Government's Tết decisions, swapped days)
 * stay beside the rules that read them and the sources cited above.
 */
public final class VietnamCalendar {

    /** The time zone of Vietnam. */
    public static final ZoneId ZONE = LocalDays.ZONE;
    /** UTC+7: the offset of {@link #ZONE}, constant since 1975. */
    public static final ZoneOffset OFFSET = LocalDays.OFFSET;

    public static final int FIRST_YEAR = 2015;
    public static final int LAST_YEAR = 2035;

    public static final LocalTime MORNING_START = LocalTime.of(7, 30);
    public static final LocalTime MORNING_END = LocalTime.of(11, 30);
    public static final LocalTime AFTERNOON_START = LocalTime.of(13, 0);
    public static final LocalTime AFTERNOON_END = LocalTime.of(17, 0);

    /** Lunar New Year's Day (mùng 1 Tết), Vietnamese calendar, {@value #FIRST_YEAR}..{@value #LAST_YEAR}. */
    private static final LocalDate[] LUNAR_NEW_YEAR = dates(
            "2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
            "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
            "2029-02-13", "2030-02-02", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08");

    /** 10th day of the 3rd lunar month (the regular month, not a leap one), same years. */
    private static final LocalDate[] HUNG_KINGS = dates(
            "2015-04-28", "2016-04-16", "2017-04-06", "2018-04-25", "2019-04-14", "2020-04-02", "2021-04-21",
            "2022-04-10", "2023-04-29", "2024-04-18", "2025-04-07", "2026-04-26", "2027-04-16", "2028-04-04",
            "2029-04-23", "2030-04-12", "2031-04-01", "2032-04-19", "2033-04-09", "2034-04-28", "2035-04-17");

    /** The Tết breaks the Government decided, first and last day (civil servants). */
    private static final Map<Integer, Period> OFFICIAL_TET = Map.ofEntries(
            Map.entry(2015, period("2015-02-15", "2015-02-23")),   // 9 days, Sat 14 Feb worked for Mon 16 Feb
            Map.entry(2016, period("2016-02-06", "2016-02-14")),
            Map.entry(2017, period("2017-01-26", "2017-02-01")),
            Map.entry(2018, period("2018-02-14", "2018-02-20")),
            Map.entry(2019, period("2019-02-02", "2019-02-10")),
            Map.entry(2020, period("2020-01-23", "2020-01-29")),
            Map.entry(2021, period("2021-02-10", "2021-02-16")),
            Map.entry(2022, period("2022-01-29", "2022-02-06")),
            Map.entry(2023, period("2023-01-20", "2023-01-26")),
            Map.entry(2024, period("2024-02-08", "2024-02-14")),
            Map.entry(2025, period("2025-01-25", "2025-02-02")),
            Map.entry(2026, period("2026-02-14", "2026-02-22")));

    /** Weekdays given off in exchange for a worked Saturday (hoán đổi ngày làm việc). */
    private static final List<Swap> SWAPS = List.of(
            new Swap(LocalDate.parse("2015-01-02"), LocalDate.parse("2014-12-27")),
            new Swap(LocalDate.parse("2015-02-16"), LocalDate.parse("2015-02-14")),
            new Swap(LocalDate.parse("2015-04-29"), LocalDate.parse("2015-04-25")),
            new Swap(LocalDate.parse("2018-12-31"), LocalDate.parse("2019-01-05")),
            new Swap(LocalDate.parse("2019-04-29"), LocalDate.parse("2019-05-04")),
            new Swap(LocalDate.parse("2024-04-29"), LocalDate.parse("2024-05-04")),
            new Swap(LocalDate.parse("2025-05-02"), LocalDate.parse("2025-04-26")),
            new Swap(LocalDate.parse("2026-08-31"), LocalDate.parse("2026-08-22")));

    /** The first and last day of a break, both inclusive. */
    public record Period(LocalDate first, LocalDate last) {
        public Period {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException(last + " is before " + first);
            }
        }

        public boolean contains(LocalDate date) {
            return !date.isBefore(first) && !date.isAfter(last);
        }
    }

    private record Swap(LocalDate dayOff, LocalDate workedSaturday) {}

    /** A day that is not what its weekday says: a day off, or a worked Saturday. */
    private record Special(DayType type, String name) {}

    private static final Map<LocalDate, Special> SPECIAL_DAYS = buildSpecialDays();

    private VietnamCalendar() {}

    // ---- conversions ----

    /** The local (UTC+7) date of an instant given in epoch milliseconds. */
    public static LocalDate localDate(long epochMillis) {
        return LocalDays.date(epochMillis);
    }

    /** The local (UTC+7) date of an instant. */
    public static LocalDate localDate(Instant instant) {
        return instant.atOffset(OFFSET).toLocalDate();
    }

    // ---- days ----

    /** Whether the date's year is covered ({@value #FIRST_YEAR}-{@value #LAST_YEAR}). */
    public static boolean supports(LocalDate date) {
        return supports(date.getYear());
    }

    public static boolean supports(int year) {
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }

    /**
     * The kind of day: {@link DayType#TET} inside the Tết break, {@link DayType#HOLIDAY} on another
     * day off, otherwise by the weekday ({@link DayType#WORKDAY} also for a worked make-up Saturday).
     *
     * @throws IllegalArgumentException if the year is outside {@value #FIRST_YEAR}-{@value #LAST_YEAR}
     */
    public static DayType dayType(LocalDate date) {
        requireSupported(date);
        Special special = SPECIAL_DAYS.get(date);
        if (special != null) {
            return special.type();
        }
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> DayType.SATURDAY;
            case SUNDAY -> DayType.SUNDAY;
            default -> DayType.WORKDAY;
        };
    }

    /** Whether public offices work on that date. */
    public static boolean isWorkingDay(LocalDate date) {
        return dayType(date) == DayType.WORKDAY;
    }

    /**
     * The name of the holiday, Vietnamese then English, for a {@link DayType#TET} or
     * {@link DayType#HOLIDAY} day; empty on other days (a worked make-up Saturday included).
     *
     * @throws IllegalArgumentException if the year is outside {@value #FIRST_YEAR}-{@value #LAST_YEAR}
     */
    public static Optional<String> holidayName(LocalDate date) {
        requireSupported(date);
        Special special = SPECIAL_DAYS.get(date);
        if (special == null || special.type() == DayType.WORKDAY) {
            return Optional.empty();
        }
        return Optional.of(special.name());
    }

    /** Lunar New Year's Day (mùng 1 Tết) of a Gregorian year. */
    public static LocalDate lunarNewYear(int year) {
        requireSupported(year);
        return LUNAR_NEW_YEAR[year - FIRST_YEAR];
    }

    /** Hùng Kings' Commemoration Day (10/3 lunar) of a Gregorian year. */
    public static LocalDate hungKingsDay(int year) {
        requireSupported(year);
        return HUNG_KINGS[year - FIRST_YEAR];
    }

    /** The official Tết break of a Gregorian year (decided, or by the documented rule). */
    public static Period tetHoliday(int year) {
        requireSupported(year);
        Period official = OFFICIAL_TET.get(year);
        return official != null ? official : tetByRule(year);
    }

    // ---- time ----

    /**
     * Whether the instant is in public-office hours: 07:30-11:30 or 13:00-17:00 local time on a
     * working day.
     *
     * @throws IllegalArgumentException if the year is outside {@value #FIRST_YEAR}-{@value #LAST_YEAR}
     */
    public static boolean isWorkingTime(Instant instant) {
        var local = instant.atOffset(OFFSET);
        if (!isWorkingDay(local.toLocalDate())) {
            return false;
        }
        LocalTime t = local.toLocalTime();
        return (!t.isBefore(MORNING_START) && t.isBefore(MORNING_END))
                || (!t.isBefore(AFTERNOON_START) && t.isBefore(AFTERNOON_END));
    }

    /** {@link #isWorkingTime(Instant)} for epoch milliseconds. */
    public static boolean isWorkingTime(long epochMillis) {
        return isWorkingTime(Instant.ofEpochMilli(epochMillis));
    }

    // ---- rules ----

    /** The rule for years without a recorded decision (package-private for the tests). */
    static Period tetByRule(int year) {
        LocalDate newYear = lunarNewYear(year);
        LocalDate first = newYear.minusDays(2);
        LocalDate last = newYear.plusDays(4);
        while (isWeekend(first.minusDays(1))) {
            first = first.minusDays(1);
        }
        while (isWeekend(last.plusDays(1))) {
            last = last.plusDays(1);
        }
        return new Period(first, last);
    }

    /** The day added to 2 September from 2021 (package-private for the tests). */
    static LocalDate nationalDayAdjacent(int year) {
        LocalDate nationalDay = LocalDate.of(year, 9, 2);
        return switch (nationalDay.getDayOfWeek()) {
            case TUESDAY, WEDNESDAY, FRIDAY, SATURDAY -> nationalDay.minusDays(1);
            case MONDAY, THURSDAY, SUNDAY -> nationalDay.plusDays(1);
        };
    }

    private static Map<LocalDate, Special> buildSpecialDays() {
        Map<LocalDate, Special> days = new HashMap<>();
        for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
            // Tết.
            LocalDate newYear = lunarNewYear(year);
            Period tet = tetHoliday(year);
            for (LocalDate d = tet.first(); !d.isAfter(tet.last()); d = d.plusDays(1)) {
                days.put(d, new Special(DayType.TET, tetName(d, newYear)));
            }
            // Statutory holidays.
            List<Holiday> holidays = new ArrayList<>();
            holidays.add(new Holiday(LocalDate.of(year, 1, 1), "Tết Dương lịch", "New Year's Day"));
            holidays.add(new Holiday(hungKingsDay(year), "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"));
            holidays.add(new Holiday(LocalDate.of(year, 4, 30), "Ngày Chiến thắng", "Reunification Day"));
            holidays.add(new Holiday(LocalDate.of(year, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day"));
            holidays.add(new Holiday(LocalDate.of(year, 9, 2), "Quốc khánh", "National Day"));
            if (year >= 2021) {
                holidays.add(new Holiday(nationalDayAdjacent(year), "Quốc khánh (ngày liền kề)", "National Day (adjacent day)"));
            }
            holidays.sort(Comparator.comparing(Holiday::date));
            List<Holiday> needCompensation = new ArrayList<>();
            for (Holiday h : holidays) {
                Special already = days.get(h.date());
                if (isWeekend(h.date()) || already != null) {
                    needCompensation.add(h);
                }
                if (already == null) {
                    days.put(h.date(), new Special(DayType.HOLIDAY, h.nameVi() + " (" + h.nameEn() + ")"));
                }
            }
            // Swaps decided for this year (by the day off).
            for (Swap s : SWAPS) {
                if (s.dayOff().getYear() != year) {
                    continue;
                }
                String worked = s.workedSaturday().format(DateTimeFormatter.ISO_LOCAL_DATE);
                days.putIfAbsent(s.dayOff(), new Special(DayType.HOLIDAY,
                        "Nghỉ hoán đổi, làm bù thứ Bảy " + worked + " (day off swapped with Saturday " + worked + ")"));
                if (supports(s.workedSaturday())) {
                    days.put(s.workedSaturday(), new Special(DayType.WORKDAY,
                            "Ngày làm bù cho ngày " + s.dayOff() + " (make-up working day for " + s.dayOff() + ")"));
                }
            }
            // Compensatory days: the next working day, in date order.
            for (Holiday h : needCompensation) {
                LocalDate d = h.date().plusDays(1);
                while (isWeekend(d) || isDayOff(days.get(d))) {
                    d = d.plusDays(1);
                }
                days.put(d, new Special(DayType.HOLIDAY,
                        "Nghỉ bù " + h.nameVi() + " (day off in lieu of " + h.nameEn() + ")"));
            }
        }
        return Collections.unmodifiableMap(days);
    }

    private record Holiday(LocalDate date, String nameVi, String nameEn) {}

    private static String tetName(LocalDate d, LocalDate newYear) {
        long offset = d.toEpochDay() - newYear.toEpochDay();
        if (offset == -1) {
            return "Tết Nguyên đán, Giao thừa (Lunar New Year's Eve)";
        }
        if (offset >= 0 && offset <= 9) {
            return "Tết Nguyên đán, mùng " + (offset + 1) + " (Lunar New Year, day " + (offset + 1) + ")";
        }
        return "Tết Nguyên đán (Lunar New Year holiday)";
    }

    private static boolean isDayOff(Special s) {
        return s != null && s.type() != DayType.WORKDAY;
    }

    private static boolean isWeekend(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY;
    }

    private static void requireSupported(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (!supports(date)) {
            throw new IllegalArgumentException("VietnamCalendar covers the years " + FIRST_YEAR + "-" + LAST_YEAR
                    + " (its lunar holiday tables); " + date + " is outside");
        }
    }

    private static void requireSupported(int year) {
        if (!supports(year)) {
            throw new IllegalArgumentException("VietnamCalendar covers the years " + FIRST_YEAR + "-" + LAST_YEAR
                    + " (its lunar holiday tables); " + year + " is outside");
        }
    }

    private static LocalDate[] dates(String... isoDates) {
        LocalDate[] out = new LocalDate[isoDates.length];
        for (int i = 0; i < isoDates.length; i++) {
            out[i] = LocalDate.parse(isoDates[i]);
        }
        if (out.length != LAST_YEAR - FIRST_YEAR + 1) {
            throw new IllegalStateException("table needs one date per year " + FIRST_YEAR + "-" + LAST_YEAR);
        }
        return out;
    }

    private static Period period(String first, String last) {
        return new Period(LocalDate.parse(first), LocalDate.parse(last));
    }
}
