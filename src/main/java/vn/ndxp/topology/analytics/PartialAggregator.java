package vn.ndxp.topology.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * The combiner: runs in the task of each input partition, on the valid events, and sums them into
 * partial aggregates (cells) instead of sending every event through a repartition topic. Two
 * cells per event: (provider system, service, minute) with the requests by status, bytes and a
 * latency sketch, and (consumer system, hour) with the calls and, per provider agency, the flows.
 * On a wall-clock punctuation ({@link AnalyticsConfig#flushInterval()}, or earlier when
 * {@link AnalyticsConfig#maxPendingCells()} are pending) the cells are grouped by owner
 * ({@link Routing}) into a few records, forwarded, and deleted; then a watermark goes to every
 * partition. At full replay speed that is a few thousand records a second instead of every event.
 *
 * <p><b>The combiners of a stream thread flush together, merged.</b> A flush sends, with its own
 * cells, those of every other combiner of the stream thread that has processed events since its
 * task's last commit, merged into one set of partials: at replay speed a minute of a service has
 * about one event in each input partition, so merging the partitions' cells cuts what crosses
 * the repartition and what the analytics decode (by 40 % over a replayed day). Those tasks are part of the
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
 * {@link Names#PARTIALS_STORE} as one journal record (a few, if very many changed), so the pending
 * cells are part of the task's state and commit in the same transaction as the input offsets.
 * After a crash the journal is read back (a later copy of a cell replaces an earlier one) and the
 * events after the last commit are processed again: nothing is counted twice or lost. An event
 * costs two hash lookups; a cell is encoded once per commit at most, and seldom at all.
 */
final class PartialAggregator<V> implements Processor<byte[], V, String, Partial> {
    /** A health cell journalled by the version before latency buckets: still read after an upgrade. */
    private static final int HEALTH_WITHOUT_BUCKETS = 'H';
    private static final int HEALTH = 'B';
    private static final int CONSUMER = 'C';
    private static final long MINUTE_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;
    private static final int MAX_SERVICES_PER_RECORD = 1_000;
    /** A journal record is closed beyond this size, well under the broker's 1 MB default record limit. */
    private static final int MAX_JOURNAL_RECORD_BYTES = 256 * 1024;
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final Function<V, DataExchangeEvent> events;
    private final AnalyticsConfig config;
    private final LongConsumer lagMs;
    private final CombinerGroups groups;
    /** This stream thread's combiners, this one included while its task runs. */
    private List<PartialAggregator<?>> group = new ArrayList<>();
    private final Map<HealthKey, HealthCell> health = new HashMap<>();
    private final Map<ConsumerKey, ConsumerCell> consumers = new HashMap<>();
    private final List<Cell> changed = new ArrayList<>();
    private final Codec.Writer journal = new Codec.Writer(64 * 1024);
    private ProcessorContext<String, Partial> context;
    private KeyValueStore<Bytes, byte[]> store;
    /** The key of the next journal record; the journal is deleted, and this reset, by every flush. */
    private int nextJournalRecord;
    private long streamTime = Long.MIN_VALUE;
    private long sentWatermark = Long.MIN_VALUE;
    /** Wall-clock time of the last flush. */
    private long lastFlushMs;
    /** Between {@link #close} and the next {@link #init}: the task is suspended or closing; no forwarding. */
    private boolean closed;
    /** The journal's name for the next new cell: unique among pending cells, reset by every flush. */
    private int nextCellId;
    /** Whether the task processed records since its last commit, and so will be in the next one. */
    private boolean processedSinceCommit;

    PartialAggregator(Function<V, DataExchangeEvent> events, AnalyticsConfig config, LongConsumer lagMs,
                      CombinerGroups groups) {
        this.events = events;
        this.config = config;
        this.lagMs = lagMs;
        this.groups = groups;
    }

    @Override
    public void init(ProcessorContext<String, Partial> context) {
        this.context = context;
        CommitHookStore partials = context.getStateStore(Names.PARTIALS_STORE);
        this.store = partials.data();
        // Kafka Streams keeps the processor across a task's close and re-init (after a revocation,
        // or a revival after an aborted transaction): only what the journal holds was committed.
        health.clear();
        consumers.clear();
        changed.clear();
        nextCellId = 0;
        nextJournalRecord = 0;
        streamTime = Long.MIN_VALUE;
        sentWatermark = Long.MIN_VALUE;
        closed = false;
        processedSinceCommit = false;
        group = groups.join(this);
        reload();
        partials.beforeCommit(context, this::beforeCommit);
        lastFlushMs = context.currentSystemTimeMs();
        long interval = config.flushInterval().toMillis();
        // Checked ten times an interval (a flush is then at most a tenth late): a flush at a commit
        // (below) may have come since the last check.
        context.schedule(Duration.ofMillis(Math.max(1, interval / 10)), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (now - lastFlushMs >= interval) {
                flush(true);
            }
        });
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
        if (!closed && context.currentSystemTimeMs() - lastFlushMs >= config.flushInterval().toMillis() / 2) {
            flush(false);
        }
        writeJournal();
        processedSinceCommit = false;
    }

    /** After a restart: the cells that were pending at the last commit, the latest copy of each. */
    private void reload() {
        Map<Integer, Cell> cells = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) { // in journal order: keys are big-endian
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                nextJournalRecord = Math.max(nextJournalRecord, journalRecord(kv.key) + 1);
                Codec.Reader r = new Codec.Reader(kv.value);
                while (r.hasRemaining()) {
                    int type = r.readByte();
                    int id = r.readVarInt();
                    cells.put(id, switch (type) {
                        case CONSUMER -> ConsumerCell.read(id, r);
                        case HEALTH, HEALTH_WITHOUT_BUCKETS -> HealthCell.read(id, r, type == HEALTH);
                        default -> throw new IllegalStateException("unknown journal cell type " + type);
                    });
                    nextCellId = Math.max(nextCellId, id + 1);
                }
            }
        }
        for (Cell cell : cells.values()) {
            if (cell instanceof HealthCell h) {
                health.put(new HealthKey(h.system, h.service, h.minute), h);
            } else {
                ConsumerCell c = (ConsumerCell) cell;
                consumers.put(new ConsumerKey(c.system, c.hour), c);
                streamTime = Math.max(streamTime, c.lastSeen);
            }
        }
    }

    /** Before each commit: the cells changed since the last one, in as few journal records as their size allows. */
    private void writeJournal() {
        if (changed.isEmpty()) {
            return;
        }
        journal.reset();
        for (Cell cell : changed) {
            cell.changed = false;
            journal.writeByte(cell instanceof HealthCell ? HEALTH : CONSUMER).writeVarLong(cell.id);
            cell.writeTo(journal);
            if (journal.size() >= MAX_JOURNAL_RECORD_BYTES) {
                putJournalRecord();
            }
        }
        if (journal.size() > 0) {
            putJournalRecord();
        }
        changed.clear();
    }

    private void putJournalRecord() {
        store.put(journalKey(nextJournalRecord++), journal.toByteArray());
        journal.reset();
    }

    private static Bytes journalKey(int n) {
        return Bytes.wrap(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static int journalRecord(Bytes key) {
        byte[] k = key.get();
        return (k[0] & 0xff) << 24 | (k[1] & 0xff) << 16 | (k[2] & 0xff) << 8 | (k[3] & 0xff);
    }

    private void touch(Cell cell) {
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
        lagMs.accept(context.currentSystemTimeMs() - t);
        if (t > streamTime) {
            streamTime = t;
        }
        int status = e.getStatus().ordinal();

        long minute = Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
        HealthKey hk = new HealthKey(e.getProviderSystem(), e.getServiceCode(), minute);
        HealthCell h = health.get(hk);
        if (h == null) {
            h = new HealthCell(nextCellId++, e.getProviderAgency(), hk.system, hk.service, minute);
            health.put(hk, h);
        }
        h.stats.add(status, e.getDurationMs(), e.getRequestBytes(), e.getResponseBytes());
        touch(h);

        long hour = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
        ConsumerKey ck = new ConsumerKey(e.getConsumerSystem(), hour);
        ConsumerCell c = consumers.get(ck);
        if (c == null) {
            c = new ConsumerCell(nextCellId++, e.getConsumerAgency(), ck.system, hour);
            consumers.put(ck, c);
        }
        c.add(t, e.getProviderAgency(), status);
        touch(c);

        if (health.size() + consumers.size() >= config.maxPendingCells()) {
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
        if (sent && commit) {
            context.commit();
        }
    }

    /** @return whether there were cells to send */
    private boolean forwardMerged(List<PartialAggregator<?>> batch, long time) {
        // Into this combiner's own cells, which are deleted with the others' after the flush.
        for (PartialAggregator<?> other : batch.subList(1, batch.size())) {
            other.health.forEach((k, cell) -> health.merge(k, cell, HealthCell::merge));
            other.consumers.forEach((k, cell) -> consumers.merge(k, cell, ConsumerCell::merge));
        }
        // Hash maps while grouping (a lookup per cell), sorted once to send: the same records in the
        // same order for the same cells.
        Map<String, SystemBuilder> systems = new HashMap<>();
        Map<Long, DayBuilder> days = new HashMap<>();
        for (HealthCell h : health.values()) {
            SystemBuilder s = systems.computeIfAbsent(h.system, SystemBuilder::new);
            s.providerAgency = h.agency;
            s.services.add(new Partial.ServiceMinute(h.service, h.minute, h.stats));
            days.computeIfAbsent(LocalDays.epochDay(h.minute), DayBuilder::new).minute(h.minute, h.stats);
        }
        for (ConsumerCell c : consumers.values()) {
            SystemBuilder s = systems.computeIfAbsent(c.system, SystemBuilder::new);
            s.consumerAgency = c.agency;
            s.hours.add(new Partial.HourCount(c.hour, c.count, c.minuteBits));
            DayBuilder d = days.computeIfAbsent(LocalDays.epochDay(c.hour), DayBuilder::new);
            c.byProvider.forEach((provider, counts) -> d.flow(c.agency, provider, counts));
        }
        for (SystemBuilder s : sorted(systems.values(), Comparator.comparing(b -> b.system))) {
            for (Partial.SystemPartial p : s.build()) {
                forward(Routing.system(s.system), p, time);
            }
        }
        Map<String, long[]> agencyDays = new TreeMap<>();
        for (DayBuilder d : sorted(days.values(), Comparator.comparingLong(b -> b.epochDay))) {
            forward(Routing.day(d.epochDay), d.build(), time);
            d.addAgencyDays(agencyDays);
        }
        agencyDays.forEach((key, byStatus) -> forward(key, new Partial.AgencyDayCounts(byStatus), time));
        return !systems.isEmpty();
    }

    /** After a flush: the cells are sent, so they and their journal go. */
    private void deletePending() {
        for (int n = 0; n < nextJournalRecord; n++) {
            store.delete(journalKey(n));
        }
        health.clear();
        consumers.clear();
        changed.clear();
        nextCellId = 0;
        nextJournalRecord = 0;
    }

    private static <T> List<T> sorted(Collection<T> values, Comparator<T> order) {
        List<T> list = new ArrayList<>(values);
        list.sort(order);
        return list;
    }

    private void forward(String key, Partial value, long time) {
        context.forward(new Record<>(key, value, time));
    }

    private record HealthKey(String system, String service, long minute) {}

    private record ConsumerKey(String system, long hour) {}

    /** A pending cell, named in the journal by its id. */
    private abstract static sealed class Cell permits HealthCell, ConsumerCell {
        final int id;
        /** Whether it changed since the last commit, and so is in {@link #changed}. */
        boolean changed;

        Cell(int id) {
            this.id = id;
        }

        abstract void writeTo(Codec.Writer w);
    }

    /** One (provider system, service, minute) of this partition, pending. */
    private static final class HealthCell extends Cell {
        final String agency;
        final String system;
        final String service;
        final long minute;
        final HealthStats stats;

        HealthCell(int id, String agency, String system, String service, long minute) {
            this(id, agency, system, service, minute, new HealthStats());
        }

        private HealthCell(int id, String agency, String system, String service, long minute, HealthStats stats) {
            super(id);
            this.agency = agency;
            this.system = system;
            this.service = service;
            this.minute = minute;
            this.stats = stats;
        }

        /** Adds {@code other}'s events, of the same system, service and minute, to this one's. */
        HealthCell merge(HealthCell other) {
            stats.merge(other.stats);
            return this;
        }

        @Override
        void writeTo(Codec.Writer w) {
            w.writeString(agency).writeString(system).writeString(service).writeSignedVarLong(minute);
            stats.write(w);
        }

        static HealthCell read(int id, Codec.Reader r, boolean withBuckets) {
            return new HealthCell(id, r.readString(), r.readString(), r.readString(), r.readSignedVarLong(),
                    HealthStats.read(r, withBuckets));
        }
    }

    /** One (consumer system, hour) of this partition, pending: its calls and its flows by provider agency. */
    private static final class ConsumerCell extends Cell {
        final String agency;
        final String system;
        final long hour;
        long lastSeen = Long.MIN_VALUE;
        long count;
        long minuteBits;
        final Map<String, long[]> byProvider = new HashMap<>(8);

        ConsumerCell(int id, String agency, String system, long hour) {
            super(id);
            this.agency = agency;
            this.system = system;
            this.hour = hour;
        }

        void add(long time, String providerAgency, int status) {
            lastSeen = Math.max(lastSeen, time);
            count++;
            minuteBits |= 1L << ((time - hour) / MINUTE_MS);
            countsOf(providerAgency)[status]++;
        }

        private long[] countsOf(String providerAgency) {
            return byProvider.computeIfAbsent(providerAgency, p -> new long[STATUSES.length]);
        }

        /** Adds {@code other}'s calls, of the same system and hour, to this one's. */
        ConsumerCell merge(ConsumerCell other) {
            lastSeen = Math.max(lastSeen, other.lastSeen);
            count += other.count;
            minuteBits |= other.minuteBits;
            other.byProvider.forEach((provider, counts) -> Counts.add(countsOf(provider), counts));
            return this;
        }

        @Override
        void writeTo(Codec.Writer w) {
            w.writeString(agency).writeString(system).writeSignedVarLong(hour).writeSignedVarLong(lastSeen)
                    .writeVarLong(count).writeVarLong(minuteBits).writeVarLong(byProvider.size());
            byProvider.forEach((provider, counts) -> PartialSerde.writeCounts(w.writeString(provider), counts));
        }

        static ConsumerCell read(int id, Codec.Reader r) {
            ConsumerCell c = new ConsumerCell(id, r.readString(), r.readString(), r.readSignedVarLong());
            c.lastSeen = r.readSignedVarLong();
            c.count = r.readVarLong();
            c.minuteBits = r.readVarLong();
            long n = r.readVarLong();
            for (long i = 0; i < n; i++) {
                c.byProvider.put(r.readString(), PartialSerde.readCounts(r));
            }
            return c;
        }
    }

    private static final class SystemBuilder {
        final String system;
        String providerAgency = "";
        String consumerAgency = "";
        final List<Partial.ServiceMinute> services = new ArrayList<>();
        final List<Partial.HourCount> hours = new ArrayList<>();

        SystemBuilder(String system) {
            this.system = system;
        }

        /** Usually one record; a system with very many pending cells is split so records stay small. */
        List<Partial.SystemPartial> build() {
            List<Partial.SystemPartial> out = new ArrayList<>();
            int from = 0;
            do {
                int to = Math.min(services.size(), from + MAX_SERVICES_PER_RECORD);
                boolean first = from == 0;
                out.add(new Partial.SystemPartial(system, providerAgency, services.subList(from, to),
                        first ? consumerAgency : "", first ? hours : List.of()));
                from = to;
            } while (from < services.size());
            return out;
        }
    }

    private static final class DayBuilder {
        final long epochDay;
        final Map<FlowKey, Partial.FlowDelta> flows = new HashMap<>();
        final Map<Long, long[]> minutes = new HashMap<>();

        DayBuilder(long epochDay) {
            this.epochDay = epochDay;
        }

        void flow(String consumer, String provider, long[] counts) {
            long[] sum = flows.computeIfAbsent(new FlowKey(consumer, provider),
                    k -> new Partial.FlowDelta(consumer, provider, new long[STATUSES.length])).byStatus();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += counts[i];
            }
        }

        void minute(long minute, HealthStats stats) {
            long[] sum = minutes.computeIfAbsent(minute, m -> new long[STATUSES.length]);
            for (ExchangeStatus s : STATUSES) {
                sum[s.ordinal()] += stats.count(s);
            }
        }

        /** Each flow counts once for its consumer agency and once for its provider agency. */
        void addAgencyDays(Map<String, long[]> sums) {
            for (Partial.FlowDelta f : flows.values()) {
                Counts.add(sums.computeIfAbsent(AgencyDayKey.format(f.consumerAgency(), Role.CONSUMER, epochDay),
                        k -> new long[STATUSES.length]), f.byStatus());
                Counts.add(sums.computeIfAbsent(AgencyDayKey.format(f.providerAgency(), Role.PROVIDER, epochDay),
                        k -> new long[STATUSES.length]), f.byStatus());
            }
        }

        Partial.DayPartial build() {
            List<Partial.MinuteCounts> m = new ArrayList<>(minutes.size());
            minutes.forEach((minute, counts) -> m.add(new Partial.MinuteCounts(minute, counts)));
            m.sort(Comparator.comparingLong(Partial.MinuteCounts::minuteStart));
            Comparator<Partial.FlowDelta> byAgencies = Comparator.comparing(Partial.FlowDelta::consumerAgency)
                    .thenComparing(Partial.FlowDelta::providerAgency);
            return new Partial.DayPartial(epochDay, sorted(flows.values(), byAgencies), m);
        }
    }

    private record FlowKey(String consumer, String provider) {}
}
