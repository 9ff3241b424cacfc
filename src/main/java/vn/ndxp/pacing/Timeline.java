package vn.ndxp.pacing;

/**
 * Recorded time across the passes of a looped replay, for {@link Schedule} and {@code --rebase}.
 *
 * <p>A file is in delivery order, and its requestTimes are not always increasing (late and
 * out-of-order events). The clock of a pass is therefore the running maximum of the times seen:
 * an event whose time lies before the clock is due with its predecessor, as it was delivered.
 *
 * <p>Pass k starts one period after pass k−1: the recorded span of the first pass plus one mean
 * gap between its events, so that a looped hour of traffic keeps its rate across the seam.
 */
public final class Timeline {
    private long first = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private long firstPassEvents;
    private long firstPassMax = Long.MIN_VALUE;
    private long periodMs = -1;
    private int pass;

    /** The recorded offset (ms since the first event of the replay) of an event of the current pass. */
    public double offsetMs(long requestTimeMs) {
        if (first == Long.MIN_VALUE) {
            first = requestTimeMs;
        }
        clock = Math.max(clock, requestTimeMs);
        if (pass == 0) {
            firstPassEvents++;
            firstPassMax = clock;
        }
        return pass * (double) periodMs + (clock - first);
    }

    /** Ends a pass: the next events belong to the next one. */
    public void endPass() {
        if (pass == 0) {
            long span = firstPassEvents == 0 ? 0 : firstPassMax - first;
            periodMs = firstPassEvents <= 1 ? span : Math.round(span * (double) firstPassEvents / (firstPassEvents - 1));
        }
        pass++;
        clock = Long.MIN_VALUE;
    }

    /** The first event's recorded time, or Long.MIN_VALUE before it. */
    public long first() {
        return first;
    }

    /** How far pass k's times lie after pass 0's; 0 until the first pass ended. */
    public long shiftMs(int pass) {
        return pass * Math.max(0, periodMs);
    }

    public int pass() {
        return pass;
    }
}
