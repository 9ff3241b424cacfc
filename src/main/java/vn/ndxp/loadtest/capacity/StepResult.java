package vn.ndxp.loadtest.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One step of a capacity search, as judged over its window (the hold less the warm-up).
 *
 * @param rateEps            the rate asked for
 * @param achievedEps        events acknowledged by the broker a second, over the window
 * @param freshnessP99Ms     99th percentile of event sent → processed over the window; null if the
 *                           platform processed nothing in it
 * @param processed          events the platform processed in the window (the histogram's count)
 * @param lagMax             the most records the platform's stages were behind at any scrape of the
 *                           window; null if its /metrics has no {@code ndxp_stage_lag_records}
 * @param lagGrowthPerSecond the backlog's trend over the window (least-squares slope), records a second
 * @param sent               events handed to the producer in the whole step, warm-up included
 * @param acked              of them, acknowledged: exactly, one acknowledgement each
 * @param failed             sends that failed
 * @param sustained          the step kept the SLO and the generator reached its rate
 * @param limit              what broke the step; null if sustained
 * @param reason             why, in words; null if sustained
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepResult(long rateEps, double achievedEps, Double freshnessP99Ms, long processed, Long lagMax,
                         Double lagGrowthPerSecond, long sent, long acked, long failed, boolean sustained, Limit limit,
                         String reason) {
    /** What a step that is not sustained ran into. */
    public enum Limit {
        /** The platform fell behind: freshness over the SLO, or its backlog growing. */
        PLATFORM,
        /** The load generator did not deliver the rate (or its sends failed): the step says nothing about the platform. */
        GENERATOR
    }
}
