package vn.ndxp.topology;

import vn.ndxp.model.RejectReason;

/**
 * Keys of {@link Names#HYGIENE_STORE}: {@code late}, {@code duplicate} and {@code rejected/<reason>}
 * with a {@link RejectReason#code()}. Each input partition keeps its own; the metrics add them up.
 */
public final class HygieneKeys {
    public static final String LATE = "late";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED_PREFIX = "rejected/";
    /**
     * {@code clock-ahead/<consumer system>}: how far (ms) the system's last event set aside as
     * clock-ahead was ahead of the partition's clock; 0 once its events are in time again. Not a
     * counter: partitions are merged by their largest value.
     */
    public static final String CLOCK_AHEAD_PREFIX = "clock-ahead/";
    /** How many eventIds the partition remembers, as of its last commit: a gauge that adds up over partitions. */
    public static final String DEDUP_IDS = "dedup/ids";
    /** The partition's bound on remembered eventIds ({@code --dedup-max-ids}), as of its last commit. */
    public static final String DEDUP_MAX_IDS = "dedup/max-ids";
    /** A counter: eventIds the partition forgot before their time, at its bound. */
    public static final String DEDUP_FORGOTTEN_EARLY = "dedup/forgotten-early";

    private HygieneKeys() {}

    /** Whether the key holds a counter (it only grows), not a gauge. */
    public static boolean isCounter(String key) {
        return key.equals(LATE) || key.equals(DUPLICATE) || key.startsWith(REJECTED_PREFIX) || key.equals(DEDUP_FORGOTTEN_EARLY);
    }

    public static String clockAhead(String system) {
        return CLOCK_AHEAD_PREFIX + system;
    }

    public static String rejected(String reason) {
        return REJECTED_PREFIX + reason;
    }
}
