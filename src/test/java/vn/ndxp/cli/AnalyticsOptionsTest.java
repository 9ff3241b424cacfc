package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void liveEventsAreFlushedEveryQuarterSecondAndTheRestEveryTwoSeconds() {
        AnalyticsConfig c = parse();

        assertThat(c.flushes().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.flushes().live()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aLiveFlushAsLongAsTheOtherTurnsItOff() {
        assertThat(parse("--live-flush", "2s").flushes().live()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aFlushIntervalShorterThanTheLiveOneServesForBoth() {
        AnalyticsConfig c = parse("--analytics-flush", "100ms");

        assertThat(c.flushes().interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.flushes().live()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void everyOptionLandsInItsOwnSetting() {
        AnalyticsConfig c = parse("--analytics-flush", "3s", "--live-flush", "500ms", "--minute-retention", "12h",
                "--day-retention", "40d", "--silence", "20m", "--silence-min-expected", "7", "--error-ratio", "0.3",
                "--error-min-requests", "9", "--volume-factor", "4", "--volume-min-count", "11", "--baseline-alpha", "0.5",
                "--baseline-min-samples", "2");

        AnalyticsConfig defaults = AnalyticsConfig.defaults();
        assertThat(c.flushes()).isEqualTo(new AnalyticsConfig.Flushes(Duration.ofSeconds(3), Duration.ofMillis(500),
                defaults.flushes().maxPendingCells()));
        assertThat(c.retention()).isEqualTo(new AnalyticsConfig.Retention(Duration.ofHours(12), Duration.ofDays(40),
                defaults.retention().alerts()));
        assertThat(c.silence()).isEqualTo(new AnalyticsConfig.SilenceRule(Duration.ofMinutes(20), 7));
        assertThat(c.errors()).isEqualTo(new AnalyticsConfig.ErrorRule(0.3, 9, defaults.errors().window()));
        assertThat(c.volume()).isEqualTo(new AnalyticsConfig.VolumeRule(4, 11));
        assertThat(c.baseline()).isEqualTo(new AnalyticsConfig.Baseline(0.5, 2));
        assertThat(c.idleSource()).isEqualTo(defaults.idleSource());
    }

    @Test
    void aValueOutOfRangeIsAUserErrorThatNamesIt() {
        assertThatThrownBy(() -> parse("--error-ratio", "1.5"))
                .isInstanceOf(UserException.class).hasMessage("Bad analytics option: error ratio must be in (0, 1]");
        assertThatThrownBy(() -> parse("--minute-retention", "5m"))
                .isInstanceOf(UserException.class).hasMessageContaining("minute retention must be at least 10 minutes");
    }
}
