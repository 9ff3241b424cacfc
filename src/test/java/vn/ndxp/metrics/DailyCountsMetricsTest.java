package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.Role;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.AgencyTotals;
import vn.ndxp.topology.TaskCounters;

class DailyCountsMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Micrometer holds function meters' state weakly: the test keeps it, as StreamsApp does. */
    private DailyCountsMetrics metrics;

    private static AgencyDailyCount count(String agency, Role role, String date, long success, long timeout) {
        return AgencyDailyCount.newBuilder().setAgency(agency).setRole(role).setDate(LocalDate.parse(date))
                .setTotal(success + timeout).setSuccess(success).setClientError(0).setProviderError(0)
                .setTimeout(timeout).setRejected(0).build();
    }

    /** Each day as if counted by a task of its own: its totals, and it as the newest day. */
    private static CountsSnapshot snapshot(AgencyDailyCount... counts) {
        CountsSnapshot s = new CountsSnapshot();
        for (AgencyDailyCount c : counts) {
            long[] byStatus = AgencyTotals.byStatus(c);
            s.addTotals(c.getAgency() + "/" + AgencyDayKey.roleLabel(c.getRole()),
                    new AgencyTotals(byStatus, c.getDate().toEpochDay(), byStatus));
        }
        s.addHygiene("late", 2);
        s.addHygiene("late", 3);
        s.addHygiene("rejected/bad-magic", 4);
        s.addHygiene("duplicate", 6);
        s.addHygiene("duplicate", 1);
        return s;
    }

    private Map<String, Double> scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void todayIsTheNewestDayAndTotalsAddUpAllDays() {
        metrics = new DailyCountsMetrics(() -> snapshot(
                count("VPCP", Role.CONSUMER, "2024-04-23", 10, 1),
                count("VPCP", Role.CONSUMER, "2024-04-24", 5, 0),
                count("BCA", Role.PROVIDER, "2024-04-23", 10, 1),
                count("BCA", Role.PROVIDER, "2024-04-24", 5, 0),
                count("HNI", Role.CONSUMER, "2024-04-23", 7, 0)));
        metrics.bindTo(registry);

        Map<String, Double> m = scrape();
        assertThat(m.get(PrometheusText.key("ndxp_agency_transactions_today", "agency", "VPCP", "role", "consumer"))).isEqualTo(5.0);
        assertThat(m.get(PrometheusText.key("ndxp_agency_transactions_today", "agency", "HNI", "role", "consumer")))
                .as("no traffic yet today").isEqualTo(0.0);
        assertThat(m.get("ndxp_platform_transactions_today")).isEqualTo(5.0);
        assertThat(m.get("ndxp_platform_transactions_total")).as("every day, each transaction once").isEqualTo(23.0);
        assertThat(m.get(PrometheusText.key("ndxp_transactions_total", "agency", "VPCP", "role", "consumer", "status", "SUCCESS")))
                .isEqualTo(15.0);
        assertThat(m.get(PrometheusText.key("ndxp_transactions_total", "agency", "BCA", "role", "provider", "status", "TIMEOUT")))
                .isEqualTo(1.0);
        assertThat(m.get("ndxp_events_late_total")).as("summed over partitions").isEqualTo(5.0);
        assertThat(m.get(PrometheusText.key("ndxp_events_rejected_total", "reason", "bad-magic"))).isEqualTo(4.0);
    }

    @Test
    void keepsTheLastValuesWhileTheStoresAreUnavailable() {
        boolean[] available = {true};
        metrics = new DailyCountsMetrics(() -> {
            if (!available[0]) {
                throw new InvalidStateStoreException("rebalancing");
            }
            return snapshot(count("VPCP", Role.CONSUMER, "2024-04-24", 5, 0));
        });
        metrics.bindTo(registry);
        available[0] = false;
        metrics.refresh();

        assertThat(scrape().get("ndxp_platform_transactions_today")).isEqualTo(5.0);
    }

    @Test
    void countsDuplicatesAndShowsEveryRejectionReasonFromZero() {
        metrics = new DailyCountsMetrics(() -> snapshot());
        metrics.bindTo(registry);

        Map<String, Double> m = scrape();
        assertThat(m.get("ndxp_events_duplicate_total")).as("summed over partitions").isEqualTo(7.0);
        for (RejectReason reason : RejectReason.values()) {
            assertThat(m.get(PrometheusText.key("ndxp_events_rejected_total", "reason", reason.code())))
                    .as(reason.code()).isEqualTo(reason == RejectReason.BAD_MAGIC ? 4.0 : 0.0);
        }
    }

    @Test
    void expectedAgenciesHaveTheirSeriesFromZeroBeforeTheirFirstEvent() {
        metrics = new DailyCountsMetrics(() -> snapshot(count("VPCP", Role.CONSUMER, "2024-04-24", 5, 0)),
                TaskCounters.discarding(), List.of("VPCP/consumer", "BCA/provider"));
        metrics.bindTo(registry);

        Map<String, Double> m = scrape();
        for (String status : List.of("SUCCESS", "TIMEOUT")) {
            assertThat(m.get(PrometheusText.key("ndxp_transactions_total", "agency", "BCA", "role", "provider", "status", status)))
                    .as("an expected agency not counted yet: " + status).isEqualTo(0.0);
        }
        assertThat(m.get(PrometheusText.key("ndxp_agency_transactions_today", "agency", "BCA", "role", "provider"))).isEqualTo(0.0);
        assertThat(m.get(PrometheusText.key("ndxp_agency_transactions_today", "agency", "VPCP", "role", "consumer"))).isEqualTo(5.0);
        assertThat(m).as("nothing expected or counted").doesNotContainKey(
                PrometheusText.key("ndxp_agency_transactions_today", "agency", "HNI", "role", "consumer"));
    }
}
