package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;

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
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.testing.TestPlatform;
import vn.ndxp.topology.analytics.AnalyticsConfig;

/**
 * Live traffic counts within about a second of its send, and the last events of a burst count at
 * their flush, not at some later commit. The app commits only after its flushes (the backstop
 * commit interval is stretched to a minute), flushes every 5 s but for live events (every 250 ms),
 * and is measured from the outside: {@code replay --rate --stamp-now --metrics-url}, whose probe
 * takes the age of the newest event {@code ndxp_platform_transactions_today} counts.
 */
class LiveCountsIT {
    private static final Duration FLUSH = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "live-counts-it", options -> {
            StreamsApp.Options.Counting c = options.counting();
            AnalyticsConfig analytics = c.analytics().with(new AnalyticsConfig.Flushes(FLUSH, Duration.ofMillis(250), 20_000));
            return options.withCounting(new StreamsApp.Options.Counting(c.grace(), c.rules(), c.catalog(), analytics,
                            c.countsRetention()))
                    .withKafkaProperties(Map.of("commit.interval.ms", 60_000, "producer.transaction.timeout.ms", 120_000));
        });
        platform.awaitReady();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void liveEventsCountWithinAFlushOfTheirSendAndTheLastOnesWithoutWaitingForACommit() throws IOException {
        Path day = dir.resolve("day.avro");
        assertThat(Ndxp.execute(new String[] {"simulate", "--volume", "5000", "--seed", "3", "--max",
                "--out", day.toString()})).isZero();
        Path report = dir.resolve("report.json");

        int exit = Ndxp.execute(new String[] {"replay", "--file", day.toString(), "--rate", "500", "--duration", "6s",
                "--loop", "0", "--stamp-now", "--new-ids", "--metrics-port", "-1", "--report", report.toString(),
                "--metrics-url", platform.metricsUrl(), "--freshness-wait", "30s",
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.schemaRegistryUrl()});

        assertThat(exit).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        JsonNode freshness = r.get("freshness");
        assertThat(freshness.get("counted").asLong()).as("every event sent counted once").isEqualTo(r.get("acked").asLong());
        assertThat(freshness.get("allCountedMs").isNumber())
                .as("the last events counted within the wait, not at the minute's commit: " + freshness).isTrue();
        assertThat(freshness.get("allCountedMs").asDouble()).isLessThan(FLUSH.toMillis());
        assertThat(freshness.get("samplesMs").get("p50").asDouble())
                .as("live events flushed every 250 ms, not every 5 s: " + freshness).isLessThan(2_000);
    }
}
