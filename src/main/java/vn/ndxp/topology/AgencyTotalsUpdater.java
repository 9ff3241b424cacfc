package vn.ndxp.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each partial count, on its way to the daily count it belongs to, to its agency's totals in
 * {@code agency-totals-store}, and to its newest day's: the same records as the daily counts, in
 * the same task, so the totals committed are always the sum of every day counted, and the metrics
 * and the counters read one key per agency instead of every past day. As the partial arrives, not
 * when the daily counts' cache sends its changes on at the next commit: today's figures follow
 * the traffic within a flush, also after it stops. Passes the partial on unchanged.
 */
final class AgencyTotalsUpdater implements FixedKeyProcessor<String, long[], long[]> {
    private FixedKeyProcessorContext<String, long[]> context;
    private KeyValueStore<String, AgencyTotals> totals;

    @Override
    public void init(FixedKeyProcessorContext<String, long[]> context) {
        this.context = context;
        this.totals = context.getStateStore(Names.AGENCY_TOTALS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, long[]> record) {
        String agencyRole = AgencyDayKey.agencyRole(record.key());
        AgencyTotals before = totals.get(agencyRole);
        totals.put(agencyRole, (before == null ? AgencyTotals.none() : before)
                .plus(AgencyDayKey.epochDay(record.key()), record.value()));
        context.forward(record);
    }
}
