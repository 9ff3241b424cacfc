package vn.ndxp.simulator.scenario;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import vn.ndxp.simulator.SimRecord;

/**
 * An ops drill layered on the normal traffic. Each is written on the command line as
 * {@code name:key=value,...}; see {@link ScenarioParser} and docs/simulator.md.
 */
public sealed interface Scenario {

    /** A provider system fails (PROVIDER_ERROR) or hangs (TIMEOUT) for every call in the window. */
    record Outage(String system, TimeWindow window, Mode mode) implements Scenario {
        public enum Mode { FAIL, TIMEOUT }
    }

    /** A consumer system sends nothing in the window. */
    record Silence(String system, TimeWindow window) implements Scenario {}

    /** Traffic times {@code factor} in the window, for all consumers or one consumer agency. */
    record Surge(double factor, TimeWindow window, String agency) implements Scenario {}

    /** A share of events is delivered {@code delay} after its requestTime: past the grace, they are late. */
    record Late(double fraction, Duration delay) implements Scenario {}

    /** A share of events is delivered up to {@code maxShift} late: out of order, still counted. */
    record OutOfOrder(double fraction, Duration maxShift) implements Scenario {}

    /** A share of events is delivered a second time, up to {@code maxDelay} later, with the same eventId. */
    record Duplicates(double fraction, Duration maxDelay) implements Scenario {}

    /**
     * A consumer system's clock is off by {@code offset} in the window (of true time): its events
     * say they happened then plus the offset. {@code 7h} is a system writing local time as UTC.
     */
    record ClockSkew(String system, Duration offset, TimeWindow window) implements Scenario {}

    /**
     * A burst of {@code count} records that the platform must dead-letter without stopping or
     * slowing down: {@code oversized} (1 MB of garbage), {@code unknown-ids} (each with a schema id
     * of its own that the registry does not know) or {@code foreign-schema} (a registered schema
     * that is not an event's), all delivered at {@code at} (local time) on {@code date}, or on
     * every simulated day without a date.
     */
    record Poison(SimRecord.Malformation kind, int count, LocalTime at, LocalDate date) implements Scenario {}

    /** Extra records, a share of the traffic, that the platform must reject. */
    record Malformed(double fraction) implements Scenario {}
}
