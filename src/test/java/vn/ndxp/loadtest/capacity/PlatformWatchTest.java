package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PlatformWatchTest {
    private static final String PAGE = """
            # HELP ndxp_event_lag_seconds Processing wall clock minus event time (requestTime) of each valid event
            # TYPE ndxp_event_lag_seconds histogram
            ndxp_event_lag_seconds_bucket{le="0.1"} 80
            ndxp_event_lag_seconds_bucket{le="0.25"} 95
            ndxp_event_lag_seconds_bucket{le="0.5"} 99
            ndxp_event_lag_seconds_bucket{le="+Inf"} 100
            ndxp_event_lag_seconds_count 100
            ndxp_event_lag_seconds_sum 7.5
            # TYPE ndxp_stage_lag_records gauge
            ndxp_stage_lag_records{stage="analytics"} 12.0
            ndxp_stage_lag_records{stage="counts"} 30.0
            ndxp_stage_lag_records{stage="input"} 400.0
            ndxp_stage_lag_records_other 1e9
            """;

    @Test
    void readsTheFreshnessBucketsAndTheLagOfEveryStage() throws IOException {
        PlatformWatch.Sample s = PlatformWatch.parse(PAGE, 42);
        assertThat(s.nanos()).isEqualTo(42);
        assertThat(s.freshness().count()).isEqualTo(100);
        assertThat(s.freshness().quantile(0.99)).isEqualTo(0.5);
        assertThat(s.lagRecords()).isEqualTo(442);
    }

    @Test
    void aPageWithoutTheLagGaugesHasAnUnknownLagAndOneWithoutTheHistogramIsRefused() throws IOException {
        assertThat(PlatformWatch.parse(PAGE.lines().filter(l -> !l.startsWith("ndxp_stage")).reduce("", (a, b) -> a + b + "\n"), 0)
                .lagRecords()).isNaN();
        assertThatThrownBy(() -> PlatformWatch.parse("ndxp_platform_transactions_today 5\n", 0))
                .isInstanceOf(IOException.class).hasMessageContaining("no ndxp_event_lag_seconds");
    }

    @Test
    void asksForItsTwoFamiliesOnlyUnlessTheUrlHasAQuery() {
        assertThat(new PlatformWatch("http://127.0.0.1:9404/metrics").url())
                .isEqualTo("http://127.0.0.1:9404/metrics?name[]=ndxp_event_lag_seconds&name[]=ndxp_stage_lag_records");
        assertThat(new PlatformWatch("http://h/metrics?x=1").url()).isEqualTo("http://h/metrics?x=1");
    }
}
