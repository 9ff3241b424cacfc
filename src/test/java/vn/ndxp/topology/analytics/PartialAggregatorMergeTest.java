package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * The combiners of one stream thread flush together: one flush sends the cells of every combiner
 * that processed since its task's last commit, merged, and deletes their journals; a combiner whose
 * task processed nothing since its last commit keeps its cells for its own flush.
 */
class PartialAggregatorMergeTest {
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");
    private static final long WALL_CLOCK = 1_000_000;
    private static final long INTERVAL = AnalyticsConfig.defaults().flushes().interval().toMillis();
    private static final String LOOKUP = "BCA_CSDLQGDC_LOOKUP_CITIZEN";

    @TempDir
    File stateDir;

    private final CombinerGroups groups = new CombinerGroups();

    @Test
    void oneFlushSendsTheCellsOfTheThreadsCombinersMerged() {
        Task a = new Task(0);
        Task b = new Task(1);
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 100));
        b.process(event("HNI_MOTCUA", "BCA_CSDLQGDC", LOOKUP, NINE.plusSeconds(5), ExchangeStatus.TIMEOUT, 30_000));
        b.process(event("VPCP_DVCQG", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(9),
                ExchangeStatus.SUCCESS, 10));

        a.flushAtInterval();

        Partial.SystemPartial bca = systemPartial(a.forwarded(), "BCA_CSDLQGDC");
        assertThat(bca.services()).as("one cell for the minute, of both partitions' events").singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(2));
        assertThat(systemPartial(a.forwarded(), "VPCP_DVCQG").hours()).singleElement()
                .satisfies(h -> assertThat(h.count()).isEqualTo(2));
        assertThat(a.forwarded()).filteredOn(r -> r.value() instanceof Partial.Watermark)
                .extracting(r -> ((Partial.Watermark) r.value()).source())
                .as("each partition's watermark").containsExactly(0, 1);
        assertThat(b.forwarded()).isEmpty();
        assertThat(agencyDayTotal(a.forwarded(), "BCA/provider/2024-04-24")).isEqualTo(2);
        assertThat(agencyDayTotal(a.forwarded(), "VPCP/consumer/2024-04-24")).isEqualTo(2);
    }

    @Test
    void theJournalsOfTheMergedCombinersAreDeletedWithTheirCells() {
        Task a = new Task(0);
        Task b = new Task(1);
        b.process(event("HNI_MOTCUA", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 40));
        b.commit(); // within half an interval of its start: journaled, not flushed
        assertThat(b.journal()).hasSize(1);
        b.process(event("HNI_MOTCUA", "BCA_CSDLQGDC", LOOKUP, NINE.plusSeconds(1), ExchangeStatus.SUCCESS, 41));
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE.plusSeconds(2), ExchangeStatus.SUCCESS, 42));

        a.flushAtInterval();

        assertThat(systemPartial(a.forwarded(), "BCA_CSDLQGDC").services()).singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(3));
        assertThat(b.journal()).as("sent, so no longer pending").isEmpty();
    }

    @Test
    void aCombinerWhoseTaskProcessedNothingSinceItsCommitIsNotMerged() {
        Task a = new Task(0);
        Task b = new Task(1);
        b.process(event("HNI_MOTCUA", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 40));
        b.commit(); // b is in no later commit until it processes again: its cells stay its own
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE.plusSeconds(2), ExchangeStatus.SUCCESS, 42));

        a.flushAtInterval();

        assertThat(systemPartial(a.forwarded(), "BCA_CSDLQGDC").services()).singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(1));
        assertThat(b.journal()).hasSize(1);

        b.flushAtInterval();
        assertThat(systemPartial(b.forwarded(), "BCA_CSDLQGDC").services()).singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(1));
        assertThat(b.journal()).isEmpty();
    }

    @Test
    void aClosedCombinerIsNotMerged() {
        Task a = new Task(0);
        Task b = new Task(1);
        b.process(event("HNI_MOTCUA", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 40));
        b.combiner.close(); // its task is suspended: it journals at its commit, and only that
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE.plusSeconds(2), ExchangeStatus.SUCCESS, 42));

        a.flushAtInterval();

        assertThat(systemPartial(a.forwarded(), "BCA_CSDLQGDC").services()).singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(1));
        b.commit();
        assertThat(b.journal()).hasSize(1);
    }

    @Test
    void aCombinerClosedBeforeItsTaskRanLeavesTheGroupAsItWas() {
        Task a = new Task(0);
        new PartialAggregator<DataExchangeEvent>(e -> e, AnalyticsConfig.defaults(), EventTimes.IGNORED, groups).close();
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 42));

        a.flushAtInterval();

        assertThat(systemPartial(a.forwarded(), "BCA_CSDLQGDC").services()).singleElement()
                .satisfies(m -> assertThat(m.stats().requests()).isEqualTo(1));
    }

    /**
     * Sending a partial times out half-way through a flush (the partials topic's partitions unknown
     * while the broker hangs): part of the flush is in the open transaction and the other task's cells
     * are merged into this one's. Kafka Streams would retry the commit, or commit the thread's other
     * tasks first, and count that part twice; the flush asks for the whole transaction to be aborted.
     */
    @Test
    void aFlushThatCannotCompleteAbortsTheThreadsTransaction() {
        Task a = new Task(0, 1);
        Task b = new Task(1);
        a.process(event("VPCP_DVCQG", "BCA_CSDLQGDC", LOOKUP, NINE, ExchangeStatus.SUCCESS, 100));
        b.process(event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE, ExchangeStatus.SUCCESS, 10));

        assertThatThrownBy(a::flushAtInterval).isInstanceOf(TaskMigratedException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(a.forwarded()).as("sent before the timeout, so in the transaction to abort").hasSize(1);
    }

    private static Partial.SystemPartial systemPartial(List<Record<String, Partial>> forwarded, String system) {
        return forwarded.stream()
                .map(Record::value)
                .filter(p -> p instanceof Partial.SystemPartial s && s.system().equals(system))
                .map(Partial.SystemPartial.class::cast)
                .reduce((x, y) -> {
                    throw new AssertionError("two partials for " + system);
                })
                .orElseThrow(() -> new AssertionError("no partial for " + system));
    }

    private static long agencyDayTotal(List<Record<String, Partial>> forwarded, String key) {
        return forwarded.stream()
                .filter(r -> r.key().equals(key))
                .mapToLong(r -> Counts.total(((Partial.AgencyDayCounts) r.value()).byStatus()))
                .sum();
    }

    /** One input partition's task on the same stream thread as the others: its context, journal store and combiner. */
    private final class Task {
        final MockProcessorContext<String, Partial> context;
        final CommitHookStore partials;
        final PartialAggregator<DataExchangeEvent> combiner =
                new PartialAggregator<>(e -> e, AnalyticsConfig.defaults(), EventTimes.IGNORED, groups);

        Task(int partition) {
            this(partition, Integer.MAX_VALUE);
        }

        /** A task whose forwards after the first {@code sends} time out. */
        Task(int partition, int sends) {
            context = new MockProcessorContext<>(new Properties(), new TaskId(0, partition), stateDir) {
                @Override
                public <K extends String, V extends Partial> void forward(Record<K, V> record) {
                    if (forwarded().size() >= sends) {
                        throw new TimeoutException("Topic analytics-partials not present in metadata after 60000 ms.");
                    }
                    super.forward(record);
                }
            };
            partials = (CommitHookStore) CommitHookStore.inMemory(Names.PARTIALS_STORE).withLoggingDisabled().build();
            partials.init(context.getStateStoreContext(), partials);
            context.addStateStore(partials);
            context.setCurrentSystemTimeMs(WALL_CLOCK);
            combiner.init(context);
        }

        void process(DataExchangeEvent e) {
            combiner.process(new Record<>(new byte[0], e, e.getRequestTime().toEpochMilli()));
        }

        void commit() {
            partials.flushCache();
        }

        /** A flush interval after the start, the flush check of this task's punctuator. */
        void flushAtInterval() {
            context.setCurrentSystemTimeMs(WALL_CLOCK + INTERVAL);
            List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
            punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(WALL_CLOCK + INTERVAL);
        }

        List<Record<String, Partial>> forwarded() {
            List<Record<String, Partial>> records = new ArrayList<>();
            context.forwarded().forEach(f -> records.add(new Record<>(f.record().key(), f.record().value(),
                    f.record().timestamp())));
            return records;
        }

        List<KeyValue<Bytes, byte[]>> journal() {
            KeyValueStore<Bytes, byte[]> data = partials.data();
            try (KeyValueIterator<Bytes, byte[]> it = data.all()) {
                List<KeyValue<Bytes, byte[]>> records = new ArrayList<>();
                it.forEachRemaining(records::add);
                return records;
            }
        }
    }
}
