package vn.ndxp.topology.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * The combiner: runs in the task of each input partition, on the valid events, and sums them into
 * partial aggregates (cells) instead of sending every event through a repartition topic. Two
 * cells per event: (provider system, service, minute) with the requests by status, bytes and a
 * latency sketch, and (consumer system, hour) with the calls and, per provider agency, the flows.
 * On a wall-clock punctuation ({@link AnalyticsConfig.Flushes#interval()}, or earlier when
 * {@link AnalyticsConfig.Flushes#maxPendingCells()} are pending) the cells are grouped by owner
 * ({@link Routing}) into a few records, forwarded, and deleted; then a watermark goes to every
 * partition. At full replay speed that is a few thousand records a second instead of every event.
 *
 * <p><b>Live, the flushes come sooner.</b> While the combiner processes the newest events within
 * {@link AnalyticsConfig.Flushes#live()} of their requestTime, it flushes that often instead:
 * an event then counts within about half a second of its send (docs/performance.md, freshness). A
 * backlog, or a replay of an old day, keeps the longer interval, for fewer and larger
 * transactions; so does a platform that falls behind, until it has caught up.
 *
 * <p><b>The combiners of a stream thread flush together, merged.</b> A flush sends, with its own
 * cells, those of every other combiner of the stream thread that has processed events since its
 * task's last commit, merged into one set of partials: at replay speed a minute of a service has
 * about one event in each input partition, so merging the partitions' cells cuts what crosses
 * the repartition and what the analytics decode (docs/performance.md, What was tried). Those tasks are part of the
 * next commit (a task that processed records is in every commit of its thread), and under
 * exactly-once a commit commits all of them in one transaction: the merged partials, each task's
 * journal deletion and each task's input offsets land together or not at all. A flush then asks
 * for that commit; just before it ({@link CommitHookStore}) a combiner that has not flushed in
 * the last half interval flushes (and merges) too.
 *
 * <p><b>Why exact under exactly-once.</b> The pending cells live in hash maps. A flush forwards
 * them and deletes them (and the journal), and its output commits with the input offsets of the
 * events it covers. At a commit without a flush (a task that had just flushed, or the test
 * driver's commit after each record) the cells changed since the previous commit are written to
 * {@link Names#PARTIALS_STORE} as one journal record ({@link CellJournal}), so the pending
 * cells are part of the task's state and commit in the same transaction as the input offsets.
 * After a crash the journal is read back (a later copy of a cell replaces an earlier one) and the
 * events after the last commit are processed again: nothing is counted twice or lost. An event
 * costs two hash lookups; a cell is encoded once per commit at most, and seldom at all.
 */
final class PartialAggregator<V> implements Processor<byte[], V, String, Partial> {
    private static final long HOUR_MS = 3_600_000;

    private final Function<V, DataExchangeEvent> events;
    private final AnalyticsConfig config;
    private final EventTimes eventTimes;
    private final CombinerGroups groups;
    /** This stream thread's combiners, this one included while its task runs. */
    private List<PartialAggregator<?>> group = new ArrayList<>();
    private final Map<PendingCell.Health.Key, PendingCell.Health> health = new HashMap<>();
    private final Map<PendingCell.Consumer.Key, PendingCell.Consumer> consumers = new HashMap<>();
    private final List<PendingCell> changed = new ArrayList<>();
    private ProcessorContext<String, Partial> context;
    private CellJournal journal;
    private long streamTime = Long.MIN_VALUE;
    /** How long after its requestTime the newest event was processed; unknown after a (re)start. */
    private long newestDelayMs = Long.MAX_VALUE;
    private long sentWatermark = Long.MIN_VALUE;
    /** Wall-clock time of the last flush. */
    private long lastFlushMs;
    /** Between {@link #close} and the next {@link #init}: the task is suspended or closing; no forwarding. */
    private boolean closed;
    /** The journal's name for the next new cell: unique among pending cells, reset by every flush. */
    private int nextCellId;
    /** Whether the task processed records since its last commit, and so will be in the next one. */
    private boolean processedSinceCommit;

    PartialAggregator(Function<V, DataExchangeEvent> events, AnalyticsConfig config, EventTimes eventTimes,
                      CombinerGroups groups) {
        this.events = events;
        this.config = config;
        this.eventTimes = eventTimes;
        this.groups = groups;
    }

    @Override
    public void init(ProcessorContext<String, Partial> context) {
        this.context = context;
        CommitHookStore partials = context.getStateStore(Names.PARTIALS_STORE);
        this.journal = new CellJournal(partials.data());
        // Kafka Streams keeps the processor across a task's close and re-init (after a revocation,
        // or a revival after an aborted transaction): only what the journal holds was committed.
        health.clear();
        consumers.clear();
        changed.clear();
        nextCellId = 0;
        streamTime = Long.MIN_VALUE;
        newestDelayMs = Long.MAX_VALUE;
        sentWatermark = Long.MIN_VALUE;
        closed = false;
        processedSinceCommit = false;
        group = groups.join(this);
        reload();
        partials.beforeCommit(context, this::beforeCommit);
        lastFlushMs = context.currentSystemTimeMs();
        // Checked ten times a live interval (a flush is then at most a tenth late): a flush at a
        // commit (below) may have come since the last check.
        long check = Math.max(1, config.flushes().live().toMillis() / 10);
        context.schedule(Duration.ofMillis(check), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (now - lastFlushMs >= flushInterval(now)) {
                flush(true);
            }
        });
    }

    /**
     * The live interval while the events are live: the newest was processed within a live interval
     * of its requestTime, and less than a flush interval ago. A platform that falls behind (a
     * backlog, or commits that hold the thread, as a broker's do while it is still compiling)
     * processes its events later than that and keeps the longer interval until it has caught up:
     * a transaction every quarter second would only add to what it has to catch up on.
     */
    private long flushInterval(long now) {
        long interval = config.flushes().interval().toMillis();
        long live = config.flushes().live().toMillis();
        return newestDelayMs < live && now - streamTime < interval ? live : interval;
    }

    @Override
    public void close() {
        closed = true;
        group.remove(this);
    }

    /**
     * Before each commit: flush, unless this task flushed less than half an interval ago (it may
     * be the one whose flush asked for the commit) or is closing; otherwise journal the cells.
     */
    private void beforeCommit() {
        long now = context.currentSystemTimeMs();
        if (!closed && now - lastFlushMs >= flushInterval(now) / 2) {
            flush(false);
        }
        if (!changed.isEmpty()) {
            journal.write(changed);
            changed.clear();
        }
        processedSinceCommit = false;
    }

    /** After a restart: the cells that were pending at the last commit. */
    private void reload() {
        for (PendingCell cell : journal.read()) {
            nextCellId = Math.max(nextCellId, cell.id + 1);
            if (cell instanceof PendingCell.Health h) {
                health.put(h.key(), h);
            } else {
                PendingCell.Consumer c = (PendingCell.Consumer) cell;
                consumers.put(c.key(), c);
                streamTime = Math.max(streamTime, c.lastSeen);
            }
        }
    }

    private void touch(PendingCell cell) {
        if (!cell.changed) {
            cell.changed = true;
            changed.add(cell);
        }
    }

    @Override
    public void process(Record<byte[], V> record) {
        processedSinceCommit = true;
        DataExchangeEvent e = events.apply(record.value());
        long t = e.getRequestTime().toEpochMilli();
        long now = context.currentSystemTimeMs();
        eventTimes.record(now, t);
        if (t > streamTime) {
            streamTime = t;
            newestDelayMs = now - t;
        }
        int status = e.getStatus().ordinal();

        long minute = Math.floorDiv(t, PendingCell.MINUTE_MS) * PendingCell.MINUTE_MS;
        PendingCell.Health.Key hk = new PendingCell.Health.Key(e.getProviderSystem(), e.getServiceCode(), minute);
        PendingCell.Health h = health.get(hk);
        if (h == null) {
            h = new PendingCell.Health(nextCellId++, e.getProviderAgency(), hk.system(), hk.service(), minute);
            health.put(hk, h);
        }
        h.stats.add(status, e.getDurationMs(), e.getRequestBytes(), e.getResponseBytes());
        touch(h);

        long hour = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
        PendingCell.Consumer.Key ck = new PendingCell.Consumer.Key(e.getConsumerSystem(), hour);
        PendingCell.Consumer c = consumers.get(ck);
        if (c == null) {
            c = new PendingCell.Consumer(nextCellId++, e.getConsumerAgency(), ck.system(), hour);
            consumers.put(ck, c);
        }
        c.add(t, e.getProviderAgency(), status);
        touch(c);

        if (health.size() + consumers.size() >= config.flushes().maxPendingCells()) {
            flush(true);
        }
    }

    /**
     * Forwards the pending cells of this combiner and of the thread's others that processed since
     * their last commit, merged and grouped by owner; deletes them and their journals; then sends
     * each one's watermark. Asks for a commit if {@code commit} and there was something to send.
     */
    private void flush(boolean commit) {
        List<PartialAggregator<?>> batch = new ArrayList<>();
        batch.add(this);
        for (PartialAggregator<?> other : group) {
            if (other != this && !other.closed && other.processedSinceCommit) {
                batch.add(other);
            }
        }
        long now = context.currentSystemTimeMs();
        long time = Long.MIN_VALUE;
        for (PartialAggregator<?> c : batch) {
            c.lastFlushMs = now;
            time = Math.max(time, c.streamTime);
        }
        if (time == Long.MIN_VALUE) {
            return;
        }
        boolean sent;
        try {
            sent = send(batch, time);
        } catch (TimeoutException | TaskCorruptedException e) {
            // Kafka Streams would retry the commit, or commit the thread's other tasks before reviving
            // this one, with part of this flush already in the open transaction and the others'
            // cells merged into this one's: counted twice. Only aborting the whole transaction is
            // exact, and a migration is how Kafka Streams aborts it (docs/topology.md).
            throw new TaskMigratedException("A flush of the combined cells of " + batch.size()
                    + " tasks could not complete (" + e.getMessage() + ")", e);
        }
        if (sent && commit) {
            context.commit();
        }
    }

    /** @return whether anything was sent */
    private boolean send(List<PartialAggregator<?>> batch, long time) {
        boolean hadCells = forwardMerged(batch, time);
        boolean sent = hadCells;
        for (PartialAggregator<?> c : batch) {
            c.deletePending();
            if (c.streamTime != Long.MIN_VALUE && (c.streamTime > c.sentWatermark || hadCells)) {
                forward(Routing.WATERMARK, new Partial.Watermark(c.context.taskId().partition(), c.streamTime), time);
                c.sentWatermark = c.streamTime;
                sent = true;
            }
        }
        return sent;
    }

    /** @return whether there were cells to send */
    private boolean forwardMerged(List<PartialAggregator<?>> batch, long time) {
        // Into this combiner's own cells, which are deleted with the others' after the flush.
        for (PartialAggregator<?> other : batch.subList(1, batch.size())) {
            other.health.forEach((k, cell) -> health.merge(k, cell, PendingCell.Health::merge));
            other.consumers.forEach((k, cell) -> consumers.merge(k, cell, PendingCell.Consumer::merge));
        }
        FlushBatch records = new FlushBatch(health.values(), consumers.values());
        records.sendTo((key, partial) -> forward(key, partial, time));
        return !records.isEmpty();
    }

    /** After a flush: the cells are sent, so they and their journal go. */
    private void deletePending() {
        journal.delete();
        health.clear();
        consumers.clear();
        changed.clear();
        nextCellId = 0;
    }

    private void forward(String key, Partial value, long time) {
        context.forward(new Record<>(key, value, time));
    }
}
