package vn.ndxp.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import vn.ndxp.metrics.CalendarMetrics;
import vn.ndxp.time.DayProfile;

/**
 * What the console shows beside the query API's counts: the reference day to compare a day with,
 * this process's own signals (freshness, input hygiene), read from the same meters /metrics
 * exports so that the page and Prometheus never disagree, and a load generator's figures
 * ({@link LoadgenFeed}).
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

    /**
     * A load generator's figures: where they come from, why they could not be read (null when they
     * could), its target rate (null when it has none: --speed, --max) and its counters.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Loadgen(String source, String error, Double targetRate, long sent, long acked, long failed) {
        static Loadgen unreachable(String source, String error) {
            return new Loadgen(source, error, null, 0, 0, 0);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String now, Reference reference, Freshness freshness, Hygiene hygiene, Loadgen loadgen) {}

    private final MeterRegistry registry;
    private final InstantSource clock;
    private final LoadgenFeed loadgen;

    /** @param loadgenMetrics a load generator's /metrics to show, or null */
    Overview(MeterRegistry registry, InstantSource clock, URI loadgenMetrics) {
        this.registry = registry;
        this.clock = clock;
        this.loadgen = new LoadgenFeed(registry, loadgenMetrics);
    }

    View view(LocalDate date) {
        Instant now = clock.instant();
        return new View(now.toString(), Reference.of(date), freshness(now), hygiene(), loadgen.read());
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

    private long count(String name) {
        return count(registry, name);
    }

    /** A function counter's value, 0 if the registry does not have it. */
    static long count(MeterRegistry registry, String name) {
        FunctionCounter c = registry.find(name).functionCounter();
        return c == null ? 0 : Math.round(c.count());
    }
}
