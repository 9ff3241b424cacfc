package vn.ndxp.topology.analytics;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.ServiceHealth;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Owns everything about the systems whose {@code S|<system>} key maps to this task: merges their
 * partials into the service-health windows (minute and local day), the all-time totals and the
 * rules' state, and runs the alert rules ({@link SystemRules}) on a stream-time punctuation.
 * Outputs {@link Alert}s (to {@code ndxp.alerts}) and, on a wall-clock punctuation, the daily
 * {@link ServiceHealth} of the services whose day changed (to {@code ndxp.service-health}).
 * The windows a partial changes are kept decoded until the task's next commit and written then,
 * once each ({@link PendingWindows}).
 *
 * <p><b>The clock.</b> Every input partition's combiner sends a watermark after each flush: the
 * event time up to which all its partials have been sent. The rules' clock is the smallest
 * watermark (ignoring partitions that are behind and have not moved for
 * {@link AnalyticsConfig#idleSource()} of wall-clock time: {@link SourceClock}), so a minute is
 * judged only once every partition has delivered it, however unevenly the partitions progress in
 * a fast replay.
 *
 * <p>One class of about 350 lines because its parts share one task's commit cycle: the windows
 * decoded until the commit, the rules' state and the two punctuations. The rules themselves
 * ({@link SystemRules}) and the pending windows ({@link PendingWindows}) have their own classes.
 */
public final class SystemAnalytics implements Processor<String, Partial, String, SpecificRecord> {
    private static final long NONE = Long.MIN_VALUE;
    private static final String SOURCE = "source/";
    private static final String SINCE = "since";
    /** Key of {@link Names#WATERMARK_STORE}: the rules' clock after the last evaluation. */
    private static final String CLOCK = "clock";
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final AnalyticsConfig config;
    private final TaskCounters counters;
    /** This task's name in {@link #counters}. */
    private String task;
    private final SystemRules rules;
    private SourceClock sources;
    private final Set<DirtyDay> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private WindowStore<String, byte[]> dayStore;
    private PendingWindows<SystemHealth> minutes;
    private PendingWindows<SystemHealth> days;
    private KeyValueStore<String, byte[]> totals;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> baselines;
    private KeyValueStore<String, byte[]> alerts;
    private KeyValueStore<String, Long> watermarks;
    private long since = NONE;
    private long judgedUntil = NONE;

    private record DirtyDay(String system, long dayStart) {}

    SystemAnalytics(AnalyticsConfig config, TaskCounters counters) {
        this.counters = counters;
        this.config = config;
        this.rules = new SystemRules(config);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // Kafka Streams keeps the processor across a task's close and re-init (a revocation, or a
        // revival after an aborted transaction): start from the stores alone, as after a restart.
        sources = new SourceClock(config.idleSource().toMillis());
        since = NONE;
        judgedUntil = NONE;
        dirty.clear();
        dayStore = context.getStateStore(Names.SERVICE_DAILY_STORE);
        minutes = new PendingWindows<>(context.getStateStore(Names.SERVICE_MINUTE_STORE), SystemHealth::decode,
                SystemHealth::encode);
        days = new PendingWindows<>(dayStore, SystemHealth::decode, SystemHealth::encode);
        totals = context.getStateStore(Names.SERVICE_TOTALS_STORE);
        states = context.getStateStore(Names.SYSTEM_STATE_STORE);
        baselines = context.getStateStore(Names.BASELINE_STORE);
        alerts = context.getStateStore(Names.ALERTS_STORE);
        task = "systems/" + context.taskId().partition();
        counters.started(task, counterValues());
        CommitHookStore hook = context.getStateStore(Names.SYSTEMS_COMMIT_HOOK);
        hook.beforeCommit(() -> {
            minutes.writeAll();
            days.writeAll();
            counters.committed(task, counterValues());
        });
        watermarks = context.getStateStore(Names.WATERMARK_STORE);
        try (KeyValueIterator<String, Long> it = watermarks.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.equals(CLOCK)) {
                    judgedUntil = kv.value;
                } else if (kv.key.startsWith(SOURCE)) {
                    sources.restore(Integer.parseInt(kv.key.substring(SOURCE.length())), kv.value,
                            context.currentSystemTimeMs());
                } else if (kv.key.equals(SINCE)) {
                    since = kv.value;
                }
            });
        }
        context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, t -> evaluate());
        context.schedule(config.flushes().interval(), PunctuationType.WALL_CLOCK_TIME, t -> emitHealth());
        markNewestDayDirty();
    }

    /**
     * Requests per provider system and status, their latency histogram, and alerts raised per type,
     * as {@link TaskCounters} takes them.
     */
    private Map<String, Long> counterValues() {
        Map<String, Long> values = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Counts.Totals t = Counts.Totals.decode(kv.value);
                for (ExchangeStatus status : ExchangeStatus.values()) {
                    values.put(TaskCounters.serviceRequests(t.agency(), kv.key, status), t.byStatus()[status.ordinal()]);
                }
                for (int i = 0; i < LatencyBuckets.BUCKETS; i++) {
                    values.put(TaskCounters.latencyBucket(t.agency(), kv.key, i), t.latencyBuckets()[i]);
                }
                values.put(TaskCounters.latencySumMs(t.agency(), kv.key), t.latencySumMs());
            }
        }
        for (AlertType type : AlertType.values()) {
            values.put(TaskCounters.alertsRaised(type.name()), Alerts.count(alerts, type));
        }
        return values;
    }


    @Override
    public void process(Record<String, Partial> record) {
        if (record.value() instanceof Partial.Watermark w) {
            onWatermark(w);
        } else if (record.value() instanceof Partial.SystemPartial p) {
            apply(p);
        } else {
            throw new IllegalStateException("day partial routed to the systems: " + record.key());
        }
    }

    private void onWatermark(Partial.Watermark w) {
        if (sources.advance(w.source(), w.time(), context.currentSystemTimeMs())) {
            watermarks.put(SOURCE + w.source(), w.time());
            // The watermark follows the partials it covers, so the stream-time punctuation may have
            // run before it arrived: judge the minutes it completes now rather than a flush later.
            evaluate();
        }
    }

    /** The smallest watermark of the partitions that are not idle ({@link SourceClock}). */
    long clock() {
        return sources.clock(context.currentSystemTimeMs());
    }

    private void apply(Partial.SystemPartial p) {
        String system = p.system();
        byte[] stored = states.get(system);
        SystemState s = stored == null ? new SystemState() : SystemState.decode(stored);
        if (!p.services().isEmpty()) {
            if (s.agency.isEmpty()) {
                s.agency = p.providerAgency();
            }
            rules.addRequests(s, mergeHealth(system, p));
        }
        if (!p.hours().isEmpty()) {
            if (s.agency.isEmpty()) {
                s.agency = p.consumerAgency();
            }
            rules.addCalls(s, p.hours());
            if (judgedUntil == NONE) {
                p.hours().forEach(h -> since = since == NONE ? h.hourStart() : Math.min(since, h.hourStart()));
            }
        }
        byte[] updated = s.encode();
        if (!Arrays.equals(stored, updated)) {
            states.put(system, updated);
        }
    }

    /** Merges a provider partial into the minute and day windows and the totals; returns {minute → {requests, errors}}. */
    private Map<Long, long[]> mergeHealth(String system, Partial.SystemPartial p) {
        Map<Long, List<Partial.ServiceMinute>> byMinute = new TreeMap<>();
        Map<Long, List<Partial.ServiceMinute>> byDay = new TreeMap<>();
        long[] sum = new long[STATUSES.length];
        long[] buckets = new long[LatencyBuckets.BUCKETS];
        long latencySumMs = 0;
        for (Partial.ServiceMinute m : p.services()) {
            byMinute.computeIfAbsent(m.minuteStart(), k -> new ArrayList<>()).add(m);
            byDay.computeIfAbsent(LocalDays.endMillis(LocalDays.epochDay(m.minuteStart()) - 1), k -> new ArrayList<>()).add(m);
            for (ExchangeStatus st : STATUSES) {
                sum[st.ordinal()] += m.stats().count(st);
            }
            // Beside the requests by status: the latency histogram exported as counters (TaskCounters).
            m.stats().addBucketsTo(buckets);
            latencySumMs += m.stats().latencySumMs();
            if (judgedUntil == NONE) {
                since = since == NONE ? m.minuteStart() : Math.min(since, m.minuteStart());
            }
        }
        Map<Long, long[]> requests = new TreeMap<>();
        byMinute.forEach((minute, cells) -> {
            merge(minutes, system, minute, p.providerAgency(), cells);
            long[] re = new long[2];
            for (Partial.ServiceMinute c : cells) {
                re[0] += c.stats().requests();
                re[1] += c.stats().providerErrors();
            }
            requests.put(minute, re);
        });
        byDay.forEach((day, cells) -> {
            merge(days, system, day, p.providerAgency(), cells);
            dirty.add(new DirtyDay(system, day));
        });
        totals.put(system, Counts.Totals.decode(totals.get(system))
                .plus(p.providerAgency(), sum, buckets, latencySumMs).encode());
        return requests;
    }

    private static void merge(PendingWindows<SystemHealth> windows, String system, long windowStart, String agency,
                              List<Partial.ServiceMinute> cells) {
        SystemHealth h = windows.update(system, windowStart, () -> new SystemHealth(agency));
        h.agencyIfUnknown(agency);
        for (Partial.ServiceMinute c : cells) {
            h.service(c.service()).merge(c.stats());
        }
    }

    /** Runs the rules for every complete minute the clock has passed since the last time. */
    private void evaluate() {
        long clock = clock();
        if (clock == NONE) {
            return;
        }
        long end = SystemRules.floor(clock, SystemRules.MINUTE);
        if (judgedUntil != NONE && end <= judgedUntil) {
            return;
        }
        if (since == NONE) {
            since = end;
        }
        if (judgedUntil == NONE) {
            watermarks.put(SINCE, since);
        }
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, byte[]> kv : all) {
            SystemState s = SystemState.decode(kv.value);
            byte[] storedBaseline = s.isConsumer() ? baselines.get(kv.key) : null;
            Baseline b = Baseline.decode(storedBaseline);
            List<SystemRules.Change> changes = rules.evaluate(s, b, end, since);
            byte[] updated = s.encode();
            if (!Arrays.equals(kv.value, updated)) {
                states.put(kv.key, updated);
            }
            if (s.isConsumer()) {
                byte[] learned = b.encode();
                if (!Arrays.equals(storedBaseline, learned)) {
                    baselines.put(kv.key, learned);
                }
            }
            for (SystemRules.Change c : changes) {
                emit(kv.key, s.agency, c);
            }
        }
        judgedUntil = end;
        watermarks.put(CLOCK, end);
        Alerts.purge(alerts, end - config.retention().alerts().toMillis());
    }

    private void emit(String system, String agency, SystemRules.Change c) {
        Alert alert;
        if (c.raise()) {
            alert = Alerts.raised(c.type(), system, agency, c.at(), c.observed(), c.expected(), c.threshold(), c.message());
        } else {
            byte[] active = alerts.get(Alerts.activeKey(c.type(), system));
            Alert raised = active != null ? Alerts.decode(active)
                    : Alerts.raised(c.type(), system, agency, c.at(), 0, c.expected(), c.threshold(), "");
            alert = Alerts.cleared(raised, c.at(), c.observed(), c.message());
        }
        Alerts.record(alerts, alert);
        context.forward(new Record<>(c.type() + "/" + system, alert, c.at()));
    }

    /** The daily health of every service whose day changed since the last call. */
    private void emitHealth() {
        for (DirtyDay d : dirty) {
            SystemHealth h = days.get(d.system, d.dayStart);
            if (h == null) {
                continue;
            }
            LocalDate date = LocalDays.date(d.dayStart);
            h.services().forEach((service, stats) -> context.forward(new Record<>(
                    d.system + "/" + service + "/" + date, toAvro(h.agency(), d.system, service, date, stats),
                    Math.max(d.dayStart, context.currentStreamTimeMs()))));
        }
        dirty.clear();
    }

    static ServiceHealth toAvro(String agency, String system, String service, LocalDate date, HealthStats s) {
        return ServiceHealth.newBuilder().setProviderAgency(agency).setProviderSystem(system).setService(service)
                .setDate(date).setRequests(s.requests()).setSuccess(s.count(ExchangeStatus.SUCCESS))
                .setClientError(s.count(ExchangeStatus.CLIENT_ERROR)).setProviderError(s.count(ExchangeStatus.PROVIDER_ERROR))
                .setTimeout(s.count(ExchangeStatus.TIMEOUT)).setRejected(s.count(ExchangeStatus.REJECTED))
                .setBytesIn(s.bytesIn()).setBytesOut(s.bytesOut()).setLatencyP50Ms(s.latencyMs(0.5))
                .setLatencyP95Ms(s.latencyMs(0.95)).setLatencyP99Ms(s.latencyMs(0.99)).build();
    }

    /**
     * After a restart the pending emissions are lost with the processor; send the newest day again
     * (harmless on a compacted topic) so that the topic always ends with the stored values.
     */
    private void markNewestDayDirty() {
        long newest = NONE;
        try (KeyValueIterator<Windowed<String>, byte[]> it = dayStore.backwardAll()) {
            if (it.hasNext()) {
                newest = it.next().key.window().start();
            }
        }
        if (newest == NONE) {
            return;
        }
        try (KeyValueIterator<Windowed<String>, byte[]> it = dayStore.fetchAll(newest, newest)) {
            it.forEachRemaining(kv -> dirty.add(new DirtyDay(kv.key.key(), kv.key.window().start())));
        }
    }
}
