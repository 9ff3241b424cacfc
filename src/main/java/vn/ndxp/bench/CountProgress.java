package vn.ndxp.bench;

/**
 * The streams app's progress as the bench's polls of its metrics see it: events processed (counted
 * or found late), the first poll that saw any, the last that saw more, the start of the last
 * pre-loaded day, and the peaks of its heap and stream-thread CPU.
 */
final class CountProgress {
    private final long lastDayFrom;
    private Sample latest;
    private Sample first;
    private Sample lastDayStart;
    private long lastProgressNanos;
    private double heapPeak;
    private double streamThreadCpu;

    /** @param lastDayFrom events processed before the last day starts; {@link Long#MAX_VALUE} to time no last day */
    CountProgress(long startedNanos, long lastDayFrom) {
        this.lastDayFrom = lastDayFrom;
        this.latest = new Sample(startedNanos, 0);
        this.lastProgressNanos = startedNanos;
    }

    void observe(MetricsScrape scrape, long now) {
        heapPeak = Math.max(heapPeak, scrape.sum("jvm_memory_used_bytes", "area=\"heap\""));
        // The stream thread does nothing but this run's events: all its time since the start counts.
        streamThreadCpu = Math.max(streamThreadCpu, scrape.sum("ndxp_stream_threads_cpu_seconds_total"));
        Sample s = new Sample(now, Math.round(scrape.sum("ndxp_platform_transactions_total")
                + scrape.sum("ndxp_events_late_total")));
        if (s.events() > 0 && first == null) {
            first = s;
        }
        if (s.events() != latest.events()) {
            lastProgressNanos = now;
        }
        if (lastDayStart == null && s.events() >= lastDayFrom) {
            // Timed from the poll before this one, the last that saw an earlier day unfinished: a
            // small last day may be counted whole between two polls.
            lastDayStart = latest;
        }
        latest = s;
    }

    long processed() {
        return latest.events();
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** The first poll that saw a count, or the start if none did. */
    Sample first(long startedNanos) {
        return first != null ? first : new Sample(startedNanos, 0);
    }

    /** Null until the last day started. */
    Sample lastDayStart() {
        return lastDayStart;
    }

    double heapPeak() {
        return heapPeak;
    }

    double streamThreadCpuSeconds() {
        return streamThreadCpu;
    }
}
