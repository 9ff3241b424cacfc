package vn.ndxp.bench;

/** One benchmark phase: how many events and bytes in how much time. */
public record Measurement(String name, long events, long bytes, double seconds) {
    public double eventsPerSecond() {
        return events / Math.max(1e-9, seconds);
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / Math.max(1e-9, seconds);
    }
}
