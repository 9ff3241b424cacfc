package vn.ndxp.topology.analytics;

import java.time.Duration;

/**
 * The analytics' tunables: how often partials move, how long windows are kept, and the alert
 * rules' thresholds (see docs/topology.md and the README's "Analytics and query API"). Immutable;
 * {@link #defaults()} then {@code with*} copies.
 *
 * @param flushInterval      wall-clock time between two flushes of an input partition's partials
 * @param liveFlushInterval  the same while the partition's events are live (the newest processed
 *                           within this interval of its requestTime): shorter, so that the counts
 *                           follow the traffic closely; a backlog, an old day or a platform behind is
 *                           flushed every {@code flushInterval}, in fewer and larger transactions.
 *                           At most {@code flushInterval}.
 * @param maxPendingCells    flush early once this many partial cells are pending (bounds memory)
 * @param minuteRetention    how long the 1-minute service-health and platform windows are kept
 * @param dayRetention       how long the daily service-health and flow windows are kept
 * @param alertRetention     how long raised and cleared alerts stay queryable
 * @param silence            silent system: minutes of office hours without a call
 * @param silenceMinExpected silent system: calls the baseline must expect in that time to alert
 * @param errorRatio         provider errors: PROVIDER_ERROR + TIMEOUT share of requests that raises
 * @param errorMinRequests   provider errors: fewest requests in the window to judge the ratio
 * @param errorWindow        provider errors: the window of complete minutes judged
 * @param volumeFactor       volume: an hour with more than factor × or less than 1/factor × the baseline
 * @param volumeMinCount     volume: fewest calls (observed if above, expected if below) to judge an hour
 * @param baselineAlpha      weight of a new hour in the hour-of-week EWMA (0..1]
 * @param baselineMinSamples observations of an hour-of-week slot before the baseline is trusted
 * @param idleSource         an input partition behind the newest that has not moved for this much wall-clock time is ignored
 */
public record AnalyticsConfig(Duration flushInterval, Duration liveFlushInterval, int maxPendingCells,
                              Duration minuteRetention, Duration dayRetention, Duration alertRetention, Duration silence,
                              double silenceMinExpected, double errorRatio, long errorMinRequests,
                              Duration errorWindow, double volumeFactor, long volumeMinCount,
                              double baselineAlpha, int baselineMinSamples, Duration idleSource) {

    public AnalyticsConfig {
        positive("flushInterval", flushInterval);
        positive("liveFlushInterval", liveFlushInterval);
        require(liveFlushInterval.compareTo(flushInterval) <= 0, "liveFlushInterval must be at most flushInterval");
        positive("minuteRetention", minuteRetention);
        positive("dayRetention", dayRetention);
        positive("alertRetention", alertRetention);
        positive("silence", silence);
        positive("errorWindow", errorWindow);
        positive("idleSource", idleSource);
        require(maxPendingCells > 0, "maxPendingCells must be positive");
        require(minuteRetention.compareTo(Duration.ofMinutes(10)) >= 0, "minuteRetention must be at least 10 minutes");
        require(dayRetention.compareTo(Duration.ofDays(1)) >= 0, "dayRetention must be at least a day");
        require(errorWindow.toMinutes() >= 1 && errorWindow.toMinutes() <= 60 && errorWindow.toMillis() % 60_000 == 0,
                "errorWindow must be 1 to 60 whole minutes");
        require(silence.toMillis() % 60_000 == 0, "silence must be whole minutes");
        require(silenceMinExpected > 0, "silenceMinExpected must be positive");
        require(errorRatio > 0 && errorRatio <= 1, "errorRatio must be in (0, 1]");
        require(errorMinRequests >= 1, "errorMinRequests must be at least 1");
        require(volumeFactor > 1, "volumeFactor must be above 1");
        require(volumeMinCount >= 1, "volumeMinCount must be at least 1");
        require(baselineAlpha > 0 && baselineAlpha <= 1, "baselineAlpha must be in (0, 1]");
        require(baselineMinSamples >= 1, "baselineMinSamples must be at least 1");
    }

    public static AnalyticsConfig defaults() {
        return new AnalyticsConfig(Duration.ofSeconds(1), Duration.ofMillis(250), 20_000, Duration.ofHours(6), Duration.ofDays(35),
                Duration.ofDays(7), Duration.ofMinutes(15), 10, 0.2, 20, Duration.ofMinutes(5), 3.0, 60, 0.3, 3,
                Duration.ofMinutes(1));
    }

    /** Both flush intervals: {@code live} while the events are live, {@code d} otherwise. */
    public AnalyticsConfig withFlushIntervals(Duration d, Duration live) {
        return new AnalyticsConfig(d, live, maxPendingCells, minuteRetention, dayRetention, alertRetention, silence,
                silenceMinExpected, errorRatio, errorMinRequests, errorWindow, volumeFactor, volumeMinCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    public AnalyticsConfig withSilence(Duration d, double minExpected) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, maxPendingCells, minuteRetention, dayRetention, alertRetention, d,
                minExpected, errorRatio, errorMinRequests, errorWindow, volumeFactor, volumeMinCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    public AnalyticsConfig withErrorRatio(double ratio, long minRequests) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, maxPendingCells, minuteRetention, dayRetention, alertRetention,
                silence, silenceMinExpected, ratio, minRequests, errorWindow, volumeFactor, volumeMinCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    public AnalyticsConfig withVolume(double factor, long minCount) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, maxPendingCells, minuteRetention, dayRetention, alertRetention,
                silence, silenceMinExpected, errorRatio, errorMinRequests, errorWindow, factor, minCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    public AnalyticsConfig withBaseline(double alpha, int minSamples) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, maxPendingCells, minuteRetention, dayRetention, alertRetention,
                silence, silenceMinExpected, errorRatio, errorMinRequests, errorWindow, volumeFactor, volumeMinCount,
                alpha, minSamples, idleSource);
    }

    public AnalyticsConfig withRetention(Duration minutes, Duration days) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, maxPendingCells, minutes, days, alertRetention, silence,
                silenceMinExpected, errorRatio, errorMinRequests, errorWindow, volumeFactor, volumeMinCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    public AnalyticsConfig withMaxPendingCells(int cells) {
        return new AnalyticsConfig(flushInterval, liveFlushInterval, cells, minuteRetention, dayRetention, alertRetention, silence,
                silenceMinExpected, errorRatio, errorMinRequests, errorWindow, volumeFactor, volumeMinCount,
                baselineAlpha, baselineMinSamples, idleSource);
    }

    private static void positive(String name, Duration d) {
        require(d != null && !d.isNegative() && !d.isZero(), name + " must be a positive duration");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
