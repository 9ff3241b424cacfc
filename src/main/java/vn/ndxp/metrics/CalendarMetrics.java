package vn.ndxp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.DayOfWeek;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Locale;
import vn.ndxp.time.DayType;
import vn.ndxp.time.VietnamCalendar;

/**
 * {@code ndxp_calendar_day{type}}: 1 for the kind of today in the Vietnamese public-sector calendar,
 * 0 for the others. Today is the local date (Asia/Ho_Chi_Minh) of the wall clock, not of the
 * events: Prometheus' rules run on the wall clock and cannot know holidays, Tết or the Saturdays
 * worked to make up a swapped day without it.
 *
 * <p>Outside the years the calendar's lunar tables cover, a day is what its weekday says, as in
 * the app's own baselines.
 */
public final class CalendarMetrics implements MeterBinder {
    /** The values of {@code type}: a bounded set, one series each. */
    public enum Day {
        WORKING_DAY, COMPENSATING_SATURDAY, SATURDAY, SUNDAY, HOLIDAY, TET;

        /** The label value: lower case, words joined by '-' as every label value of ndxp's own, e.g. {@code compensating-saturday}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind of a local date. */
        public static Day of(LocalDate date) {
            DayOfWeek weekday = date.getDayOfWeek();
            if (!VietnamCalendar.supports(date)) {
                return weekday == DayOfWeek.SATURDAY ? SATURDAY : weekday == DayOfWeek.SUNDAY ? SUNDAY : WORKING_DAY;
            }
            DayType type = VietnamCalendar.dayType(date);
            return switch (type) {
                case WORKDAY -> weekday == DayOfWeek.SATURDAY ? COMPENSATING_SATURDAY : WORKING_DAY;
                case SATURDAY -> SATURDAY;
                case SUNDAY -> SUNDAY;
                case HOLIDAY -> HOLIDAY;
                case TET -> TET;
            };
        }
    }

    private final InstantSource clock;

    public CalendarMetrics(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Day day : Day.values()) {
            Gauge.builder("ndxp.calendar.day", this, m -> m.today() == day ? 1 : 0)
                    .description("1 for the kind of today's local date (Asia/Ho_Chi_Minh, wall clock) in the Vietnamese"
                            + " public-sector calendar, 0 for the others")
                    .tag("type", day.label())
                    // Nothing else holds this binder: a weak reference would let the gauge go NaN.
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Read at every scrape, so that the series turn at local midnight. */
    Day today() {
        return Day.of(VietnamCalendar.localDate(clock.instant()));
    }
}
