package vn.ndxp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ndxp_stream_threads_cpu_seconds_total}: the CPU time of the Kafka Streams processing
 * threads, all of them since the start, ended ones included.
 *
 * <p>The process' CPU ({@code process_cpu_usage}) also holds the JIT compiler, the garbage
 * collector, the producers' network threads and the scrapes; this is the topology's own work.
 * Its rate is how busy the stream threads are: near {@code num.stream.threads} means processing
 * is CPU-bound and more instances (or threads, with cores to spare) would help.
 */
public final class StreamThreadCpuMetrics implements MeterBinder {
    /**
     * Kafka Streams names its processing threads {@code <client.id>-StreamThread-<n>}; their
     * producers' network threads contain that name too, but not at the end.
     */
    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+$");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The last CPU time read of each live stream thread, by thread id, in nanoseconds. */
    private final Map<Long, Long> lastRead = new HashMap<>();
    private long endedNanos;

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        // Micrometer holds the object weakly and the function strongly: the object is the JVM's
        // ThreadMXBean, which lives as long as the JVM, and the function keeps this binder alive.
        FunctionCounter.builder("ndxp.stream.threads.cpu", threads, t -> totalNanos() / 1e9)
                .description("CPU time of the Kafka Streams processing threads, since the start")
                .baseUnit("seconds")
                .register(registry);
    }

    synchronized long totalNanos() {
        Map<Long, Long> now = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && STREAM_THREAD.matcher(info.getThreadName()).find()) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    now.put(info.getThreadId(), cpu);
                }
            }
        }
        lastRead.forEach((id, cpu) -> {
            if (!now.containsKey(id)) {
                endedNanos += cpu; // ended since the last read: its time stays counted
            }
        });
        lastRead.clear();
        lastRead.putAll(now);
        return endedNanos + now.values().stream().mapToLong(Long::longValue).sum();
    }
}
