package vn.ndxp.topology.analytics;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.FlowCount;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Owns everything about the local days whose {@code D|<date>} key maps to this task: the daily
 * flows between agencies ({@code flows-daily-store}) and the platform's calls per minute
 * ({@code platform-minute-store}). On a wall-clock punctuation it sends the flows that changed to
 * {@code ndxp.flows-daily}, so the topic gets one record per changed flow per flush, not per event.
 * Both stores' changed windows are written once per commit ({@link PendingWindows}).
 */
final class DailyAnalytics implements Processor<String, Partial, String, FlowCount> {
    private static final long NONE = Long.MIN_VALUE;

    private final Duration flushInterval;
    private final Set<DirtyFlow> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, FlowCount> context;
    private WindowStore<String, byte[]> flowStore;
    private PendingWindows<long[]> flows;
    private PendingWindows<long[]> platform;

    private record DirtyFlow(String key, long dayStart) {}

    DailyAnalytics(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    /** The key of {@code flows-daily-store}: consumer agency, slash, provider agency. */
    public static String flowKey(String consumer, String provider) {
        return consumer + "/" + provider;
    }

    @Override
    public void init(ProcessorContext<String, FlowCount> context) {
        this.context = context;
        dirty.clear(); // the processor outlives a task's close and re-init; the newest day is marked again below
        flowStore = context.getStateStore(Names.FLOWS_STORE);
        flows = new PendingWindows<>(flowStore, Counts::decode, Counts::encode);
        platform = new PendingWindows<>(context.getStateStore(Names.PLATFORM_MINUTE_STORE), Counts::decode,
                Counts::encode);
        CommitHookStore hook = context.getStateStore(Names.DAILY_COMMIT_HOOK);
        hook.beforeCommit(() -> {
            flows.writeAll();
            platform.writeAll();
        });
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, t -> emit());
        markNewestDayDirty();
    }

    @Override
    public void process(Record<String, Partial> record) {
        if (!(record.value() instanceof Partial.DayPartial d)) {
            throw new IllegalStateException("not a day partial: " + record.key());
        }
        long dayStart = LocalDays.endMillis(d.epochDay() - 1);
        for (Partial.FlowDelta f : d.flows()) {
            String key = flowKey(f.consumerAgency(), f.providerAgency());
            Counts.add(flows.update(key, dayStart, () -> new long[Counts.STATUSES]), f.byStatus());
            dirty.add(new DirtyFlow(key, dayStart));
        }
        String date = LocalDate.ofEpochDay(d.epochDay()).toString();
        for (Partial.MinuteCounts m : d.minutes()) {
            Counts.add(platform.update(date, m.minuteStart(), () -> new long[Counts.STATUSES]), m.byStatus());
        }
    }

    private void emit() {
        for (DirtyFlow f : dirty) {
            long[] counts = flows.get(f.key, f.dayStart);
            if (counts != null) {
                LocalDate date = LocalDays.date(f.dayStart);
                context.forward(new Record<>(f.key + "/" + date, toAvro(f.key, date, counts),
                        Math.max(f.dayStart, context.currentStreamTimeMs())));
            }
        }
        dirty.clear();
    }

    static FlowCount toAvro(String key, LocalDate date, long[] c) {
        int slash = key.indexOf('/');
        return FlowCount.newBuilder().setConsumerAgency(key.substring(0, slash)).setProviderAgency(key.substring(slash + 1))
                .setDate(date).setTotal(Counts.total(c)).setSuccess(c[ExchangeStatus.SUCCESS.ordinal()])
                .setClientError(c[ExchangeStatus.CLIENT_ERROR.ordinal()])
                .setProviderError(c[ExchangeStatus.PROVIDER_ERROR.ordinal()])
                .setTimeout(c[ExchangeStatus.TIMEOUT.ordinal()]).setRejected(c[ExchangeStatus.REJECTED.ordinal()]).build();
    }

    /** As in {@link SystemAnalytics}: after a restart, send the newest day's flows again. */
    private void markNewestDayDirty() {
        long newest = NONE;
        try (KeyValueIterator<Windowed<String>, byte[]> it = flowStore.backwardAll()) {
            if (it.hasNext()) {
                newest = it.next().key.window().start();
            }
        }
        if (newest != NONE) {
            try (KeyValueIterator<Windowed<String>, byte[]> it = flowStore.fetchAll(newest, newest)) {
                it.forEachRemaining(kv -> dirty.add(new DirtyFlow(kv.key.key(), kv.key.window().start())));
            }
        }
    }
}
