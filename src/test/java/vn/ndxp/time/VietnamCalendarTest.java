package vn.ndxp.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VietnamCalendarTest {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static DayType type(String iso) {
        return VietnamCalendar.dayType(d(iso));
    }

    // ---- day types ----

    @Test
    void tet2024() {
        assertThat(type("2024-02-10")).isEqualTo(DayType.TET);   // Lunar New Year's Day, a Saturday
        assertThat(type("2024-02-14")).isEqualTo(DayType.TET);   // 5th day, last day of the break
        assertThat(type("2024-02-08")).isEqualTo(DayType.TET);   // first day of the break
        assertThat(type("2024-02-07")).isEqualTo(DayType.WORKDAY);
        assertThat(type("2024-02-15")).isEqualTo(DayType.WORKDAY);
        assertThat(VietnamCalendar.holidayName(d("2024-02-10"))).get().asString().contains("mùng 1");
        assertThat(VietnamCalendar.holidayName(d("2024-02-09"))).get().asString().contains("Giao thừa");
    }

    @Test
    void fixedHolidays2024() {
        assertThat(type("2024-01-01")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2024-04-18")).isEqualTo(DayType.HOLIDAY);   // Hùng Kings, 10/3 lunar
        assertThat(VietnamCalendar.holidayName(d("2024-04-18"))).get().asString().contains("Hùng");
        assertThat(type("2024-04-30")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2024-05-01")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2024-09-02")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2024-09-03")).isEqualTo(DayType.HOLIDAY);   // the adjacent day (2 Sep is a Monday)
        assertThat(type("2024-09-04")).isEqualTo(DayType.WORKDAY);
    }

    @Test
    void ordinaryDays2024() {
        assertThat(d("2024-04-24").getDayOfWeek()).isEqualTo(DayOfWeek.WEDNESDAY);
        assertThat(type("2024-04-24")).isEqualTo(DayType.WORKDAY);
        assertThat(VietnamCalendar.holidayName(d("2024-04-24"))).isEmpty();
        assertThat(type("2024-04-27")).isEqualTo(DayType.SATURDAY);
        assertThat(type("2024-04-28")).isEqualTo(DayType.SUNDAY);
    }

    @Test
    void swappedDayAndMakeUpSaturday2024() {
        assertThat(type("2024-04-29")).isEqualTo(DayType.HOLIDAY);   // Monday off, worked on Saturday 4 May
        assertThat(type("2024-05-04")).isEqualTo(DayType.WORKDAY);
        assertThat(VietnamCalendar.holidayName(d("2024-05-04"))).isEmpty();
        assertThat(VietnamCalendar.holidayName(d("2024-04-29"))).get().asString().contains("2024-05-04");
    }

    @Test
    void weekendHolidaysGiveCompensatoryDays() {
        // 2023: Hùng Kings on Saturday 29 April, Reunification Day on Sunday 30 April, Labour Day Monday 1 May.
        assertThat(type("2023-04-29")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-04-30")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-05-01")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-05-02")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-05-03")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-05-04")).isEqualTo(DayType.WORKDAY);
        assertThat(VietnamCalendar.holidayName(d("2023-05-02"))).get().asString().startsWith("Nghỉ bù Giỗ Tổ Hùng Vương");
        assertThat(VietnamCalendar.holidayName(d("2023-05-03"))).get().asString().startsWith("Nghỉ bù Ngày Chiến thắng");
        // 2026: Hùng Kings on Sunday 26 April, day off on Monday 27 April (as announced).
        assertThat(type("2026-04-26")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2026-04-27")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2026-04-28")).isEqualTo(DayType.WORKDAY);
        // 2022: New Year's Day on a Saturday, Monday 3 January off; Sunday 2 January stays a Sunday.
        assertThat(type("2022-01-02")).isEqualTo(DayType.SUNDAY);
        assertThat(type("2022-01-03")).isEqualTo(DayType.HOLIDAY);
        // 2023: National Day on Saturday 2 Sep with Friday 1 Sep, Monday 4 Sep off.
        assertThat(type("2023-09-01")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-09-04")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2023-09-05")).isEqualTo(DayType.WORKDAY);
    }

    /** Every official break of 2021-2026 around 2 September, first to last day off. */
    @ParameterizedTest
    @CsvSource({
        "2021-09-02, 2021-09-05",
        "2022-09-01, 2022-09-04",
        "2023-09-01, 2023-09-04",
        "2024-08-31, 2024-09-03",
        "2025-08-30, 2025-09-02",
        "2026-08-29, 2026-09-02",
    })
    void nationalDayBreaksMatchTheDecisions(String first, String last) {
        assertThat(offDaysAround(d(first), d(last))).containsExactlyElementsOf(range(d(first), d(last)));
    }

    @Test
    void nationalDayIsOneDayBefore2021() {
        assertThat(type("2020-09-02")).isEqualTo(DayType.HOLIDAY);
        assertThat(type("2020-09-01")).isEqualTo(DayType.WORKDAY);
        assertThat(type("2020-09-03")).isEqualTo(DayType.WORKDAY);
    }

    /** The official Tết breaks, first and last day. */
    @ParameterizedTest
    @CsvSource({
        "2015, 2015-02-15, 2015-02-23",
        "2016, 2016-02-06, 2016-02-14",
        "2017, 2017-01-26, 2017-02-01",
        "2018, 2018-02-14, 2018-02-20",
        "2019, 2019-02-02, 2019-02-10",
        "2020, 2020-01-23, 2020-01-29",
        "2021, 2021-02-10, 2021-02-16",
        "2022, 2022-01-29, 2022-02-06",
        "2023, 2023-01-20, 2023-01-26",
        "2024, 2024-02-08, 2024-02-14",
        "2025, 2025-01-25, 2025-02-02",
        "2026, 2026-02-14, 2026-02-22",
    })
    void tetBreaks(int year, String first, String last) {
        VietnamCalendar.Period tet = VietnamCalendar.tetHoliday(year);
        assertThat(tet.first()).isEqualTo(d(first));
        assertThat(tet.last()).isEqualTo(d(last));
        for (LocalDate day = d(first); !day.isAfter(d(last)); day = day.plusDays(1)) {
            assertThat(VietnamCalendar.dayType(day)).as(day.toString()).isEqualTo(DayType.TET);
        }
        assertThat(VietnamCalendar.dayType(d(first).minusDays(1))).isNotEqualTo(DayType.TET);
        assertThat(VietnamCalendar.dayType(d(last).plusDays(1))).isNotEqualTo(DayType.TET);
        if (year >= 2016) {
            // The documented rule for later years reproduces every decision since 2016.
            assertThat(VietnamCalendar.tetByRule(year)).isEqualTo(tet);
        }
    }

    @Test
    void tetBreakByRuleHasFiveWeekdaysAndEndsOnWorkdays() {
        for (int year = 2027; year <= VietnamCalendar.LAST_YEAR; year++) {
            VietnamCalendar.Period tet = VietnamCalendar.tetHoliday(year);
            LocalDate newYear = VietnamCalendar.lunarNewYear(year);
            assertThat(tet.contains(newYear.minusDays(2))).as("%d", year).isTrue();
            assertThat(tet.contains(newYear.plusDays(4))).as("%d", year).isTrue();
            long weekdays = range(tet.first(), tet.last()).stream()
                    .filter(x -> x.getDayOfWeek().getValue() <= 5).count();
            assertThat(weekdays).as("%d", year).isEqualTo(5);
            assertThat(VietnamCalendar.dayType(tet.first().minusDays(1))).as("%d", year).isEqualTo(DayType.WORKDAY);
            assertThat(VietnamCalendar.dayType(tet.last().plusDays(1))).as("%d", year).isEqualTo(DayType.WORKDAY);
        }
    }

    @Test
    void lunarTablesAreConsistent() {
        assertThat(VietnamCalendar.lunarNewYear(2024)).isEqualTo(d("2024-02-10"));
        assertThat(VietnamCalendar.lunarNewYear(2025)).isEqualTo(d("2025-01-29"));
        assertThat(VietnamCalendar.lunarNewYear(2026)).isEqualTo(d("2026-02-17"));
        assertThat(VietnamCalendar.lunarNewYear(2030)).isEqualTo(d("2030-02-02"));
        assertThat(VietnamCalendar.hungKingsDay(2023)).isEqualTo(d("2023-04-29"));
        assertThat(VietnamCalendar.hungKingsDay(2024)).isEqualTo(d("2024-04-18"));
        assertThat(VietnamCalendar.hungKingsDay(2025)).isEqualTo(d("2025-04-07"));
        for (int year = VietnamCalendar.FIRST_YEAR; year <= VietnamCalendar.LAST_YEAR; year++) {
            LocalDate newYear = VietnamCalendar.lunarNewYear(year);
            LocalDate hung = VietnamCalendar.hungKingsDay(year);
            // Lunar New Year falls between 21 January and 20 February.
            assertThat(newYear).as("%d", year).isBetween(LocalDate.of(year, 1, 21), LocalDate.of(year, 2, 20));
            // 10/3 is two lunar months and nine days later (67-69 days), or a month more after a leap month.
            long days = ChronoUnit.DAYS.between(newYear, hung);
            assertThat(days >= 67 && days <= 69 || days >= 96 && days <= 99).as("%d: %d days", year, days).isTrue();
        }
    }

    // ---- time ----

    @Test
    void workingTime() {
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T02:00:00Z"))).isTrue();    // 09:00
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T05:00:00Z"))).isFalse();   // 12:00 lunch
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T00:30:00Z"))).isTrue();    // 07:30
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T00:29:59Z"))).isFalse();
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T04:29:59.999Z"))).isTrue(); // 11:29:59.999
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T04:30:00Z"))).isFalse();   // 11:30
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T06:00:00Z"))).isTrue();    // 13:00
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T09:59:59Z"))).isTrue();    // 16:59:59
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T10:00:00Z"))).isFalse();   // 17:00
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-27T02:00:00Z"))).isFalse();   // Saturday
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-30T02:00:00Z"))).isFalse();   // holiday
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-02-14T02:00:00Z"))).isFalse();   // Tết
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-05-04T02:00:00Z"))).isTrue();    // make-up Saturday
        assertThat(VietnamCalendar.isWorkingTime(Instant.parse("2024-04-24T02:00:00Z").toEpochMilli())).isTrue();
    }

    @Test
    void localDateIsUtcPlusSeven() {
        long before = Instant.parse("2024-04-23T16:59:59.999Z").toEpochMilli();
        long after = Instant.parse("2024-04-23T17:00:00Z").toEpochMilli();
        assertThat(VietnamCalendar.localDate(before)).isEqualTo(d("2024-04-23"));
        assertThat(VietnamCalendar.localDate(after)).isEqualTo(d("2024-04-24"));
        assertThat(VietnamCalendar.localDate(Instant.ofEpochMilli(before))).isEqualTo(d("2024-04-23"));
        assertThat(VietnamCalendar.localDate(Instant.ofEpochMilli(after))).isEqualTo(d("2024-04-24"));
        // Before 1970 too (negative epoch millis), and the fast path agrees with the time zone.
        assertThat(VietnamCalendar.localDate(Instant.parse("1969-12-31T17:00:00Z").toEpochMilli())).isEqualTo(d("1970-01-01"));
        assertThat(VietnamCalendar.localDate(-1L)).isEqualTo(d("1970-01-01"));
        for (long ms = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(); ms < Instant.parse("2024-01-03T00:00:00Z").toEpochMilli(); ms += 1_800_000) {
            assertThat(VietnamCalendar.localDate(ms)).isEqualTo(Instant.ofEpochMilli(ms).atZone(VietnamCalendar.ZONE).toLocalDate());
        }
    }

    @Test
    void yearsOutsideTheTablesAreRefused() {
        assertThat(VietnamCalendar.supports(d("2035-12-31"))).isTrue();
        assertThat(VietnamCalendar.supports(d("2036-01-01"))).isFalse();
        assertThatThrownBy(() -> VietnamCalendar.dayType(d("2036-01-01")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2015-2035").hasMessageContaining("2036-01-01");
        assertThatThrownBy(() -> VietnamCalendar.dayType(d("2014-12-31"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VietnamCalendar.isWorkingTime(Instant.parse("2040-06-01T02:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VietnamCalendar.lunarNewYear(2036)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyYearHasTheStatutoryNumberOfWeekdaysOff() {
        // 1 Jan + 5 Tết + Hùng Kings + 30/4 + 1/5 + 2/9 (+1 from 2021) = 10 (11) days, compensations included;
        // recorded swaps add one day off each (its make-up Saturday is a working day).
        for (int year = 2016; year <= VietnamCalendar.LAST_YEAR; year++) {
            long weekdaysOff = range(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)).stream()
                    .filter(x -> x.getDayOfWeek().getValue() <= 5)
                    .filter(x -> !VietnamCalendar.isWorkingDay(x))
                    .count();
            long swaps = switch (year) {
                case 2018, 2019, 2024, 2025, 2026 -> 1;
                default -> 0;
            };
            long expected = (year >= 2021 ? 11 : 10) + swaps;
            assertThat(weekdaysOff).as("%d", year).isEqualTo(expected);
        }
    }

    private static List<LocalDate> range(LocalDate first, LocalDate last) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate x = first; !x.isAfter(last); x = x.plusDays(1)) {
            out.add(x);
        }
        return out;
    }

    /** The days off in [first - 3, last + 3] (weekends only count when joined to a holiday). */
    private static List<LocalDate> offDaysAround(LocalDate first, LocalDate last) {
        List<LocalDate> all = range(first.minusDays(3), last.plusDays(3));
        List<LocalDate> off = new ArrayList<>();
        // The longest run of consecutive non-working days that contains 2 September.
        LocalDate nationalDay = LocalDate.of(first.getYear(), 9, 2);
        LocalDate a = nationalDay;
        while (!VietnamCalendar.isWorkingDay(a.minusDays(1)) && all.contains(a.minusDays(1))) {
            a = a.minusDays(1);
        }
        LocalDate b = nationalDay;
        while (!VietnamCalendar.isWorkingDay(b.plusDays(1)) && all.contains(b.plusDays(1))) {
            b = b.plusDays(1);
        }
        off.addAll(range(a, b));
        return off;
    }
}
