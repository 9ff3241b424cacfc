package vn.ndxp.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import vn.ndxp.loadtest.LatencyRecorder.Latency;

/**
 * What a replay did, for a period (the reports while running) or the whole run (the end and
 * {@code --report FILE}).
 *
 * @param targetRate     events/s the schedule asked for: N for {@code --rate} (scaled by the ramp
 *                       while running), the schedule's own rate for {@code --speed}; null for {@code --max}
 * @param achievedRate   acknowledged events per second: from the start to the last acknowledgement
 *                       for a whole run, within the period otherwise
 * @param latencyMs      intended send time → acknowledgement: corrected for coordinated omission
 * @param naiveLatencyMs {@code send()} call → acknowledgement, as most tools measure it
 * @param freshness      event sent → counted by the platform, when {@code --metrics-url} is given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String pacing, double elapsedSeconds, long sent, long acked, long failed, long badRecords,
                     Double targetRate, double achievedRate, Latency latencyMs, Latency naiveLatencyMs,
                     Freshness freshness, String firstFailure) {

    /**
     * End-to-end freshness: how long after an event was sent the platform's
     * {@code ndxp_platform_transactions_today} had counted that many of the replay's events.
     *
     * @param samplesMs      one sample per poll of the metrics URL
     * @param counted        events counted by the platform since the replay started
     * @param allCountedMs   from the last send to the poll that saw every acknowledged event counted;
     *                       null if that did not happen within the wait
     * @param dayChanged     the platform's "today" moved on during the replay, so sampling stopped there
     */
    public record Freshness(String metricsUrl, Latency samplesMs, long counted, Double allCountedMs, boolean dayChanged) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        JsonFile.write(JSON, this, file);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line for a log or terminal. */
    public String line() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "sent %,d acked %,d failed %,d | rate %s/s (target %s) | latency ms p50 %s p90 %s p99 %s p99.9 %s max %s"
                        + " | naive p50 %s p99 %s max %s",
                sent, acked, failed, number(achievedRate), targetRate == null ? "max" : number(targetRate),
                ms(latencyMs.p50()), ms(latencyMs.p90()), ms(latencyMs.p99()), ms(latencyMs.p999()), ms(latencyMs.max()),
                ms(naiveLatencyMs.p50()), ms(naiveLatencyMs.p99()), ms(naiveLatencyMs.max())));
        if (badRecords > 0) {
            b.append(String.format(Locale.ROOT, " | bad records %,d", badRecords));
        }
        if (freshness != null && freshness.samplesMs().count() > 0) {
            b.append(String.format(Locale.ROOT, " | freshness ms p50 %s max %s", ms(freshness.samplesMs().p50()),
                    ms(freshness.samplesMs().max())));
        }
        return b.toString();
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    private static String ms(double d) {
        return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
