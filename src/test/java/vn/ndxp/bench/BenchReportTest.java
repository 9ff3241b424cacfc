package vn.ndxp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run that stands for several of the pre-loaded day ({@code bench --repeat N}). */
class BenchReportTest {

    @Test
    void theMedianRunStandsForAnOddNumber() {
        assertThat(BenchReport.median(List.of(run(90_000), run(120_000), run(100_000))).measurement().eventsPerSecond())
                .isEqualTo(100_000);
        assertThat(BenchReport.median(List.of(run(70_000))).measurement().eventsPerSecond()).isEqualTo(70_000);
    }

    @Test
    void ofAnEvenNumberTheSlowerOfTheMiddleTwo() {
        assertThat(BenchReport.median(List.of(run(130_000), run(90_000), run(110_000), run(100_000)))
                .measurement().eventsPerSecond()).isEqualTo(100_000);
    }

    private static BenchReport.StreamsRun run(long eventsPerSecond) {
        CpuPerEvent cpu = new CpuPerEvent(0, 0, 0, 0, 0);
        return new BenchReport.StreamsRun(new Measurement("topology", eventsPerSecond, 0, 1), null, true, 0, 0, cpu, cpu,
                0, 0, 0, new MetricsScrape.Full(0, 0, 0));
    }
}
