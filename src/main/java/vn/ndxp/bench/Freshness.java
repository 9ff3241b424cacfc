package vn.ndxp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long an event waits between the broker acknowledging it and the app counting it, sampled
 * from two curves polled together: when the k-th event was acknowledged and when the app's counts
 * first covered k events.
 */
final class Freshness {
    private final List<Sample> sent = new ArrayList<>();
    private final List<Sample> counted = new ArrayList<>();

    void sent(Sample s) {
        sent.add(s);
    }

    void counted(Sample s) {
        counted.add(s);
    }

    /** The q-quantile of the delay, in ms; NaN without a sending curve (a pre-loaded topic). */
    double quantileMs(double q) {
        if (sent.isEmpty()) {
            return Double.NaN;
        }
        List<Double> delays = new ArrayList<>();
        int j = 0;
        for (Sample c : counted) {
            if (c.events() == 0) {
                continue;
            }
            while (j < sent.size() - 1 && sent.get(j).events() < c.events()) {
                j++;
            }
            delays.add(Math.max(0, (c.nanos() - sent.get(j).nanos()) / 1e6));
        }
        if (delays.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
