package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepPlanTest {
    private static final Duration HOLD = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    @Test
    void aFactorMultipliesEachStepAndTheMaxRateIsTheLast() {
        StepPlan plan = new StepPlan(1_000, 2, 0, 10_000, HOLD, WARM_UP);
        assertThat(plan.rates()).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L);
        assertThat(plan.window()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anIncrementAddsToEachStepAndAStepOnTheMaxRateIsNotRepeated() {
        assertThat(new StepPlan(500, 0, 500, 2_000, HOLD, WARM_UP).rates()).containsExactly(500L, 1_000L, 1_500L, 2_000L);
        assertThat(new StepPlan(700, 0, 1, 700, HOLD, WARM_UP).rates()).containsExactly(700L);
    }

    @Test
    void aSmallFactorStillClimbsByAtLeastOneEventASecond() {
        assertThat(new StepPlan(1, 1.1, 0, 4, HOLD, WARM_UP).rates()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void plansThatCannotBeJudgedAreRefused() {
        assertThatThrownBy(() -> new StepPlan(1_000, 1.5, 100, 10_000, HOLD, WARM_UP)).hasMessageContaining("either");
        assertThatThrownBy(() -> new StepPlan(1_000, 0, 0, 10_000, HOLD, WARM_UP)).hasMessageContaining("either");
        assertThatThrownBy(() -> new StepPlan(1_000, 1, 0, 10_000, HOLD, WARM_UP)).hasMessageContaining("above 1");
        assertThatThrownBy(() -> new StepPlan(1_000, 2, 0, 999, HOLD, WARM_UP)).hasMessageContaining("below the start");
        assertThatThrownBy(() -> new StepPlan(0, 2, 0, 999, HOLD, WARM_UP)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new StepPlan(1_000, 2, 0, 10_000, Duration.ofSeconds(11), WARM_UP))
                .hasMessageContaining("beyond its warm-up");
    }
}
