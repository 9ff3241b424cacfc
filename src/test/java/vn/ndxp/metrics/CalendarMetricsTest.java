package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.ndxp.time.VietnamCalendar;

class CalendarMetricsTest {
    @ParameterizedTest(name = "{0} local is {1}")
    @CsvSource({
            "2024-04-26T10:00, working-day",            // a Friday
            "2024-04-27T10:00, saturday",
            "2024-04-28T10:00, sunday",
            "2024-04-29T10:00, holiday",                // a Monday given off for Saturday 4 May
            "2024-04-30T10:00, holiday",                // Reunification Day
            "2024-05-04T10:00, compensating-saturday",  // worked for Monday 29 April
            "2025-01-29T10:00, tet",                    // Lunar New Year's Day, a Wednesday
            "2025-02-01T10:00, tet",                    // a Saturday inside the break
            "2036-01-01T10:00, working-day",            // beyond the lunar tables: by the weekday
            "2036-01-05T10:00, saturday",
    })
    void oneSeriesIsOneTheOthersZero(String localTime, String expected) {
        Map<String, Double> series = scrape(InstantSource.fixed(local(localTime)));
        assertThat(series.keySet()).as("every type is exported, today's or not")
                .containsExactlyInAnyOrder("working-day", "compensating-saturday", "saturday", "sunday", "holiday", "tet");
        Map<String, Double> ones = new TreeMap<>(series);
        ones.values().removeIf(v -> v == 0);
        assertThat(ones).containsExactly(Map.entry(expected, 1.0));
    }

    @Test
    void theDayTurnsAtLocalMidnightNotAtUtcMidnight() {
        AtomicReference<Instant> now = new AtomicReference<>(local("2024-05-03T23:59:59"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CalendarMetrics(now::get).bindTo(registry); // held by nothing but the registry, as in the app
        System.gc();
        assertThat(value(registry, "working-day")).isEqualTo(1);
        now.set(local("2024-05-04T00:00"));
        assertThat(now.get()).as("17:00 UTC of the day before").isEqualTo(Instant.parse("2024-05-03T17:00:00Z"));
        assertThat(value(registry, "working-day")).isZero();
        assertThat(value(registry, "compensating-saturday")).isEqualTo(1);
    }

    private static Map<String, Double> scrape(InstantSource clock) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CalendarMetrics(clock).bindTo(registry);
        Map<String, Double> series = new TreeMap<>();
        for (Gauge g : registry.get("ndxp.calendar.day").gauges()) {
            series.put(g.getId().getTag("type"), g.value());
        }
        return series;
    }

    private static double value(SimpleMeterRegistry registry, String type) {
        return registry.get("ndxp.calendar.day").tag("type", type).gauge().value();
    }

    private static Instant local(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(VietnamCalendar.OFFSET);
    }
}
