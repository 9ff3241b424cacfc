package vn.ndxp.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies into an HdrHistogram (microsecond resolution, three significant digits): recorded
 * wait-free from the producer's callback thread, read as intervals by the reporter and summed
 * for the end.
 */
public final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    /** Any thread, wait-free. Negative values (clock granularity) count as 0. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos / 1_000));
    }

    /** What was recorded since the last call; it is added to the {@link #total()} too. */
    public synchronized Latency interval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return Latency.of(interval);
    }

    /** Everything recorded so far. */
    public synchronized Latency total() {
        interval();
        return Latency.of(total);
    }

    /** Percentiles in milliseconds. */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }
}
