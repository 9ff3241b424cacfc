package vn.ndxp.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsConfig.Baseline;
import vn.ndxp.topology.analytics.AnalyticsConfig.ErrorRule;
import vn.ndxp.topology.analytics.AnalyticsConfig.Flushes;
import vn.ndxp.topology.analytics.AnalyticsConfig.Retention;
import vn.ndxp.topology.analytics.AnalyticsConfig.SilenceRule;
import vn.ndxp.topology.analytics.AnalyticsConfig.VolumeRule;

/** The analytics' thresholds and intervals, shared by {@code streams} and {@code demo}; defaults in {@link AnalyticsConfig}. */
final class AnalyticsOptions {
    @Option(names = "--analytics-flush", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often each input partition sends its partial aggregates on while its events are not live:"
                    + " a backlog, an old day, a platform behind or just started; fewer, larger transactions catch up"
                    + " sooner (default: ${DEFAULT-VALUE}).")
    Duration flush;

    @Option(names = "--live-flush", paramLabel = "DURATION", defaultValue = "250ms", converter = DurationConverter.class,
            description = "How often instead while the events are live, processed within this time of their send: the"
                    + " counts then follow the traffic within about half a second, for more, smaller transactions; a"
                    + " backlog, an old day or a platform behind is flushed every --analytics-flush (default:"
                    + " ${DEFAULT-VALUE}; at most --analytics-flush).")
    Duration liveFlush;

    @Option(names = "--minute-retention", paramLabel = "DURATION", defaultValue = "6h", converter = DurationConverter.class,
            description = "How long 1-minute service-health windows are kept (default: ${DEFAULT-VALUE}).")
    Duration minuteRetention;

    @Option(names = "--day-retention", paramLabel = "DURATION", defaultValue = "35d", converter = DurationConverter.class,
            description = "How long daily service health, flows and platform minutes are kept (default: ${DEFAULT-VALUE}).")
    Duration dayRetention;

    @Option(names = "--silence", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "Silent-system alert: working minutes without a call (default: ${DEFAULT-VALUE}).")
    Duration silence;

    @Option(names = "--silence-min-expected", paramLabel = "N", defaultValue = "10",
            description = "Silent-system alert: calls the hour-of-week baseline must expect in that time (default: ${DEFAULT-VALUE}).")
    double silenceMinExpected;

    @Option(names = "--error-ratio", paramLabel = "RATIO", defaultValue = "0.2",
            description = "Provider-error alert: share of PROVIDER_ERROR and TIMEOUT over 5 minutes (default: ${DEFAULT-VALUE};"
                    + " clears below half of it).")
    double errorRatio;

    @Option(names = "--error-min-requests", paramLabel = "N", defaultValue = "20",
            description = "Provider-error alert: fewest requests in the 5 minutes to judge (default: ${DEFAULT-VALUE}).")
    long errorMinRequests;

    @Option(names = "--volume-factor", paramLabel = "X", defaultValue = "3",
            description = "Volume alert: an hour above X times or below 1/X of its hour-of-week baseline (default: ${DEFAULT-VALUE}).")
    double volumeFactor;

    @Option(names = "--volume-min-count", paramLabel = "N", defaultValue = "60",
            description = "Volume alert: fewest calls in the hour (observed above, expected below) to judge (default: ${DEFAULT-VALUE}).")
    long volumeMinCount;

    @Option(names = "--baseline-alpha", paramLabel = "A", defaultValue = "0.3",
            description = "Weight of the newest week in the hour-of-week baseline (EWMA, default: ${DEFAULT-VALUE}).")
    double baselineAlpha;

    @Option(names = "--baseline-min-samples", paramLabel = "N", defaultValue = "3",
            description = "Weeks an hour-of-week slot must have been seen before the silence and volume rules use it"
                    + " (default: ${DEFAULT-VALUE}).")
    int baselineMinSamples;

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    AnalyticsConfig config() {
        try {
            AnalyticsConfig defaults = AnalyticsConfig.defaults();
            return defaults
                    .with(new Flushes(flush, min(liveFlush, flush), defaults.flushes().maxPendingCells()))
                    .with(new Retention(minuteRetention, dayRetention, defaults.retention().alerts()))
                    .with(new SilenceRule(silence, silenceMinExpected))
                    .with(new ErrorRule(errorRatio, errorMinRequests, defaults.errors().window()))
                    .with(new VolumeRule(volumeFactor, volumeMinCount))
                    .with(new Baseline(baselineAlpha, baselineMinSamples));
        } catch (IllegalArgumentException e) {
            throw new UserException("Bad analytics option: " + e.getMessage());
        }
    }
}
