package vn.ndxp.loadtest;

/**
 * When the replay's sent count reached a value, for the recent past: a ring of checkpoints
 * (count, time), one per event while events are more than a millisecond apart and one per
 * {@value #STRIDE} events when faster, so that it covers about a minute even at 150,000 events/s
 * in 16 MB. Written by the sending thread, read by the freshness probe.
 */
final class SendLog {
    static final int STRIDE = 8;
    private static final long MIN_GAP_NANOS = 1_000_000;

    private final long[] counts;
    private final long[] times;
    private final int mask;
    private volatile long written;
    private long lastCount;
    private long lastNanos = Long.MIN_VALUE;

    SendLog(int capacityPowerOfTwo) {
        int capacity = 1 << capacityPowerOfTwo;
        counts = new long[capacity];
        times = new long[capacity];
        mask = capacity - 1;
    }

    /** The sent count is now {@code count}. */
    void sent(long count, long nanos) {
        if (count - lastCount < STRIDE && nanos - lastNanos < MIN_GAP_NANOS) {
            return;
        }
        int slot = (int) (written & mask);
        counts[slot] = count;
        times[slot] = nanos;
        lastCount = count;
        lastNanos = nanos;
        written = written + 1; // volatile write publishes the slot
    }

    /**
     * When the sent count first reached at least {@code count}, as well as the checkpoints tell
     * (at most {@value #STRIDE} events late); Long.MIN_VALUE when that is older than the ring or
     * not yet.
     */
    long timeOfCount(long count) {
        long w = written;
        long oldest = Math.max(0, w - counts.length + 1); // keep a slot of margin against the writer
        long lo = oldest;
        long hi = w - 1;
        if (hi < lo || counts[(int) (hi & mask)] < count || counts[(int) (lo & mask)] > count) {
            return Long.MIN_VALUE;
        }
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (counts[(int) (mid & mask)] >= count) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return times[(int) (lo & mask)];
    }
}
