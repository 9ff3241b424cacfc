package vn.ndxp.loadtest;

import java.time.Duration;
import vn.ndxp.pacing.Schedule;

/**
 * What a replay is asked to do.
 *
 * @param duration stop sending once this much time has passed (null: no limit); with a schedule,
 *                 events due after it are not sent
 * @param limit    stop after this many events (0: no limit)
 * @param loops    passes over the file (0: until the duration or limit, or Ctrl-C)
 * @param times    the requestTimes sent: as recorded, rebased or the moment of sending
 * @param newIds   fresh eventIds in every pass, so that repeats are new traffic, not duplicates
 * @param strict   stop at the first record that cannot be read
 */
public record ReplayPlan(Schedule schedule, Duration duration, long limit, int loops, Times times, boolean newIds,
                         boolean strict) {
    /** The requestTime each event is sent with. */
    public enum Times {
        /** As in the file. */
        RECORDED,
        /** Shifted so that the first event is the replay's start, the recorded gaps kept ({@code --rebase}). */
        REBASED,
        /**
         * The wall-clock moment it is sent ({@code --stamp-now}): a load on the platform's current
         * time at any pace, where {@code --max} with rebased times would run hours ahead of it.
         */
        SENT
    }

    public ReplayPlan {
        if (limit < 0 || loops < 0) {
            throw new IllegalArgumentException("limit and loops cannot be negative");
        }
    }

    /** One pass as fast as possible, times and ids as recorded. */
    public static ReplayPlan once(Schedule schedule) {
        return new ReplayPlan(schedule, null, 0, 1, Times.RECORDED, false, false);
    }
}
