package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.ndxp.metrics.export.PrometheusPage;

class LagHistogramTest {
    private static final String[] LE = {"0.1", "0.25", "0.5", "1.0", "2.0", "5.0", "+Inf"};

    /** A histogram's cumulative bucket series, as a page shows them. */
    static LagHistogram histogram(double... cumulative) {
        List<PrometheusPage.Series> series = new ArrayList<>();
        for (int i = 0; i < cumulative.length; i++) {
            series.add(new PrometheusPage.Series(java.util.Map.of("le", LE[i]), cumulative[i]));
        }
        return LagHistogram.of(series);
    }

    @Test
    void theQuantileOfAWindowIsThatOfTheEventsBetweenTwoScrapes() {
        // Before: 1,000 events long ago, all slow (1-2 s). Since: 1,000 fast ones (up to 250 ms).
        LagHistogram before = histogram(0, 0, 0, 0, 1_000, 1_000, 1_000);
        LagHistogram after = histogram(500, 1_000, 1_000, 1_000, 2_000, 2_000, 2_000);
        LagHistogram window = after.since(before);
        assertThat(window.count()).isEqualTo(1_000);
        // The 990th of 1,000 lies in (0.1, 0.25], 490 of 500 into it.
        assertThat(window.quantile(0.99)).isCloseTo(0.1 + 0.15 * 490 / 500, within(1e-9));
        assertThat(after.quantile(0.99)).as("over all time the old slow events dominate").isGreaterThan(1);
    }

    @Test
    void theInfBucketAnswersTheHighestFiniteBoundAndNoEventsAnswerNaN() {
        assertThat(histogram(0, 0, 0, 0, 0, 90, 100).quantile(0.99)).isEqualTo(5.0);
        assertThat(histogram(0, 0, 0, 0, 0, 0, 0).quantile(0.99)).isNaN();
    }

    @Test
    void aRestartedAppCountsFromZeroAndItsNewCountsAreTheWindow() {
        LagHistogram before = histogram(100, 200, 300, 400, 500, 600, 700);
        LagHistogram restarted = histogram(10, 10, 10, 10, 10, 10, 10);
        assertThat(restarted.since(before).count()).isEqualTo(10);
    }
}
