package vn.ndxp.loadtest.capacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rates a capacity search tries, in order, and how long it holds each: from {@code startEps},
 * each step the previous times {@code factor} or plus {@code incrementEps}, up to {@code maxEps},
 * which is the last step when the steps do not land on it.
 *
 * @param factor       the next rate over this one; 0 when {@code incrementEps} is used
 * @param incrementEps the next rate minus this one; 0 when {@code factor} is used
 * @param hold         how long each rate is sent
 * @param warmUp       the start of each step left out of its judgement: the backlog of the step
 *                     before, and the platform settling on the new rate
 */
public record StepPlan(long startEps, double factor, long incrementEps, long maxEps, Duration hold, Duration warmUp) {
    /** The shortest judged window: the judgement compares scrapes a second apart, and needs a few. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(2);

    public StepPlan {
        if (startEps < 1) {
            throw new IllegalArgumentException("the start rate must be at least 1 event/s, got " + startEps);
        }
        if ((factor > 0) == (incrementEps > 0)) {
            throw new IllegalArgumentException("give either a step factor or a step increment");
        }
        if (factor > 0 && factor <= 1) {
            throw new IllegalArgumentException("the step factor must be above 1, got " + factor);
        }
        if (maxEps < startEps) {
            throw new IllegalArgumentException("the max rate (" + maxEps + ") is below the start rate (" + startEps + ")");
        }
        if (warmUp.isNegative() || hold.minus(warmUp).compareTo(MIN_WINDOW) < 0) {
            throw new IllegalArgumentException("each step must hold at least " + MIN_WINDOW.toSeconds()
                    + " s beyond its warm-up, got a hold of " + hold.toMillis() + " ms and a warm-up of " + warmUp.toMillis() + " ms");
        }
    }

    /** The rates of the steps, ascending, in whole events per second. */
    public List<Long> rates() {
        List<Long> rates = new ArrayList<>();
        for (long rate = startEps; rate < maxEps; rate = next(rate)) {
            rates.add(rate);
        }
        rates.add(maxEps);
        return rates;
    }

    private long next(long rate) {
        // At least one more event/s, so that a small start with a small factor still climbs.
        long next = factor > 0 ? Math.round(rate * factor) : rate + incrementEps;
        return Math.max(rate + 1, next);
    }

    /** The judged part of each step: the hold less the warm-up. */
    public Duration window() {
        return hold.minus(warmUp);
    }
}
