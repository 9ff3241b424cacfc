package vn.ndxp.topology.analytics;

import java.time.Duration;

/**
 * The analytics' tunables, in small groups: how often partials move, how long windows are kept,
 * and each alert rule's thresholds (see docs/topology.md and the README's "Analytics and query
 * API"). Immutable; {@link #defaults()} then {@code with*} copies, one group at a time. Each group
 * checks its own values.
 *
 * @param flushes    how often the combiners send their partials
 * @param retention  how long windows and alerts are kept
 * @param silence    the silent-system rule
 * @param errors     the provider-error rule
 * @param volume     the volume rule
 * @param baseline   the hour-of-week baseline that the silence and volume rules compare with
 * @param idleSource an input partition behind the newest that has not moved for this much
 *                   wall-clock time is ignored
 */
public record AnalyticsConfig(Flushes flushes, Retention retention, SilenceRule silence, ErrorRule errors,
                              VolumeRule volume, Baseline baseline, Duration idleSource) {

    /**
     * @param interval        wall-clock time between two flushes of an input partition's partials
     *                        while its events are not live: a backlog, an old day, a platform
     *                        behind or just started, in fewer and larger transactions, each of which
     *                        waits for the broker
     * @param live            the same while the partition's events are live (the newest processed
     *                        within this interval of its requestTime): shorter, so that the counts
     *                        follow the traffic closely. At most {@code interval}.
     * @param maxPendingCells flush early once this many partial cells are pending (bounds memory)
     */
    public record Flushes(Duration interval, Duration live, int maxPendingCells) {
        public Flushes {
            positive("flush interval", interval);
            positive("live flush interval", live);
            require(live.compareTo(interval) <= 0, "live flush interval must be at most the flush interval");
            require(maxPendingCells > 0, "maxPendingCells must be positive");
        }
    }

    /**
     * @param minutes the 1-minute service-health and platform windows
     * @param days    the daily service-health and flow windows
     * @param alerts  raised and cleared alerts, queryable
     */
    public record Retention(Duration minutes, Duration days, Duration alerts) {
        public Retention {
            positive("minute retention", minutes);
            positive("day retention", days);
            positive("alert retention", alerts);
            require(minutes.compareTo(Duration.ofMinutes(10)) >= 0, "minute retention must be at least 10 minutes");
            require(days.compareTo(Duration.ofDays(1)) >= 0, "day retention must be at least a day");
        }
    }

    /**
     * @param after       minutes of office hours without a call
     * @param minExpected calls the baseline must expect in that time to alert
     */
    public record SilenceRule(Duration after, double minExpected) {
        public SilenceRule {
            positive("silence", after);
            require(after.toMillis() % 60_000 == 0, "silence must be whole minutes");
            require(minExpected > 0, "silence's minimum expected calls must be positive");
        }
    }

    /**
     * @param ratio       PROVIDER_ERROR + TIMEOUT share of requests that raises
     * @param minRequests fewest requests in the window to judge the ratio
     * @param window      the window of complete minutes judged
     */
    public record ErrorRule(double ratio, long minRequests, Duration window) {
        public ErrorRule {
            positive("error window", window);
            require(window.toMinutes() >= 1 && window.toMinutes() <= 60 && window.toMillis() % 60_000 == 0,
                    "error window must be 1 to 60 whole minutes");
            require(ratio > 0 && ratio <= 1, "error ratio must be in (0, 1]");
            require(minRequests >= 1, "error rule's minimum requests must be at least 1");
        }
    }

    /**
     * @param factor   an hour with more than factor × or less than 1/factor × the baseline
     * @param minCount fewest calls (observed if above, expected if below) to judge an hour
     */
    public record VolumeRule(double factor, long minCount) {
        public VolumeRule {
            require(factor > 1, "volume factor must be above 1");
            require(minCount >= 1, "volume rule's minimum count must be at least 1");
        }
    }

    /**
     * @param alpha      weight of a new hour in the hour-of-week EWMA (0..1]
     * @param minSamples observations of an hour-of-week slot before the baseline is trusted
     */
    public record Baseline(double alpha, int minSamples) {
        public Baseline {
            require(alpha > 0 && alpha <= 1, "baseline alpha must be in (0, 1]");
            require(minSamples >= 1, "baseline's minimum samples must be at least 1");
        }
    }

    public AnalyticsConfig {
        require(flushes != null && retention != null && silence != null && errors != null && volume != null
                && baseline != null, "every group of analytics settings is required");
        positive("idleSource", idleSource);
    }

    public static AnalyticsConfig defaults() {
        return new AnalyticsConfig(
                new Flushes(Duration.ofSeconds(2), Duration.ofMillis(250), 20_000),
                new Retention(Duration.ofHours(6), Duration.ofDays(35), Duration.ofDays(7)),
                new SilenceRule(Duration.ofMinutes(15), 10),
                new ErrorRule(0.2, 20, Duration.ofMinutes(5)),
                new VolumeRule(3.0, 60),
                new Baseline(0.3, 3),
                Duration.ofMinutes(1));
    }

    public AnalyticsConfig with(Flushes f) {
        return new AnalyticsConfig(f, retention, silence, errors, volume, baseline, idleSource);
    }

    public AnalyticsConfig with(Retention r) {
        return new AnalyticsConfig(flushes, r, silence, errors, volume, baseline, idleSource);
    }

    public AnalyticsConfig with(SilenceRule s) {
        return new AnalyticsConfig(flushes, retention, s, errors, volume, baseline, idleSource);
    }

    public AnalyticsConfig with(ErrorRule e) {
        return new AnalyticsConfig(flushes, retention, silence, e, volume, baseline, idleSource);
    }

    public AnalyticsConfig with(VolumeRule v) {
        return new AnalyticsConfig(flushes, retention, silence, errors, v, baseline, idleSource);
    }

    public AnalyticsConfig with(Baseline b) {
        return new AnalyticsConfig(flushes, retention, silence, errors, volume, b, idleSource);
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
