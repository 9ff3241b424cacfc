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
import vn.ndxp.testing.TestPlatform;
import vn.ndxp.testing.TruthFile;

/**
 * The commonest clock bug on the platform, through the real broker: from 17:00 one busy consumer
 * system writes its local time as UTC (+7 h), so that its events claim the next local day. The
 * day's counts of every agency stay exact, nothing honest turns late, "today" stays today, and the
 * skewed system is named on {@code /metrics} with how far ahead it is.
 */
class ClockSkewIT {
    private static final String SKEWED = "VPCP_DVCQG";

    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "clock-skew-it");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void oneSystemsClockSevenHoursAheadMovesNeitherTheDayNorLateness() throws IOException {
        Path truthFile = dir.resolve("truth.json");
        int exit = Ndxp.execute(new String[] {"simulate", "--from", "2024-04-24", "--volume", "60000", "--seed", "7",
                "--max", "--truth", truthFile.toString(), "--partitions", "6",
                "--scenario", "clock-skew:system=" + SKEWED + ",offset=7h,from=17:00",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl()});
        assertThat(exit).isZero();

        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        long setAside = truth.get("rejected").path("clock-ahead").asLong();
        assertThat(setAside).as("the skewed system's events from 17:00").isGreaterThan(100);
        assertThat(truth.get("late").asLong()).isZero();
        Map<String, Double> expected = TruthFile.expectedCounts(truth, "2024-04-24");
        expected.put(key("ndxp_events_rejected_total", "reason", "clock-ahead"), (double) setAside);
        expected.put(key("ndxp_events_late_total"), 0.0);
        expected.put(key("ndxp_platform_transactions_today"), truth.get("total").asDouble());

        String metricsUrl = platform.metricsUrl();
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            Map<String, Double> samples = PrometheusText.parse(Http.get(metricsUrl).body());
            expected.forEach((series, value) -> assertThat(samples.get(series)).as(series).isEqualTo(value));
            // Measured against the third-newest system's clock, which lags the newest by minutes late at night.
            assertThat(samples.get(key("ndxp_system_clock_ahead_seconds", "system", SKEWED)))
                    .isBetween(7.0 * 3600, 7.0 * 3600 + 900);
        });
    }
}
