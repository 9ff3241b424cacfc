package vn.ndxp.topology;

/**
 * Names of every processor, store and internal topic of the topology. Explicit names keep state
 * and internal topics stable when the topology changes; tests and metrics use the same constants.
 */
public final class Names {
    public static final String SOURCE = "exchange-events-source";
    public static final String CLASSIFY = "classify-events";
    public static final String DLQ_SINK = "dead-letter-sink";
    public static final String LATE_SINK = "late-events-sink";
    /** Repartition topic {@code <application.id>-agency-day-repartition}: the combiner's partial counts. */
    public static final String BY_AGENCY_DAY = "agency-day";
    /** Adds each partial count to its agency's totals ({@link #AGENCY_TOTALS_STORE}). */
    public static final String COUNT_TOTALS = "agency-totals-update";
    public static final String COUNT = "count-agency-day";
    public static final String COUNT_CHANGES = "agency-day-changes";
    public static final String COUNTS_SINK = "agency-daily-counts-sink";
    /** Reports the counting task's counters to the metrics, at its start and at each commit. */
    public static final String COUNTS_REPORTER = "agency-daily-counts-reporter";
    /** The commit hook of {@link #COUNTS_REPORTER}: holds nothing. */
    public static final String COUNTS_REPORTER_HOOK = "agency-daily-counts-reporter-hook";

    /** Daily counts: key {@code AGENCY/role/YYYY-MM-DD}, value AgencyDailyCount. Queryable. */
    public static final String DAILY_COUNTS_STORE = "agency-daily-counts-store";
    /**
     * Per counting task: key {@code AGENCY/role}, value {@code AgencyTotals} (counts by status over
     * all days counted, the newest day and its counts). Queryable: what the metrics read.
     */
    public static final String AGENCY_TOTALS_STORE = "agency-totals-store";
    /** Per input partition: late and rejected events by reason. Queryable. */
    public static final String HYGIENE_STORE = "input-hygiene-store";
    /**
     * Per input partition: the eventIds seen, by hour of event time (to recognise redeliveries),
     * and the newest requestTime seen (the partition's event-time clock). A journal written once
     * per commit ({@code EventIdDedup}); the classifier keeps the ids in memory.
     */
    public static final String EVENT_IDS_STORE = "event-ids-store";

    // ---- analytics (vn.ndxp.topology.analytics, docs/topology.md) ----

    /** Per input partition: sums valid events into partial aggregates, forwards them on a wall-clock punctuation. */
    public static final String ANALYTICS_COMBINE = "analytics-combine";
    /** Repartition topic {@code <application.id>-analytics-partials-repartition}: partials by subject. */
    public static final String ANALYTICS_PARTIALS = "analytics-partials";
    public static final String ANALYTICS_ROUTE = "analytics-route-";
    /** Splits the combiner's output: partial daily counts, and partials for the analytics. */
    public static final String COMBINED_ROUTE = "combined-route-";
    public static final String AGENCY_DAY_VALUES = "agency-day-partial-counts";
    public static final String ANALYTICS_SYSTEMS = "analytics-systems";
    public static final String ANALYTICS_DAILY = "analytics-daily";
    public static final String ANALYTICS_OUTPUT_ROUTE = "analytics-output-";
    public static final String ALERT_VALUES = "alert-values";
    public static final String SERVICE_HEALTH_VALUES = "service-health-values";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String SERVICE_HEALTH_SINK = "service-health-sink";
    public static final String FLOWS_SINK = "flows-daily-sink";

    /** Per input partition, transient: partial aggregates not yet forwarded (in memory, changelogged). */
    public static final String PARTIALS_STORE = "analytics-partials-store";
    /** Holds nothing: calls {@code analytics-systems} back before each commit, to write its pending windows. */
    public static final String SYSTEMS_COMMIT_HOOK = "analytics-systems-commit-hook";
    /** Holds nothing: calls {@code analytics-daily} back before each commit, to write its pending windows. */
    public static final String DAILY_COMMIT_HOOK = "analytics-daily-commit-hook";
    /** Window store, 1 minute: key provider system, value SystemHealth (per service). Queryable. */
    public static final String SERVICE_MINUTE_STORE = "service-health-minute-store";
    /** Window store, 1 local day: key provider system, value SystemHealth (per service). Queryable. */
    public static final String SERVICE_DAILY_STORE = "service-health-daily-store";
    /** Key provider system: requests by status over all time (Prometheus counters). Queryable. */
    public static final String SERVICE_TOTALS_STORE = "service-totals-store";
    /** Key system: activity, recent error counts and alert state of the alert rules. */
    public static final String SYSTEM_STATE_STORE = "system-state-store";
    /** Key system: the hour-of-week volume baseline (EWMA). Queryable. */
    public static final String BASELINE_STORE = "volume-baseline-store";
    /** Key upstream input partition: the event time up to which its partials have arrived. */
    public static final String WATERMARK_STORE = "analytics-watermark-store";
    /** Active alerts, alert history and counts by type. Queryable. */
    public static final String ALERTS_STORE = "alerts-store";
    /** Window store, 1 local day: key {@code CONSUMER/PROVIDER} agencies, value counts by status. Queryable. */
    public static final String FLOWS_STORE = "flows-daily-store";
    /** Window store, 1 minute: key local date, value platform-wide counts by status. Queryable. */
    public static final String PLATFORM_MINUTE_STORE = "platform-minute-store";

    private Names() {}
}
