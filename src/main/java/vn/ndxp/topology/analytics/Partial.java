package vn.ndxp.topology.analytics;

import java.util.List;

/**
 * What {@link PartialAggregator} sends through the partials repartition topic: sums over the
 * events one input partition saw since its last flush, keyed by the subject that owns them (see
 * {@link Routing}), or the watermark of that partition. Encoded by {@link PartialSerde}.
 */
sealed interface Partial permits Partial.SystemPartial, Partial.DayPartial, Partial.Watermark, Partial.AgencyDayCounts {

    /** One service's health in one minute. */
    record ServiceMinute(String service, long minuteStart, HealthStats stats) {}

    /** Calls a consumer system made in one hour, and which of the hour's minutes had any (bit i = minute i). */
    record HourCount(long hourStart, long count, long minuteBits) {}

    /**
     * Everything about one system: its services' health as a provider (empty if it was not called)
     * and its calls as a consumer (empty if it called nothing).
     */
    record SystemPartial(String system, String providerAgency, List<ServiceMinute> services,
                         String consumerAgency, List<HourCount> hours) implements Partial {}

    /** Calls from one consumer agency to one provider agency, by status ordinal. */
    record FlowDelta(String consumerAgency, String providerAgency, long[] byStatus) {}

    /** Platform-wide calls in one minute, by status ordinal. */
    record MinuteCounts(long minuteStart, long[] byStatus) {}

    /** Everything about one local day: agency-to-agency flows and platform-wide minutes. */
    record DayPartial(long epochDay, List<FlowDelta> flows, List<MinuteCounts> minutes) implements Partial {}

    /**
     * Transactions of one agency in one role on one local day, by status ordinal (the key says
     * which: {@code AGENCY/role/YYYY-MM-DD}). Not routed through the partials topic: these feed the
     * daily counts, through a repartition of their own by that key.
     */
    record AgencyDayCounts(long[] byStatus) implements Partial {}

    /**
     * Input partition {@code source} has sent every partial of the events it processed up to
     * {@code time} (event time). Sent to every partition after each flush.
     */
    record Watermark(int source, long time) implements Partial {}
}
