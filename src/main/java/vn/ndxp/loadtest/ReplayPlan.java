package vn.ndxp.loadtest;

import java.time.Duration;

/**
 * What a replay is asked to do.
 *
 * @param duration stop sending once this much time has passed (null: no limit); with a schedule,
 *                 events due after it are not sent
 * @param limit    stop after this many events (0: no limit)
 * @param loops    passes over the file (0: until the duration or limit, or Ctrl-C)
 * @param rebase   shift requestTimes so that the first event is the replay's start, gaps kept
 * @param newIds   fresh eventIds in every pass, so that repeats are new traffic, not duplicates
 * @param strict   stop at the first record that cannot be read
 */
public record ReplayPlan(Schedule schedule, Duration duration, long limit, int loops, boolean rebase, boolean newIds,
                         boolean strict) {
    public ReplayPlan {
        if (limit < 0 || loops < 0) {
            throw new IllegalArgumentException("limit and loops cannot be negative");
        }
    }

    /** One pass as fast as possible, times and ids as recorded. */
    public static ReplayPlan once(Schedule schedule) {
        return new ReplayPlan(schedule, null, 0, 1, false, false, false);
    }
}
