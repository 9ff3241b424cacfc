package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.loadtest.capacity.LagHistogramTest.histogram;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepJudgeTest {
    private static final StepJudge JUDGE = new StepJudge(Slo.freshness(2_000));
    private static final long RATE = 10_000;
    private static final double SECONDS = 20;
    /** 200,000 events, 99 % within 250 ms. */
    private static final LagHistogram FRESH = histogram(150_000, 198_000, 199_000, 199_500, 200_000, 200_000, 200_000);

    private static StepJudge.Window window(long ackedInWindow, LagHistogram freshness, List<StepJudge.LagSample> lag, long failed) {
        return new StepJudge.Window(RATE, SECONDS, ackedInWindow, freshness, lag, 300_000, 300_000 - failed, failed);
    }

    /** A scrape a second over the window: the lag starting at {@code base}, growing by {@code perSecond}, with jitter. */
    private static List<StepJudge.LagSample> lag(double base, double perSecond) {
        List<StepJudge.LagSample> samples = new ArrayList<>();
        for (int t = 0; t <= SECONDS; t++) {
            double jitter = t % 3 == 0 ? 2_000 : 0; // a commit batch now and then: records waiting for a moment
            samples.add(new StepJudge.LagSample(t, base + perSecond * t + jitter));
        }
        return samples;
    }

    @Test
    void aStepWithinTheSloAtTheAskedRateIsSustained() {
        StepResult r = JUDGE.judge(window(200_000, FRESH, lag(1_000, 0), 0));
        assertThat(r.sustained()).isTrue();
        assertThat(r.limit()).isNull();
        assertThat(r.reason()).isNull();
        assertThat(r.achievedEps()).isEqualTo(10_000);
        assertThat(r.freshnessP99Ms()).isBetween(100.0, 250.0);
        assertThat(r.lagMax()).isEqualTo(3_000);
        assertThat(r.processed()).isEqualTo(200_000);
    }

    @Test
    void aStepBreaksOnFreshness() {
        // 3 % of the events over 2 s: the p99 is in (2, 5] s.
        LagHistogram slow = histogram(150_000, 180_000, 190_000, 192_000, 194_000, 200_000, 200_000);
        StepResult r = JUDGE.judge(window(200_000, slow, lag(1_000, 0), 0));
        assertThat(r.sustained()).isFalse();
        assertThat(r.limit()).isEqualTo(StepResult.Limit.PLATFORM);
        assertThat(r.freshnessP99Ms()).isGreaterThan(2_000);
        assertThat(r.reason()).startsWith("freshness p99").contains("over the SLO's 2,000 ms");
    }

    @Test
    void aStepBreaksOnGrowingLagEvenWhileFreshnessIsStillWithinTheSlo() {
        // Falling behind by 1,000 records/s (10 % of the rate): the events processed are still fresh.
        StepResult r = JUDGE.judge(window(200_000, FRESH, lag(1_000, 1_000), 0));
        assertThat(r.sustained()).isFalse();
        assertThat(r.limit()).isEqualTo(StepResult.Limit.PLATFORM);
        assertThat(r.lagGrowthPerSecond()).isBetween(900.0, 1_100.0);
        assertThat(r.reason()).startsWith("lag growing by");
    }

    @Test
    void lagThatGrowsLessThanTheToleranceIsNoise() {
        StepResult r = JUDGE.judge(window(200_000, FRESH, lag(1_000, 300), 0));
        assertThat(r.sustained()).isTrue();
    }

    @Test
    void inAShortWindowTheBacklogMayMoveBySecondOfEventsBeforeItIsATrend() {
        // 4 s at 10,000 events/s: up to 10,000 records of growth (2,500/s) is commit batches, not falling behind.
        List<StepJudge.LagSample> batches = List.of(new StepJudge.LagSample(0, 0), new StepJudge.LagSample(2, 5_000),
                new StepJudge.LagSample(4, 8_000));
        StepJudge.Window shortWindow = new StepJudge.Window(RATE, 4, 40_000, FRESH, batches, 60_000, 60_000, 0);
        assertThat(JUDGE.judge(shortWindow).sustained()).isTrue();
        List<StepJudge.LagSample> behind = List.of(new StepJudge.LagSample(0, 0), new StepJudge.LagSample(2, 6_000),
                new StepJudge.LagSample(4, 12_000));
        StepResult r = JUDGE.judge(new StepJudge.Window(RATE, 4, 40_000, FRESH, behind, 60_000, 60_000, 0));
        assertThat(r.sustained()).isFalse();
        assertThat(r.reason()).isEqualTo("lag growing by 3,000 records/s (over 2,500, 25 % of the rate)");
    }

    @Test
    void aStepBreaksWhenTheGeneratorFallsShortAndSaysTheLimitIsTheGenerator() {
        StepResult r = JUDGE.judge(window(180_000, FRESH, lag(1_000, 0), 0));
        assertThat(r.sustained()).isFalse();
        assertThat(r.limit()).isEqualTo(StepResult.Limit.GENERATOR);
        assertThat(r.achievedEps()).isEqualTo(9_000);
        assertThat(r.reason()).isEqualTo("the load generator reached only 9,000 of 10,000 events/s");
    }

    @Test
    void theGeneratorWithinItsToleranceIsEnough() {
        assertThat(JUDGE.judge(window(191_000, FRESH, lag(1_000, 0), 0)).sustained()).isTrue();
    }

    @Test
    void failedSendsBreakTheStepOnTheGeneratorSide() {
        StepResult r = JUDGE.judge(window(200_000, FRESH, lag(1_000, 0), 5));
        assertThat(r.limit()).isEqualTo(StepResult.Limit.GENERATOR);
        assertThat(r.reason()).isEqualTo("5 sends failed");
    }

    @Test
    void thePlatformBreakingWinsOverTheGeneratorFallingShort() {
        StepResult r = JUDGE.judge(window(100_000, FRESH, lag(1_000, 5_000), 0));
        assertThat(r.limit()).isEqualTo(StepResult.Limit.PLATFORM);
        assertThat(r.reason()).contains("lag growing").contains("the load generator reached only 5,000");
    }

    @Test
    void nothingProcessedInTheWindowIsAPlatformThatStopped() {
        StepResult r = JUDGE.judge(window(200_000, histogram(0, 0, 0, 0, 0, 0, 0), lag(1_000, 0), 0));
        assertThat(r.sustained()).isFalse();
        assertThat(r.freshnessP99Ms()).isNull();
        assertThat(r.reason()).isEqualTo("the platform processed no event in the window");
    }

    @Test
    void withoutLagOnThePageFreshnessAloneJudges() {
        List<StepJudge.LagSample> unknown = List.of(new StepJudge.LagSample(0, Double.NaN), new StepJudge.LagSample(20, Double.NaN));
        StepResult r = JUDGE.judge(window(200_000, FRESH, unknown, 0));
        assertThat(r.sustained()).isTrue();
        assertThat(r.lagMax()).isNull();
        assertThat(r.lagGrowthPerSecond()).isNull();
    }
}
