package vn.ndxp.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Reports the counting task's counters to {@link TaskCounters} when the task starts here and
 * before each of its commits: per agency, role and status over all days kept, and the platform's
 * total (each transaction once, for its consumer agency). Receives the count changes and does
 * nothing with them: it is here for the task's lifecycle and the count store.
 */
final class CountsReporter implements Processor<String, AgencyDailyCount, Void, Void> {
    private final TaskCounters counters;
    private KeyValueStore<String, Object> counts;
    private String task;

    CountsReporter(TaskCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        counts = context.getStateStore(Names.DAILY_COUNTS_STORE);
        CommitHookStore hook = context.getStateStore(Names.COUNTS_REPORTER_HOOK);
        task = "counts/" + context.taskId().partition();
        counters.started(task, values());
        hook.beforeCommit(() -> counters.committed(task, values()));
    }

    @Override
    public void process(Record<String, AgencyDailyCount> record) {
        // Nothing per record: the store is read at each commit.
    }


    private Map<String, Long> values() {
        Map<String, Long> values = new HashMap<>();
        values.put(TaskCounters.PLATFORM, 0L);
        try (KeyValueIterator<String, Object> it = counts.all()) {
            while (it.hasNext()) {
                Object v = it.next().value;
                AgencyDailyCount c = (AgencyDailyCount) (v instanceof ValueAndTimestamp<?> vt ? vt.value() : v);
                String role = AgencyDayKey.roleLabel(c.getRole());
                add(values, TaskCounters.transactions(c.getAgency(), role, ExchangeStatus.SUCCESS), c.getSuccess());
                add(values, TaskCounters.transactions(c.getAgency(), role, ExchangeStatus.CLIENT_ERROR), c.getClientError());
                add(values, TaskCounters.transactions(c.getAgency(), role, ExchangeStatus.PROVIDER_ERROR), c.getProviderError());
                add(values, TaskCounters.transactions(c.getAgency(), role, ExchangeStatus.TIMEOUT), c.getTimeout());
                add(values, TaskCounters.transactions(c.getAgency(), role, ExchangeStatus.REJECTED), c.getRejected());
                if (role.equals("consumer")) {
                    add(values, TaskCounters.PLATFORM, c.getTotal());
                }
            }
        }
        return values;
    }

    private static void add(Map<String, Long> values, String key, long n) {
        values.merge(key, n, Long::sum);
    }
}
