package vn.ndxp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.ndxp.testing.PrometheusText.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TruthFile;
import vn.ndxp.testing.TestPlatform;

/**
 * The simulator's ground truth against what the real platform counts: two simulated days with
 * late, out-of-order and malformed records, sent through the CLI into the embedded broker.
 */
class SimulatorIT {
    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "simulator-it");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void countsOnMetricsEqualTheGroundTruth() throws IOException {
        Path truthFile = dir.resolve("truth.json");
        int exit = Ndxp.execute(new String[] {"simulate", "--from", "2024-04-24", "--days", "2", "--volume", "110000",
                "--seed", "5", "--max", "--truth", truthFile.toString(), "--partitions", "6",
                "--scenario", "late:fraction=0.03,delay=8h", "--scenario", "out-of-order:fraction=0.05,max-shift=20m",
                "--scenario", "malformed:fraction=0.002",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl()});
        assertThat(exit).isZero();

        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        assertThat(truth.get("total").asLong() + truth.get("late").asLong()).isEqualTo(220_000);
        assertThat(truth.get("late").asLong()).as("the scenario made late events").isPositive();
        Map<String, Double> expected = TruthFile.expectedCounts(truth, "2024-04-25");
        truth.get("rejected").fields().forEachRemaining(reason ->
                expected.put(key("ndxp_events_rejected_total", "reason", reason.getKey()), reason.getValue().asDouble()));

        String metricsUrl = platform.metricsUrl();
        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
            Map<String, Double> samples = PrometheusText.parse(Http.get(metricsUrl).body());
            expected.forEach((series, value) -> assertThat(samples.get(series)).as(series).isEqualTo(value));
        });
    }
}
