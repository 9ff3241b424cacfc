package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityReportTest {
    private static final StepPlan PLAN = new StepPlan(1_000, 2, 0, 100_000, Duration.ofSeconds(30), Duration.ofSeconds(10));
    private static final Slo SLO = Slo.freshness(2_000);

    private static StepResult sustained(long rate) {
        return new StepResult(rate, rate, 120.0, rate * 20, 500L, 1.0, rate * 30, rate * 30, 0, true, null, null);
    }

    private static StepResult broken(long rate, StepResult.Limit limit, String reason) {
        return new StepResult(rate, rate, 3_000.0, rate * 20, 500L, 1.0, rate * 30, rate * 30, 0, false, limit, reason);
    }

    @Test
    void theCapacityIsTheLastSustainedStepBeforeThePlatformBroke(@TempDir Path dir) throws IOException {
        CapacityReport r = CapacityReport.of(PLAN, SLO, List.of(sustained(1_000), sustained(2_000),
                broken(4_000, StepResult.Limit.PLATFORM, "freshness p99 3,000 ms over the SLO's 2,000 ms")), null);
        assertThat(r.capacityEps()).isEqualTo(2_000);
        assertThat(r.limitedBy()).isEqualTo("platform");
        assertThat(r.conclusion()).startsWith("Capacity 2,000 events/s: at 4,000 events/s the platform broke the SLO");

        Path file = dir.resolve("capacity.json");
        r.write(file);
        assertThat(dir.toFile().list()).as("no temporary file left").containsExactly("capacity.json");
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.get("capacityEps").asLong()).isEqualTo(2_000);
        assertThat(json.get("slo").get("freshnessP99Ms").asDouble()).isEqualTo(2_000);
        assertThat(json.get("plan").get("stepFactor").asDouble()).isEqualTo(2);
        assertThat(json.get("plan").has("stepIncrementEps")).isFalse();
        assertThat(json.get("steps")).hasSize(3);
        JsonNode last = json.get("steps").get(2);
        assertThat(last.get("rateEps").asLong()).isEqualTo(4_000);
        assertThat(last.get("sustained").asBoolean()).isFalse();
        assertThat(last.get("limit").asText()).isEqualTo("PLATFORM");
        assertThat(json.get("steps").get(0).has("reason")).isFalse();
    }

    @Test
    void aGeneratorThatFallsShortGivesALowerBoundAndSaysSo() {
        CapacityReport r = CapacityReport.of(PLAN, SLO, List.of(sustained(1_000),
                broken(2_000, StepResult.Limit.GENERATOR, "the load generator reached only 1,500 of 2,000 events/s")), null);
        assertThat(r.capacityEps()).isEqualTo(1_000);
        assertThat(r.limitedBy()).isEqualTo("generator");
        assertThat(r.conclusion()).startsWith("Capacity at least 1,000 events/s").contains("The limit is the load generator, not the platform");
    }

    @Test
    void aFirstStepThatBreaksLeavesNoCapacity() {
        CapacityReport r = CapacityReport.of(PLAN, SLO, List.of(broken(1_000, StepResult.Limit.PLATFORM, "lag growing")), null);
        assertThat(r.capacityEps()).isNull();
        assertThat(r.conclusion()).startsWith("Capacity below the start rate of 1,000 events/s");
    }

    @Test
    void everyStepSustainedOrAStopSaysSo() {
        assertThat(CapacityReport.of(PLAN, SLO, List.of(sustained(1_000), sustained(100_000)), null).limitedBy())
                .isEqualTo("max-rate");
        CapacityReport stopped = CapacityReport.of(PLAN, SLO, List.of(sustained(1_000)), "stopped");
        assertThat(stopped.limitedBy()).isEqualTo("stopped");
        assertThat(stopped.capacityEps()).isEqualTo(1_000);
    }
}
