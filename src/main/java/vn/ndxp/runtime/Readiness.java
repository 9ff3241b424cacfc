package vn.ndxp.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import vn.ndxp.metrics.StageLagMetrics;
import vn.ndxp.metrics.export.MetricsServer.Check;
import vn.ndxp.model.Topics;
import vn.ndxp.topology.Names;

/**
 * Answers {@code /ready}: is this instance's view of the counts current? Ready means all three:
 * <ol>
 *   <li>Kafka Streams is RUNNING (not starting, rebalancing, replacing a failed thread or stopped);</li>
 *   <li>no state store of an active task is being restored from its changelog;</li>
 *   <li>on every input partition of its active tasks (the input topic and the internal
 *       repartition topics) the committed offset is at most {@code maxLag} records behind the last
 *       stable offset;</li>
 *   <li>no such partition is held behind a transaction: its last stable offset has not stayed
 *       below its high watermark for longer than {@link #HELD_AFTER}. Under exactly-once a
 *       read-committed consumer cannot pass an open transaction, so a transaction that a broker
 *       incident left hanging stops the stage behind it while the lag against the last stable
 *       offset says 0. Transactions here last about a second (the commit interval).</li>
 * </ol>
 * The lag comes from the cluster (committed offsets of the application's group and the
 * partitions' end offsets), asked at most once a second on a thread of its own; if the cluster
 * does not answer within two seconds the instance is not ready, since it could not make progress
 * either. A caller never waits more than {@link #MAX_WAIT} (under a probe's usual 1 s timeout):
 * while a slower check runs, the answer is "not ready: the cluster not answering" with the last known state.
 * How far behind the log end each stage is ({@link #stages()}) is exported as a metric.
 */
public final class Readiness implements AutoCloseable {
    private static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMillis(800);
    private static final long TIMEOUT_MS = 2_000;
    /** Several transaction timeouts (Kafka Streams sets 10 s under exactly-once): longer is a hanging transaction. */
    static final Duration HELD_AFTER = Duration.ofSeconds(60);

    private final StreamsRunner runner;
    private final Map<String, Object> adminProps;
    private final String groupId;
    private final long maxLag;
    private final BoundedCheck bounded;
    private volatile Admin admin; // created and used by the check's own thread
    /** Per partition: its last stable offset when it was last seen below the high watermark, since when, and its high watermark. */
    private final Map<TopicPartition, long[]> heldSince = new HashMap<>();
    private volatile Map<String, StageLagMetrics.Lag> stages = Map.of();

    /**
     * @param adminProps how to reach the cluster (bootstrap servers, security)
     * @param groupId    the application id, which is the consumer group
     * @param maxLag     records an input partition may lag and still be ready
     */
    public Readiness(StreamsRunner runner, Map<String, Object> adminProps, String groupId, long maxLag) {
        this.runner = runner;
        this.adminProps = adminProps;
        this.groupId = groupId;
        this.maxLag = maxLag;
        this.bounded = new BoundedCheck(this::evaluate, MAX_AGE, MAX_WAIT, "the cluster");
    }

    /** Current, or at most a second old; never waits longer than {@link #MAX_WAIT}. */
    public Check check() {
        return bounded.get();
    }

    private Check evaluate() {
        KafkaStreams.State state = runner.streams().state();
        if (state != KafkaStreams.State.RUNNING) {
            return Check.down("state " + state);
        }
        int restoring = runner.restoring();
        if (restoring > 0) {
            return Check.down("restoring " + restoring + " state store partitions");
        }
        Set<TopicPartition> inputs = activeInputs();
        if (inputs.isEmpty()) {
            return Check.up("RUNNING, no partitions assigned to this instance");
        }
        Map<TopicPartition, Long> lags;
        try {
            lags = lags(inputs);
            String held = held();
            if (held != null) {
                return Check.down(held);
            }
        } catch (ExecutionException | TimeoutException e) {
            return Check.down("cannot read offsets from the cluster: " + (e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.down("interrupted");
        }
        Map.Entry<TopicPartition, Long> worst = lags.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        if (worst.getValue() > maxLag) {
            return Check.down("lag " + worst.getValue() + " records on " + worst.getKey() + " (ready at " + maxLag + ")");
        }
        return Check.up("RUNNING, caught up: lag at most " + worst.getValue() + " records on " + inputs.size() + " partitions");
    }

    private Set<TopicPartition> activeInputs() {
        Set<TopicPartition> inputs = new HashSet<>();
        for (ThreadMetadata thread : runner.streams().metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                inputs.addAll(task.topicPartitions());
            }
        }
        return inputs;
    }

    private Map<TopicPartition, Long> lags(Set<TopicPartition> inputs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Admin a = admin();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        inputs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = a.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> highs = a.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        // Nothing committed yet: the app starts from the earliest record still there.
        Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
        inputs.stream().filter(tp -> committed.get(tp) == null).forEach(tp -> uncommitted.put(tp, OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResultInfo> starts = uncommitted.isEmpty() ? Map.of()
                : a.listOffsets(uncommitted).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> lags = new HashMap<>();
        Map<String, long[]> byStage = new HashMap<>();
        long now = System.nanoTime();
        heldSince.keySet().retainAll(inputs);
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata c = committed.get(tp);
            long position = c != null ? c.offset() : starts.get(tp).offset();
            long stable = ends.get(tp).offset();
            long high = highs.get(tp).offset();
            lags.put(tp, Math.max(0, stable - position));
            long[] since = heldSince.get(tp);
            if (stable >= high) {
                heldSince.remove(tp);
            } else if (since == null || since[0] != stable) {
                heldSince.put(tp, new long[] {stable, now, high});
            } else {
                since[2] = high;
            }
            long[] stage = byStage.computeIfAbsent(stageOf(tp.topic()), k -> new long[2]);
            stage[0] += Math.max(0, high - position);
            if (isHeld(heldSince.get(tp), now)) {
                stage[1]++;
            }
        }
        Map<String, StageLagMetrics.Lag> next = new HashMap<>();
        byStage.forEach((name, v) -> next.put(name, new StageLagMetrics.Lag(v[0], (int) v[1])));
        stages = Map.copyOf(next);
        return lags;
    }

    /** Why the app is held behind an open transaction, or null if it is not. */
    private String held() {
        long now = System.nanoTime();
        for (Map.Entry<TopicPartition, long[]> e : heldSince.entrySet()) {
            long[] since = e.getValue();
            if (isHeld(since, now)) {
                return "held behind a transaction open for " + TimeUnit.NANOSECONDS.toSeconds(now - since[1])
                        + " s on " + e.getKey() + ": last stable offset " + since[0] + ", high watermark " + since[2]
                        + " (see the runbook, \"Counts stopped advancing\")";
            }
        }
        return null;
    }

    private static boolean isHeld(long[] since, long now) {
        return since != null && now - since[1] > HELD_AFTER.toNanos();
    }

    private static String stageOf(String topic) {
        if (topic.equals(Topics.EXCHANGE_EVENTS)) {
            return "input";
        }
        return topic.endsWith("-" + Names.BY_AGENCY_DAY + "-repartition") ? "counts" : "analytics";
    }

    /**
     * Each stage as of the last check, for the metrics; empty before the first. Never waits for the
     * cluster: a check older than a second is started in the background, for the next scrape.
     */
    public Map<String, StageLagMetrics.Lag> stages() {
        bounded.refresh();
        return stages;
    }

    private Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.putAll(adminProps);
            p.putIfAbsent("client.id", groupId + "-readiness");
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public void close() {
        bounded.close();
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(5));
        }
    }
}
