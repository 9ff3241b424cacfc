package vn.ndxp.topology.analytics;

/** Receives, for each valid event, the wall clock at processing and the event's requestTime, in epoch milliseconds. */
@FunctionalInterface
public interface EventTimes {
    /** Takes nothing: for topologies whose freshness nobody watches. */
    EventTimes IGNORED = (wallMs, eventMs) -> { };

    void record(long wallMs, long eventMs);
}
