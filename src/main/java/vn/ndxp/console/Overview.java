package vn.ndxp.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import vn.ndxp.metrics.CalendarMetrics;
import vn.ndxp.time.DayProfile;

/**
 * What the console shows beside the query API's counts: the reference day to compare a day with,
 * and this process's own signals (freshness, input hygiene, a load generator running here), read
 * from the same meters /metrics exports, so that the page and Prometheus never disagree.
 */
final class Overview {
    /** The reference day: the platform's 2.8 M transactions of a working day, shaped and scaled by the day's kind. */
    record Reference(String date, String dayType, long dayTotal, double[] halfHourShares) {
        static Reference of(LocalDate date) {
            return new Reference(date.toString(), CalendarMetrics.Day.of(date).label(),
                    Math.round(DayProfile.WORKDAY_VOLUME * DayProfile.dayFactor(date)), DayProfile.shares(date));
        }
    }

    /** The newest event this process has counted, by event time, and its age on the wall clock. */
    record Freshness(String newestEventTime, double ageSeconds) {}

    /** Input this process has set aside, since it started: late, redelivered, and dead letters by reason. */
    record Hygiene(long late, long duplicate, long rejected, Map<String, Long> rejectedByReason) {}

    /** A load generator's figures: the target rate (NaN when it has none) and its counters. */
    record Loadgen(Double targetRate, long sent, long acked, long failed) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String now, Reference reference, Freshness freshness, Hygiene hygiene, Loadgen loadgen) {}

    private final MeterRegistry registry;
    private final InstantSource clock;

    Overview(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
    }

    View view(LocalDate date) {
        Instant now = clock.instant();
        return new View(now.toString(), Reference.of(date), freshness(now), hygiene(), loadgen());
    }

    private Freshness freshness(Instant now) {
        Gauge newest = registry.find("ndxp.event.newest.timestamp").gauge();
        double seconds = newest == null ? Double.NaN : newest.value();
        if (!(seconds > 0)) {
            return null;
        }
        long millis = Math.round(seconds * 1000);
        return new Freshness(Instant.ofEpochMilli(millis).toString(), Math.max(0, now.toEpochMilli() - millis) / 1000.0);
    }

    private Hygiene hygiene() {
        Map<String, Long> byReason = new TreeMap<>();
        long rejected = 0;
        for (FunctionCounter c : registry.find("ndxp.events.rejected").functionCounters()) {
            long n = Math.round(c.count());
            byReason.put(c.getId().getTag("reason"), n);
            rejected += n;
        }
        return new Hygiene(count("ndxp.events.late"), count("ndxp.events.duplicate"), rejected, byReason);
    }

    private Loadgen loadgen() {
        if (registry.find("ndxp.loadgen.events.sent").functionCounter() == null) {
            return null;
        }
        Gauge target = registry.find("ndxp.loadgen.target.rate").gauge();
        double rate = target == null ? Double.NaN : target.value();
        return new Loadgen(Double.isFinite(rate) ? rate : null, count("ndxp.loadgen.events.sent"),
                count("ndxp.loadgen.events.acked"), count("ndxp.loadgen.events.failed"));
    }

    private long count(String name) {
        FunctionCounter c = registry.find(name).functionCounter();
        return c == null ? 0 : Math.round(c.count());
    }
}
