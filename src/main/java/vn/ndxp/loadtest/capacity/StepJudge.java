package vn.ndxp.loadtest.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether a step kept the {@link Slo}, from what was measured over its window. */
public final class StepJudge {
    /** The platform's backlog at one scrape: seconds into the window, records behind (NaN if not on the page). */
    public record LagSample(double atSeconds, double records) {}

    /**
     * What was measured over a step's window.
     *
     * @param seconds   the window's length, between its first and last scrape
     * @param ackedInWindow events acknowledged between those scrapes
     * @param freshness the histogram's difference between those scrapes
     * @param lag       every scrape of the window
     * @param sent      the step's totals, for the report
     */
    public record Window(long rateEps, double seconds, long ackedInWindow, LagHistogram freshness, List<LagSample> lag,
                         long sent, long acked, long failed) {}

    /** The backlog's moves that are not a trend, in seconds of events. */
    static final double LAG_NOISE_SECONDS = 1;

    private final Slo slo;

    public StepJudge(Slo slo) {
        this.slo = slo;
    }

    public StepResult judge(Window w) {
        double achieved = w.ackedInWindow() / Math.max(1e-9, w.seconds());
        double processed = w.freshness().count();
        Double p99Ms = processed > 0 ? w.freshness().quantile(0.99) * 1000 : null;
        List<LagSample> known = w.lag().stream().filter(s -> !Double.isNaN(s.records())).toList();
        Long lagMax = known.isEmpty() ? null : Math.round(known.stream().mapToDouble(LagSample::records).max().orElseThrow());
        Double growth = known.size() < 2 ? null : slope(known);

        List<String> platform = new ArrayList<>();
        if (p99Ms == null) {
            platform.add("the platform processed no event in the window");
        } else if (p99Ms > slo.freshnessP99Ms()) {
            platform.add(format("freshness p99 %,.0f ms over the SLO's %,.0f ms", p99Ms, slo.freshnessP99Ms()));
        }
        if (growth != null && growth > growthAllowed(w)) {
            platform.add(format("lag growing by %,.0f records/s (over %,.0f, %.0f %% of the rate)", growth, growthAllowed(w),
                    100 * growthAllowed(w) / w.rateEps()));
        }
        List<String> generator = new ArrayList<>();
        if (w.failed() > 0) {
            generator.add(format("%,d sends failed", w.failed()));
        }
        if (achieved < slo.minAchieved() * w.rateEps()) {
            generator.add(format("the load generator reached only %,.0f of %,d events/s", achieved, w.rateEps()));
        }
        StepResult.Limit limit = !platform.isEmpty() ? StepResult.Limit.PLATFORM
                : !generator.isEmpty() ? StepResult.Limit.GENERATOR : null;
        List<String> reasons = new ArrayList<>(platform);
        reasons.addAll(generator);
        return new StepResult(w.rateEps(), achieved, p99Ms, Math.round(processed), lagMax, growth, w.sent(), w.acked(),
                w.failed(), limit == null, limit, reasons.isEmpty() ? null : String.join("; ", reasons));
    }

    /**
     * How fast the backlog may grow: the SLO's share of the rate, but never less than a second of
     * events over the window. The backlog moves by about that much from scrape to scrape as commits
     * come (a commit interval, a poll, a busy core), which in a short window would look like a trend.
     */
    private double growthAllowed(Window w) {
        return w.rateEps() * Math.max(slo.lagGrowth(), LAG_NOISE_SECONDS / Math.max(1e-9, w.seconds()));
    }

    /** Least-squares slope of records over time: a trend that one slow commit does not make. */
    static double slope(List<LagSample> samples) {
        double n = samples.size();
        double meanT = samples.stream().mapToDouble(LagSample::atSeconds).sum() / n;
        double meanR = samples.stream().mapToDouble(LagSample::records).sum() / n;
        double num = 0;
        double den = 0;
        for (LagSample s : samples) {
            num += (s.atSeconds() - meanT) * (s.records() - meanR);
            den += (s.atSeconds() - meanT) * (s.atSeconds() - meanT);
        }
        return den == 0 ? 0 : num / den;
    }

    private static String format(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
