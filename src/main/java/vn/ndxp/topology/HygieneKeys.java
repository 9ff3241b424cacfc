package vn.ndxp.topology;

/** Keys of {@link Names#HYGIENE_STORE}: {@code late} and {@code rejected/<reason>}. */
public final class HygieneKeys {
    public static final String LATE = "late";
    public static final String REJECTED_PREFIX = "rejected/";

    private HygieneKeys() {}

    public static String rejected(String reason) {
        return REJECTED_PREFIX + reason;
    }
}
