package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import vn.ndxp.topology.analytics.AnalyticsConfig;

class AnalyticsOptionsTest {

    private static AnalyticsConfig parse(String... args) {
        AnalyticsOptions options = new AnalyticsOptions();
        new CommandLine(options).parseArgs(args);
        return options.config();
    }

    @Test
    void liveEventsAreFlushedEveryQuarterSecondAndTheRestEverySecond() {
        AnalyticsConfig c = parse();

        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.liveFlushInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aLiveFlushAsLongAsTheOtherTurnsItOff() {
        assertThat(parse("--live-flush", "1s").liveFlushInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFlushIntervalShorterThanTheLiveOneServesForBoth() {
        AnalyticsConfig c = parse("--analytics-flush", "100ms");

        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.liveFlushInterval()).isEqualTo(Duration.ofMillis(100));
    }
}
