package vn.ndxp.model;

import vn.ndxp.model.serde.WireFormatException;

/**
 * Why an input record went to the dead-letter topic. {@link #code()} is the value of the
 * {@code ndxp.dlq.reason} header and of the {@code reason} label of
 * {@code ndxp_events_rejected_total}: lowercase, hyphenated, and never changed once released, so
 * that dashboards, alerts and the {@code dlq --reason} filter keep working.
 */
public enum RejectReason {
    /** The record has no value at all. */
    EMPTY_VALUE("empty-value"),
    /** Fewer bytes than the 5-byte Confluent header. */
    TRUNCATED("truncated"),
    /** The first byte is not the Confluent magic byte. */
    BAD_MAGIC("bad-magic"),
    /** The schema id in the header is not registered. */
    UNKNOWN_SCHEMA("unknown-schema-id"),
    /** The body is not a DataExchangeEvent in the writer schema. */
    UNDECODABLE("undecodable"),
    /** A required text field is empty or blank. */
    MISSING_FIELD("missing-field"),
    /** A duration or size is negative. */
    NEGATIVE_VALUE("negative-value"),
    /** requestTime is further ahead of the wall clock than allowed. */
    FUTURE_TIME("future-time"),
    /**
     * requestTime is further ahead of its partition's event-time clock than allowed: its system's
     * clock runs ahead of the others' ({@link vn.ndxp.time.PlatformClock}).
     */
    CLOCK_AHEAD("clock-ahead"),
    /** requestTime is before the platform existed. */
    BEFORE_PLATFORM("before-platform"),
    /** An agency code the catalog does not know. */
    UNKNOWN_AGENCY("unknown-agency"),
    /** A system code the catalog does not know. */
    UNKNOWN_SYSTEM("unknown-system"),
    /** A service code the catalog does not know. */
    UNKNOWN_SERVICE("unknown-service"),
    /** A known system given with an agency other than its owner in the catalog. */
    AGENCY_MISMATCH("agency-mismatch"),
    /** A known service given with a provider system other than the one exposing it. */
    SERVICE_MISMATCH("service-mismatch"),
    /**
     * Too large to copy to the dead-letter or late topic with its headers (over the producer's
     * {@code max.request.size}): the dead letter is a reference to the original, without its value.
     */
    TOO_LARGE("too-large");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RejectReason of(WireFormatException.Reason reason) {
        return switch (reason) {
            case TRUNCATED -> TRUNCATED;
            case BAD_MAGIC -> BAD_MAGIC;
            case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
            case UNDECODABLE -> UNDECODABLE;
        };
    }
}
