package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * While its events are live (the newest processed within a live interval of its send) the combiner
 * flushes, and asks for a commit, every live interval (250 ms); a backlog, an old day or a platform
 * that falls behind waits for the whole flush interval (1 s).
 */
class PartialAggregatorLiveFlushTest {
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");
    private static final AnalyticsConfig CONFIG = AnalyticsConfig.defaults();
    private static final long LIVE = CONFIG.flushes().live().toMillis();
    private static final long INTERVAL = CONFIG.flushes().interval().toMillis();

    @TempDir
    File stateDir;

    private MockProcessorContext<String, Partial> context;

    /** A combiner whose wall clock reads {@code start}, after it processed one event of nine o'clock. */
    private void combinerAt(long start) {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir);
        CommitHookStore partials = (CommitHookStore) CommitHookStore.inMemory(Names.PARTIALS_STORE)
                .withLoggingDisabled().build();
        partials.init(context.getStateStoreContext(), partials);
        context.addStateStore(partials);
        context.setCurrentSystemTimeMs(start);
        PartialAggregator<DataExchangeEvent> combiner =
                new PartialAggregator<>(e -> e, CONFIG, EventTimes.IGNORED, new CombinerGroups());
        combiner.init(context);
        DataExchangeEvent e = event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE,
                ExchangeStatus.SUCCESS, 100);
        combiner.process(new Record<>(new byte[0], e, NINE.toEpochMilli()));
    }

    /** The punctuator's check at {@code now}: whether it flushed and asked for a commit. */
    private boolean flushesAt(long now) {
        context.setCurrentSystemTimeMs(now);
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(now);
        boolean flushed = !context.forwarded().isEmpty();
        assertThat(context.committed()).as("a flush asks for a commit").isEqualTo(flushed);
        return flushed;
    }

    @Test
    void liveEventsAreFlushedAfterTheLiveInterval() {
        long sent = NINE.toEpochMilli() + 20; // processed 20 ms after its send
        combinerAt(sent);

        assertThat(flushesAt(sent + LIVE - 10)).isFalse();
        assertThat(flushesAt(sent + LIVE)).isTrue();
    }

    @Test
    void anOldDayWaitsForTheWholeInterval() {
        long later = NINE.toEpochMilli() + 3_600_000; // a replay of this morning, an hour on
        combinerAt(later);

        assertThat(flushesAt(later + LIVE)).isFalse();
        assertThat(flushesAt(later + INTERVAL - 10)).isFalse();
        assertThat(flushesAt(later + INTERVAL)).isTrue();
    }

    @Test
    void aPlatformBehindByMoreThanALiveIntervalFlushesLessOftenUntilItCatchesUp() {
        long behind = NINE.toEpochMilli() + LIVE + 50; // processed 300 ms after its send: a slow commit held it
        combinerAt(behind);

        assertThat(flushesAt(behind + LIVE)).isFalse();
        assertThat(flushesAt(behind + INTERVAL)).isTrue();
    }

    @Test
    void pausedLiveTrafficMakesNoEmptyTransactions() {
        long sent = NINE.toEpochMilli() + 20;
        combinerAt(sent);
        assertThat(flushesAt(sent + LIVE)).isTrue();
        context.resetForwards();
        context.resetCommit();

        assertThat(flushesAt(sent + 2 * LIVE)).as("nothing new to send").isFalse();
    }
}
