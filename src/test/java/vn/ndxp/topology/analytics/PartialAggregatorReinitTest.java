package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Kafka Streams keeps a processor instance across its task's close and re-init (a revocation, or a
 * revival after an aborted transaction), with the stores as of the last commit, and then feeds it
 * again the records after that commit. The combiner must then start from its journal alone.
 */
class PartialAggregatorReinitTest {
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");
    private static final long WALL_CLOCK = 1_000_000;

    private final MockProcessorContext<String, Partial> context = new MockProcessorContext<>();
    private final PartialAggregator<DataExchangeEvent> combiner =
            new PartialAggregator<>(e -> e, AnalyticsConfig.defaults(), EventTimes.IGNORED, new CombinerGroups());

    @Test
    void aTaskRevivedInPlaceCountsTheRecordsAfterItsLastCommitOnce() {
        CommitHookStore partials = (CommitHookStore) CommitHookStore.inMemory(Names.PARTIALS_STORE).withLoggingDisabled().build();
        partials.init(context.getStateStoreContext(), partials);
        context.addStateStore(partials);
        context.setCurrentSystemTimeMs(WALL_CLOCK);
        combiner.init(context);

        List<DataExchangeEvent> committed = List.of(
                event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 100),
                event("HNI_MOTCUA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(10), ExchangeStatus.TIMEOUT, 30_000),
                event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(20), ExchangeStatus.SUCCESS, 10));
        // After the commit: one more event in a cell the journal has, two in cells it has not.
        List<DataExchangeEvent> uncommitted = List.of(
                event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(30), ExchangeStatus.SUCCESS, 90),
                event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_VERIFY_CITIZEN", NINE.plusSeconds(3_600), ExchangeStatus.PROVIDER_ERROR, 40),
                event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(7_300), ExchangeStatus.SUCCESS, 12));

        committed.forEach(this::process);
        partials.flushCache(); // the commit: within half a flush interval of the last flush, so the cells are journaled
        assertThat(context.forwarded()).as("nothing flushed yet").isEmpty();
        uncommitted.forEach(this::process);

        combiner.close(); // the transaction is aborted; the task is revived with the stores of the last commit
        combiner.init(context);
        uncommitted.forEach(this::process); // and reads again what came after that commit

        context.setCurrentSystemTimeMs(WALL_CLOCK + AnalyticsConfig.defaults().flushes().interval().toMillis());
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        MockProcessorContext.CapturedPunctuator flushCheck = punctuators.get(punctuators.size() - 1);
        assertThat(flushCheck.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        flushCheck.getPunctuator().punctuate(context.currentSystemTimeMs());

        Map<String, Long> counted = new TreeMap<>();
        context.forwarded().stream()
                .map(MockProcessorContext.CapturedForward::record)
                .filter(r -> r.value() instanceof Partial.AgencyDayCounts)
                .forEach(r -> counted.merge(r.key(), total(((Partial.AgencyDayCounts) r.value()).byStatus()), Long::sum));
        assertThat(counted).containsExactlyInAnyOrderEntriesOf(Map.of(
                "VPCP/consumer/2024-04-24", 3L,
                "HNI/consumer/2024-04-24", 3L,
                "BCA/provider/2024-04-24", 4L,
                "BTC/provider/2024-04-24", 2L));
    }

    private void process(DataExchangeEvent e) {
        combiner.process(new Record<>(new byte[0], e, e.getRequestTime().toEpochMilli()));
    }

    private static long total(long[] byStatus) {
        long sum = 0;
        for (long n : byStatus) {
            sum += n;
        }
        return sum;
    }
}
