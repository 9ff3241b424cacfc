package vn.ndxp.model;

import java.util.List;

/**
 * The project's Kafka topics, in one place. Every producer, topology, test and tool uses these
 * names; keys and values are documented here once.
 *
 * <ul>
 *   <li>{@link #EXCHANGE_EVENTS}: key = eventId (UTF-8 string), value = DataExchangeEvent in the
 *       Confluent wire format (subject {@code ndxp.exchange-events-value}).</li>
 *   <li>{@link #LATE_EVENTS}: the input record's key and value bytes, unchanged, for events that
 *       arrived after their local day's grace.</li>
 *   <li>{@link #DEAD_LETTERS}: the input record's key and value bytes, unchanged, with the headers
 *       {@code ndxp.dlq.reason}, {@code ndxp.dlq.detail} and the source topic, partition, offset.</li>
 *   <li>{@link #AGENCY_DAILY_COUNTS}: key = {@code AGENCY/role/YYYY-MM-DD} (UTF-8 string), value =
 *       AgencyDailyCount in the Confluent wire format; a compacted changelog of the counts.</li>
 *   <li>{@link #ALERTS}: key = {@code TYPE/subject} (UTF-8 string), value = Alert in the Confluent wire
 *       format: one record when an alert is raised and one when it clears.</li>
 *   <li>{@link #FLOWS_DAILY}: key = {@code CONSUMER/PROVIDER/YYYY-MM-DD} (agencies, local date), value =
 *       FlowCount in the Confluent wire format; compacted, the newest count per flow and day.</li>
 *   <li>{@link #SERVICE_HEALTH}: key = {@code SYSTEM/SERVICE/YYYY-MM-DD}, value = ServiceHealth in the
 *       Confluent wire format; compacted, the newest daily health per service.</li>
 * </ul>
 */
public final class Topics {
    public static final String EXCHANGE_EVENTS = "ndxp.exchange-events";
    public static final String LATE_EVENTS = "ndxp.exchange-events.late";
    public static final String DEAD_LETTERS = "ndxp.exchange-events.dlq";
    public static final String AGENCY_DAILY_COUNTS = "ndxp.agency-daily-counts";
    public static final String ALERTS = "ndxp.alerts";
    public static final String FLOWS_DAILY = "ndxp.flows-daily";
    public static final String SERVICE_HEALTH = "ndxp.service-health";

    /**
     * A topic the runtime creates at start, with its partition count, whether it is compacted, and
     * whether its records are stamped with their arrival time ({@code LogAppendTime}).
     *
     * <p>Arrival time for the logs of incoming events: their own time is in the value
     * (requestTime), and if the producer's timestamp (requestTime) were kept, time-based retention
     * would delete a replayed past day within minutes of its arrival, before the app had read it.
     */
    public record TopicSpec(String name, int partitions, boolean compacted, boolean arrivalTime) {}

    private Topics() {}

    /** The topics `demo` and `broker` create, the input topic with the given partition count. */
    public static List<TopicSpec> all(int inputPartitions) {
        return List.of(
                new TopicSpec(EXCHANGE_EVENTS, inputPartitions, false, true),
                new TopicSpec(LATE_EVENTS, 1, false, true),
                new TopicSpec(DEAD_LETTERS, 1, false, true),
                new TopicSpec(AGENCY_DAILY_COUNTS, inputPartitions, true, false),
                new TopicSpec(ALERTS, 1, false, true),
                new TopicSpec(FLOWS_DAILY, inputPartitions, true, false),
                new TopicSpec(SERVICE_HEALTH, inputPartitions, true, false));
    }
}
