package vn.ndxp.loadtest.capacity;

/**
 * What a step must keep to count as sustained.
 *
 * @param freshnessP99Ms the most the 99th percentile of {@code ndxp_event_lag_seconds} (event sent
 *                       to processed) may be over the step's window
 * @param lagGrowth      how fast the platform's backlog may grow, as a share of the rate: 0.05 lets the
 *                       records behind grow by 5 % of the events sent a second, and by at least a
 *                       second of events over the window (commit batches are not a trend)
 * @param minAchieved    the share of the rate the load generator must have acknowledged; below it the
 *                       step says nothing about the platform
 */
public record Slo(double freshnessP99Ms, double lagGrowth, double minAchieved) {
    public static final double DEFAULT_LAG_GROWTH = 0.05;
    public static final double DEFAULT_MIN_ACHIEVED = 0.95;

    public Slo {
        if (!(freshnessP99Ms > 0) || !(lagGrowth >= 0) || !(minAchieved > 0 && minAchieved <= 1)) {
            throw new IllegalArgumentException("an SLO needs a positive freshness, a lag growth of 0 or more and a"
                    + " share of the rate in (0, 1]");
        }
    }

    /** The freshness bound with the default tolerances. */
    public static Slo freshness(double p99Ms) {
        return new Slo(p99Ms, DEFAULT_LAG_GROWTH, DEFAULT_MIN_ACHIEVED);
    }
}
