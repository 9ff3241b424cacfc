package vn.ndxp.topology.analytics;

import java.util.HashMap;
import java.util.Map;

/**
 * The analytics clock: the smallest watermark of the input partitions, leaving out a partition
 * that has been behind the newest and has not moved for a while of <em>wall-clock</em> time.
 *
 * <p>Idleness is judged on the wall clock, as stream processors usually do, because event time
 * cannot tell a partition that is idle from one that is merely behind: in a replay at full speed
 * the consumer may hand over many hours of one partition before the next, and a rule judging a
 * minute before every partition has delivered it would miss that minute's traffic. A partition
 * that keeps moving is always waited for; one that stalls is ignored after {@code idleAfterMs}
 * until it moves again.
 */
final class SourceClock {
    static final long NONE = Long.MIN_VALUE;

    private final long idleAfterMs;
    private final Map<Integer, Long> watermarks = new HashMap<>();
    private final Map<Integer, Long> movedAt = new HashMap<>();

    SourceClock(long idleAfterMs) {
        this.idleAfterMs = idleAfterMs;
    }

    /** A watermark restored from the store: counted as moving now, so it is waited for a while again. */
    void restore(int source, long watermark, long nowMs) {
        watermarks.put(source, watermark);
        movedAt.put(source, nowMs);
    }

    /** @return whether the source's watermark moved forward */
    boolean advance(int source, long watermark, long nowMs) {
        Long old = watermarks.get(source);
        if (old != null && watermark <= old) {
            return false;
        }
        watermarks.put(source, watermark);
        movedAt.put(source, nowMs);
        return true;
    }

    /** The smallest watermark of the partitions not idle at {@code nowMs}, or {@link #NONE} before any. */
    long clock(long nowMs) {
        long newest = NONE;
        for (long w : watermarks.values()) {
            newest = Math.max(newest, w);
        }
        long min = NONE;
        for (Map.Entry<Integer, Long> e : watermarks.entrySet()) {
            long w = e.getValue();
            boolean idle = w < newest && nowMs - movedAt.get(e.getKey()) >= idleAfterMs;
            if (!idle && (min == NONE || w < min)) {
                min = w;
            }
        }
        return min;
    }
}
