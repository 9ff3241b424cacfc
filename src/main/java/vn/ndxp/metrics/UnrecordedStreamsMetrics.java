package vn.ndxp.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps off /metrics the Kafka Streams metrics that Kafka records only at the {@code DEBUG} or
 * {@code TRACE} recording level: Kafka registers them at every level, so at the default
 * {@code INFO} they are thousands of series that never move (with six partitions, about 4,000 of
 * the 5,800 Kafka series: every state store's operation rates and latencies, the record caches'
 * hit ratios, most task and processor-node metrics). Which are which is Kafka Streams' own
 * documentation ("Monitoring", Kafka Streams metrics) and its {@code *Metrics} classes: at
 * {@code INFO} a store records only gauges (open iterators, key counts, RocksDB's properties), a
 * task its active-process ratio, dropped records and records left to restore, a processor node
 * its end-to-end latency. With {@code -P metrics.recording.level=DEBUG} nothing is left out.
 */
public final class UnrecordedStreamsMetrics {
    private static final String STORE = "kafka.stream.state.";
    private static final String TASK = "kafka.stream.task.";
    private static final String NODE = "kafka.stream.processor.node.";
    private static final String CACHE = "kafka.stream.record.cache.";
    /** A store's sensors (operation rates and latencies, RocksDB's statistics); its INFO metrics are gauges named otherwise. */
    private static final Set<String> STORE_SENSOR_SUFFIXES = Set.of(".rate", ".total", ".avg", ".min", ".max", ".ratio");
    private static final Set<String> TASK_INFO = Set.of("active.process.ratio", "dropped.records.rate",
            "dropped.records.total", "restore.remaining.records.total");

    private UnrecordedStreamsMetrics() {}

    /** @param recordingLevel the app's {@code metrics.recording.level} (Kafka's default: INFO) */
    public static MeterFilter denyAt(String recordingLevel) {
        boolean info = recordingLevel.toUpperCase(Locale.ROOT).equals("INFO");
        return MeterFilter.deny(id -> info && unrecordedAtInfo(id));
    }

    static boolean unrecordedAtInfo(Meter.Id id) {
        String name = id.getName();
        if (name.startsWith(STORE)) {
            // The state updater's metrics share the prefix; they are its thread's, all INFO, and name no store.
            boolean ofAStore = id.getTags().stream().anyMatch(t -> t.getKey().endsWith("state.id"));
            return ofAStore && (STORE_SENSOR_SUFFIXES.stream().anyMatch(name::endsWith) || name.endsWith(".number.open.files"));
        }
        if (name.startsWith(TASK)) {
            return !TASK_INFO.contains(name.substring(TASK.length()));
        }
        if (name.startsWith(NODE)) {
            return !name.startsWith(NODE + "record.e2e.latency.");
        }
        return name.startsWith(CACHE);
    }
}
