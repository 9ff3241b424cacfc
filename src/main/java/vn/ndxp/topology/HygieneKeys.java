package vn.ndxp.topology;

/**
 * Keys of {@link Names#HYGIENE_STORE}: {@code late}, {@code duplicate} and {@code rejected/<reason>}
 * with a {@link RejectReason#code()}. Each input partition keeps its own; the metrics add them up.
 */
public final class HygieneKeys {
    public static final String LATE = "late";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED_PREFIX = "rejected/";

    private HygieneKeys() {}

    public static String rejected(String reason) {
        return REJECTED_PREFIX + reason;
    }
}
