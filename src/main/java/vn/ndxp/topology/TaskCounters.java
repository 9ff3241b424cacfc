package vn.ndxp.topology;

import java.util.HashMap;
import java.util.Map;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * The counters this process exports, as increases of the state its own tasks committed: each task
 * reports its counters' values when it starts on this instance (from the committed state, before
 * it processes anything) and at each of its commits. A counter grows by what its tasks counted
 * while they ran here, nothing more: when a task moves to another instance, the other instance
 * starts from the values it took over, so no increase is counted twice or lost, and a counter only
 * ever starts at 0 (a new process), which Prometheus' {@code rate()} and {@code increase()} take as
 * a reset. The exact values themselves stay in the stores (the query API, the {@code _today}
 * gauges).
 *
 * <p>A task that starts again on the same instance with lower values than it last reported was
 * revived from its last commit (a failed commit, a broker incident; also a dirty close, whose cache
 * flush reports values never committed): the records after that commit are processed again. What
 * was reported beyond the commit is then owed, and paid back from the task's next increases
 * before they count, so that the counter neither counts those records twice nor goes down.
 *
 * <p>Thread-safe: tasks report from their stream threads, the metrics read on scrapes.
 */
public final class TaskCounters {
    /** The platform's total: each transaction once, for its consumer agency. Other keys: {@link HygieneKeys}'s counters. */
    public static final String PLATFORM = "platform";

    private final Map<String, Map<String, Long>> lastByTask = new HashMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    /** Per counter: increases reported but lost with a revival, to be taken from the next ones. */
    private final Map<String, Long> owed = new HashMap<>();

    /** The key of an agency's transactions in one role ({@code consumer}, {@code provider}) and status. */
    public static String transactions(String agency, String role, ExchangeStatus status) {
        return "transactions/" + agency + '/' + role + '/' + status.name();
    }

    /** The key of the requests to a provider system in one status. */
    public static String serviceRequests(String agency, String system, ExchangeStatus status) {
        return "service/" + agency + '/' + system + '/' + status.name();
    }

    /** The key of the requests to a provider system whose latency fell in one bucket (its index, not cumulative). */
    public static String latencyBucket(String agency, String system, int bucket) {
        return "latency/" + agency + '/' + system + '/' + bucket;
    }

    /** The key of the sum of those latencies, in milliseconds. */
    public static String latencySumMs(String agency, String system) {
        return "latency/" + agency + '/' + system + "/sum_ms";
    }

    /** The key of the alerts of a type raised. */
    public static String alertsRaised(String type) {
        return "alerts/" + type;
    }

    /** For topologies whose counters nobody reads (tests, benchmarks). */
    public static TaskCounters discarding() {
        return new TaskCounters();
    }

    /**
     * A task starts here (first time, after a move, or after a revival): its committed values are
     * where its increases start from. What it last reported here, if anything, is kept across its
     * close, to tell a revival from a return.
     *
     * @param task the store and partition, e.g. {@code hygiene/3}: unique per task
     */
    public synchronized void started(String task, Map<String, Long> values) {
        Map<String, Long> before = lastByTask.get(task);
        if (before != null) {
            before.forEach((key, last) -> {
                long lost = last - values.getOrDefault(key, 0L);
                if (lost > 0) {
                    owed.merge(key, lost, Long::sum);
                }
            });
        }
        lastByTask.put(task, new HashMap<>(values));
        values.keySet().forEach(k -> totals.putIfAbsent(k, 0L));
    }

    /** The task's values as they are committed now: the increases since its last report are added. */
    public synchronized void committed(String task, Map<String, Long> values) {
        Map<String, Long> last = lastByTask.get(task);
        if (last == null) {
            started(task, values);
            return;
        }
        values.forEach((key, value) -> {
            long before = last.getOrDefault(key, 0L);
            // Lower after a revival restored the last commit: the records after it are counted again from there.
            if (value > before) {
                long increase = value - before;
                long paid = Math.min(increase, owed.getOrDefault(key, 0L));
                if (paid > 0) {
                    owed.merge(key, -paid, Long::sum);
                }
                totals.merge(key, increase - paid, Long::sum);
            } else {
                totals.putIfAbsent(key, 0L);
            }
            last.put(key, value);
        });
    }

    /** Increases per counter since this process started. */
    public synchronized Map<String, Long> totals() {
        return Map.copyOf(totals);
    }

    public synchronized long total(String key) {
        return totals.getOrDefault(key, 0L);
    }
}
