package vn.ndxp.topology;

/**
 * Names of every processor, store and internal topic of the topology. Explicit names keep state
 * and internal topics stable when the topology changes; tests and metrics use the same constants.
 */
public final class Names {
    public static final String SOURCE = "exchange-events-source";
    public static final String CLASSIFY = "classify-events";
    public static final String ROUTE = "route-";
    public static final String REJECTED_BRANCH = ROUTE + "rejected";
    public static final String LATE_BRANCH = ROUTE + "late";
    public static final String VALID_BRANCH = ROUTE + "valid";
    public static final String REJECTED_BYTES = "rejected-original-bytes";
    public static final String LATE_BYTES = "late-original-bytes";
    public static final String DLQ_SINK = "dead-letter-sink";
    public static final String LATE_SINK = "late-events-sink";
    public static final String SPLIT_ROLES = "split-consumer-provider";
    /** Repartition topic {@code <application.id>-agency-day-repartition}. */
    public static final String BY_AGENCY_DAY = "agency-day";
    public static final String COUNT = "count-agency-day";
    public static final String COUNT_CHANGES = "agency-day-changes";
    public static final String COUNTS_SINK = "agency-daily-counts-sink";

    /** Daily counts: key {@code AGENCY/role/YYYY-MM-DD}, value AgencyDailyCount. Queryable. */
    public static final String DAILY_COUNTS_STORE = "agency-daily-counts-store";
    /** Per input partition: late and rejected events by reason. Queryable. */
    public static final String HYGIENE_STORE = "input-hygiene-store";
    /** Per input partition: eventIds by event time, to recognise redeliveries. Windowed, with retention. */
    public static final String DEDUP_STORE = "event-id-dedup-store";
    /** Per input partition: the newest requestTime seen (the partition's event-time clock). */
    public static final String EVENT_TIME_STORE = "event-time-store";

    private Names() {}
}
