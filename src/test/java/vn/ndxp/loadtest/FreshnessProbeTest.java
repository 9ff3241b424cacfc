package vn.ndxp.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshnessProbeTest {

    @Test
    void asksOnlyForTheFamilyItReads() {
        assertThat(FreshnessProbe.onlyTheMetric("http://127.0.0.1:9404/metrics"))
                .isEqualTo("http://127.0.0.1:9404/metrics?name[]=ndxp_platform_transactions_today");
    }

    @Test
    void keepsAQueryTheUserWrote() {
        assertThat(FreshnessProbe.onlyTheMetric("http://h:9404/metrics?name[]=x")).isEqualTo("http://h:9404/metrics?name[]=x");
    }

    @Test
    void readsTheUnlabelledGaugeAndNotItsPrefixFamilies() {
        String page = """
                # TYPE ndxp_platform_transactions_today_by_hour gauge
                ndxp_platform_transactions_today_by_hour 7.0
                # TYPE ndxp_platform_transactions_today gauge
                ndxp_platform_transactions_today 1234.0
                """;
        assertThat(FreshnessProbe.valueOf(page)).hasValue(1234.0);
        assertThat(FreshnessProbe.valueOf("# nothing here\n")).isEmpty();
    }
}
