package vn.ndxp.loadtest.capacity;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import vn.ndxp.metrics.export.PrometheusPage;

/**
 * The cumulative buckets of {@code ndxp_event_lag_seconds} as one scrape shows them. Two scrapes'
 * difference ({@link #since}) holds the events processed between them, whose {@link #quantile} is
 * a true percentile of that window, as Prometheus' {@code histogram_quantile} over an
 * {@code increase} would give, where the newest-event gauge would only show one event's age.
 */
public final class LagHistogram {
    /** Upper bounds in seconds, ascending, the last {@code +Inf}. */
    private final double[] bounds;
    /** Events at or below each bound. */
    private final double[] cumulative;

    private LagHistogram(double[] bounds, double[] cumulative) {
        this.bounds = bounds;
        this.cumulative = cumulative;
    }

    /** From the {@code _bucket} series of a page; the buckets of several series with the same bound are added. */
    public static LagHistogram of(List<PrometheusPage.Series> buckets) {
        TreeMap<Double, Double> byBound = new TreeMap<>();
        for (PrometheusPage.Series s : buckets) {
            String le = s.labels().get("le");
            if (le != null) {
                byBound.merge(PrometheusPage.number(le), s.value(), Double::sum);
            }
        }
        double[] bounds = byBound.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] cumulative = byBound.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new LagHistogram(bounds, cumulative);
    }

    /**
     * The events since {@code earlier}. If a bucket went down the app restarted and counts from zero
     * again: what this scrape shows is then what happened since (as Prometheus' {@code increase}).
     */
    public LagHistogram since(LagHistogram earlier) {
        if (!Arrays.equals(bounds, earlier.bounds)) {
            return this;
        }
        double[] delta = new double[cumulative.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = cumulative[i] - earlier.cumulative[i];
            if (delta[i] < 0) {
                return this;
            }
        }
        return new LagHistogram(bounds, delta);
    }

    /** Events in all buckets. */
    public double count() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /**
     * The q-quantile in seconds, interpolated linearly within its bucket (from 0 for the first). In the
     * {@code +Inf} bucket it is the highest finite bound, as {@code histogram_quantile} answers: the
     * true value is above it. NaN without events.
     */
    public double quantile(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                if (Double.isInfinite(bounds[i])) {
                    return i > 0 ? bounds[i - 1] : Double.NaN;
                }
                double lower = i == 0 ? 0 : bounds[i - 1];
                double below = i == 0 ? 0 : cumulative[i - 1];
                double inBucket = cumulative[i] - below;
                return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
            }
        }
        return Double.NaN;
    }
}
