package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The totals and the newest day follow the partial counts as they arrive. */
class AgencyTotalsTest {
    private static final long MONDAY = 19_835;

    private static long[] successes(long n) {
        return new long[] {n, 0, 0, 0, 0};
    }

    @Test
    void partialsOfTheNewestDayAddToItAndANewerDayStartsFromItsFirst() {
        AgencyTotals t = AgencyTotals.none().plus(MONDAY, successes(3)).plus(MONDAY, successes(4));
        assertThat(t.newestDay()).isEqualTo(MONDAY);
        assertThat(t.newestTotal()).isEqualTo(7);

        t = t.plus(MONDAY + 1, successes(2));
        assertThat(t.newestDay()).isEqualTo(MONDAY + 1);
        assertThat(t.newestTotal()).isEqualTo(2);
        assertThat(t.byStatus()[0]).as("all days").isEqualTo(9);
    }

    @Test
    void aLatePartialOfAnOlderDayCountsInTheTotalsOnly() {
        AgencyTotals t = AgencyTotals.none().plus(MONDAY + 1, successes(5)).plus(MONDAY, successes(1));

        assertThat(t.newestDay()).isEqualTo(MONDAY + 1);
        assertThat(t.newestTotal()).isEqualTo(5);
        assertThat(t.byStatus()[0]).isEqualTo(6);
    }

    @Test
    void theNewestDaysCountsAreNotSharedWithTheTotalsTheyCameFrom() {
        AgencyTotals before = AgencyTotals.none().plus(MONDAY, successes(1));
        before.plus(MONDAY, successes(1));

        assertThat(before.newestTotal()).isEqualTo(1);
    }
}
