package vn.ndxp.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vn.ndxp.metrics.EventLagMetrics;
import vn.ndxp.metrics.export.FilteredScrapeRegistry;
import vn.ndxp.topology.analytics.EventTimes;

class OverviewTest {
    private final PrometheusMeterRegistry registry = FilteredScrapeRegistry.meterRegistry();
    private final Overview overview = new Overview(registry, Clock.systemUTC(), null);

    @Test
    void theReferenceDayFollowsTheCalendar() {
        Overview.Reference wednesday = Overview.Reference.of(LocalDate.of(2024, 4, 24));
        assertThat(wednesday.dayType()).isEqualTo("working-day");
        assertThat(wednesday.dayTotal()).isEqualTo(2_800_000);
        assertThat(Arrays.stream(wednesday.halfHourShares()).sum()).isCloseTo(1.0, within(1e-9));

        Overview.Reference saturday = Overview.Reference.of(LocalDate.of(2024, 4, 27));
        assertThat(saturday.dayType()).isEqualTo("saturday");
        assertThat(saturday.dayTotal()).isEqualTo(616_000);
        // Reunification Day, a public holiday on a Tuesday.
        Overview.Reference holiday = Overview.Reference.of(LocalDate.of(2024, 4, 30));
        assertThat(holiday.dayType()).isEqualTo("holiday");
        assertThat(holiday.dayTotal()).isEqualTo(420_000);
        assertThat(holiday.halfHourShares()).isEqualTo(saturday.halfHourShares());
    }

    @Test
    void freshnessIsTheNewestEventsAgeAndAbsentBeforeAny() {
        EventTimes lag = new EventLagMetrics(registry).recorder();
        assertThat(overview.view(LocalDate.of(2024, 4, 24)).freshness()).isNull();

        long now = System.currentTimeMillis();
        lag.record(now, now - 90_000);
        lag.record(now, now - 3_600_000); // an older event, processed after: the newest stays
        Overview.Freshness f = overview.view(LocalDate.of(2024, 4, 24)).freshness();
        assertThat(f.ageSeconds()).isBetween(90.0, 100.0);
        assertThat(Instant.parse(f.newestEventTime())).isBetween(Instant.now().minusSeconds(100), Instant.now().minusSeconds(89));
    }

    @Test
    void hygieneSumsTheDeadLettersByReasonAndLoadgenIsAbsentWithoutOne() {
        AtomicLong badMagic = new AtomicLong(3);
        FunctionCounter.builder("ndxp.events.rejected", badMagic, AtomicLong::get).tag("reason", "bad-magic").register(registry);
        FunctionCounter.builder("ndxp.events.rejected", new AtomicLong(2), AtomicLong::get).tag("reason", "clock-ahead")
                .register(registry);
        FunctionCounter.builder("ndxp.events.late", new AtomicLong(7), AtomicLong::get).register(registry);

        Overview.View view = overview.view(LocalDate.of(2024, 4, 24));
        assertThat(view.hygiene().rejected()).isEqualTo(5);
        assertThat(view.hygiene().rejectedByReason()).containsExactly(
                java.util.Map.entry("bad-magic", 3L), java.util.Map.entry("clock-ahead", 2L));
        assertThat(view.hygiene().late()).isEqualTo(7);
        assertThat(view.hygiene().duplicate()).isZero();
        assertThat(view.loadgen()).isNull();
    }
}
