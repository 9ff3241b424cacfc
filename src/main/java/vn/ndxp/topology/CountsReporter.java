package vn.ndxp.topology;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * The counting task's bookkeeping beside its daily counts, none of which reads every past day
 * ({@link AgencyTotalsUpdater} keeps each agency's totals and newest day as the partials arrive):
 * <ul>
 *   <li>reports the task's counters to {@link TaskCounters} when it starts here and before each of
 *       its commits, from {@code agency-totals-store} (one key per agency and role): per agency,
 *       role and status over all days counted, and the platform's total (each transaction once,
 *       for its consumer agency);</li>
 *   <li>removes the days older than the retention, once a minute of wall-clock time when the
 *       task's newest day has moved on: for each agency a range of its own keys up to the last
 *       expired day, so only expired keys are read. The removal reaches the output topic as a
 *       tombstone, which compaction then drops.</li>
 * </ul>
 */
final class CountsReporter implements Processor<String, AgencyDailyCount, Void, Void> {
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final TaskCounters counters;
    private final long retentionDays;
    private KeyValueStore<String, Object> counts;
    private KeyValueStore<String, AgencyTotals> totals;
    private String task;
    /** Days up to this epoch day are removed already (in this task's life here). */
    private long purgedThrough = Long.MIN_VALUE;

    CountsReporter(TaskCounters counters, long retentionDays) {
        this.counters = counters;
        this.retentionDays = retentionDays;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        counts = context.getStateStore(Names.DAILY_COUNTS_STORE);
        totals = context.getStateStore(Names.AGENCY_TOTALS_STORE);
        CommitHookStore hook = context.getStateStore(Names.COUNTS_REPORTER_HOOK);
        task = "counts/" + context.taskId().partition();
        if (isEmpty(totals)) {
            rebuildTotals();
        }
        counters.started(task, values());
        hook.beforeCommit(() -> counters.committed(task, values()));
        context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    /**
     * Nothing to do with a count change: {@link AgencyTotalsUpdater} keeps the totals and the newest
     * day as the partial counts arrive, while the changes come at commits, through the daily counts'
     * cache. This node is where the counting task's bookkeeping runs.
     */
    @Override
    public void process(Record<String, AgencyDailyCount> record) {
    }

    private static boolean isEmpty(KeyValueStore<String, ?> store) {
        try (KeyValueIterator<String, ?> it = store.all()) {
            return !it.hasNext();
        }
    }

    /**
     * Totals from the days kept, for counts that a version without {@code agency-totals-store}
     * left: once, when such a task first starts here (days already removed are not in them).
     */
    private void rebuildTotals() {
        Map<String, AgencyTotals> rebuilt = new HashMap<>();
        try (KeyValueIterator<String, Object> it = counts.all()) {
            it.forEachRemaining(kv -> {
                AgencyDailyCount c = (AgencyDailyCount) (kv.value instanceof ValueAndTimestamp<?> vt ? vt.value() : kv.value);
                long[] byStatus = AgencyTotals.byStatus(c);
                rebuilt.merge(AgencyDayKey.agencyRole(kv.key),
                        AgencyTotals.none().plus(byStatus).withDay(c.getDate().toEpochDay(), byStatus),
                        (a, b) -> a.plus(b.byStatus()).withDay(b.newestDay(), b.newestByStatus()));
            });
        }
        rebuilt.forEach(totals::put);
    }

    private Map<String, Long> values() {
        Map<String, Long> values = new HashMap<>();
        values.put(TaskCounters.PLATFORM, 0L);
        try (KeyValueIterator<String, AgencyTotals> it = totals.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                String agency = AgencyDayKey.agencyOf(kv.key);
                String role = AgencyDayKey.roleOf(kv.key);
                long[] byStatus = kv.value.byStatus();
                for (ExchangeStatus status : ExchangeStatus.values()) {
                    values.merge(TaskCounters.transactions(agency, role, status), byStatus[status.ordinal()], Long::sum);
                }
                if (role.equals("consumer")) {
                    values.merge(TaskCounters.PLATFORM, Counts.total(byStatus), Long::sum);
                }
            }
        }
        return values;
    }

    /** Removes the days at least {@code retentionDays} before the task's newest day. */
    private void purge() {
        List<String> agencyRoles = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        try (KeyValueIterator<String, AgencyTotals> it = totals.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                agencyRoles.add(kv.key);
                newest = Math.max(newest, kv.value.newestDay());
            }
        }
        if (newest == Long.MIN_VALUE || newest - retentionDays <= purgedThrough) {
            return;
        }
        long through = newest - retentionDays;
        String lastExpired = LocalDate.ofEpochDay(through).toString();
        List<String> expired = new ArrayList<>();
        for (String agencyRole : agencyRoles) {
            try (KeyValueIterator<String, Object> it = counts.range(agencyRole + '/', agencyRole + '/' + lastExpired)) {
                it.forEachRemaining(kv -> expired.add(kv.key));
            }
        }
        expired.forEach(counts::delete);
        purgedThrough = through;
    }
}
