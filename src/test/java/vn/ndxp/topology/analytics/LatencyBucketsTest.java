package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * The histogram's buckets count each latency under the first bound it does not exceed, survive
 * every encoding, and the encodings written before they existed are still read: a rolling upgrade
 * meets them on the partials topic, in the combiner's journal and in the stores.
 */
class LatencyBucketsTest {
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");
    private static final int[] LATENCIES = {120, 480, 2_500};

    @Test
    void aLatencyIsCountedUnderTheFirstBoundItDoesNotExceed() {
        double[] le = LatencyBuckets.upperBoundsSeconds();
        assertThat(le).hasSize(LatencyBuckets.BUCKETS).startsWith(0.05).contains(2.0, 10.0, 30.0, 60.0);
        assertThat(le[le.length - 1]).isInfinite();
        for (int i = 0; i < le.length - 1; i++) {
            int bound = (int) Math.round(le[i] * 1000);
            assertThat(LatencyBuckets.index(bound)).as("%d ms", bound).isEqualTo(i);
            assertThat(LatencyBuckets.index(bound + 1)).as("%d ms", bound + 1).isEqualTo(i + 1);
        }
        assertThat(LatencyBuckets.index(0)).isZero();
        assertThat(LatencyBuckets.index(Integer.MAX_VALUE)).isEqualTo(LatencyBuckets.BUCKETS - 1);
    }

    @Test
    void bucketsAndTheirSumSurviveMergeAndEncoding() {
        HealthStats a = stats(10, 2_000, 2_001);
        HealthStats b = stats(61_000);
        a.merge(b);
        Codec.Writer w = new Codec.Writer(64);
        a.write(w);
        HealthStats decoded = HealthStats.read(new Codec.Reader(w.toByteArray()), true);
        long[] expected = new long[LatencyBuckets.BUCKETS];
        expected[0] = 1;
        expected[5] = 1;
        expected[6] = 1;
        expected[LatencyBuckets.BUCKETS - 1] = 1;
        assertThat(decoded.latencyBuckets()).containsExactly(expected);
        assertThat(decoded.latencySumMs()).isEqualTo(10 + 2_000 + 2_001 + 61_000);
        assertThat(decoded.requests()).isEqualTo(4);
    }

    @Test
    void bucketsBeyondTheKnownOnesAreRefused() {
        Codec.Writer w = new Codec.Writer(16).writeVarLong(1L << LatencyBuckets.BUCKETS).writeVarLong(1);
        assertThatThrownBy(() -> LatencyBuckets.skip(new Codec.Reader(w.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemHealthAndPartialsOfTheVersionBeforeBucketsAreStillRead() {
        Codec.Writer health = new Codec.Writer(64).writeByte(1).writeString("BCA").writeVarLong(1)
                .writeString("BCA_CSDLQGDC_LOOKUP_CITIZEN");
        writeStatsWithoutBuckets(health);
        assertWithoutBuckets(SystemHealth.decode(health.toByteArray()).total());
        assertThat(SystemHealth.counts(health.toByteArray())).containsExactly(LATENCIES.length, 1);

        Codec.Writer partial = new Codec.Writer(64).writeByte(1).writeString("BCA_CSDLQGDC").writeString("BCA")
                .writeVarLong(1).writeString("BCA_CSDLQGDC_LOOKUP_CITIZEN").writeSignedVarLong(NINE.toEpochMilli());
        writeStatsWithoutBuckets(partial);
        partial.writeString("").writeVarLong(0);
        Partial.SystemPartial p = (Partial.SystemPartial) PartialSerde.decode(partial.toByteArray());
        assertWithoutBuckets(p.services().get(0).stats());

        Codec.Writer totals = new Codec.Writer(16).writeString("BCA");
        PartialSerde.writeCounts(totals, new long[] {7, 0, 0, 1, 0});
        Counts.Totals t = Counts.Totals.decode(totals.toByteArray());
        assertThat(t.byStatus()).containsExactly(7, 0, 0, 1, 0);
        assertThat(t.latencyBuckets()).containsOnly(0L).hasSize(LatencyBuckets.BUCKETS);
        Counts.Totals more = t.plus("BCA", new long[] {1, 0, 0, 0, 0}, stats(300).latencyBuckets(), 300);
        assertThat(Counts.Totals.decode(more.encode())).usingRecursiveComparison().isEqualTo(more);
    }

    @Test
    void aJournalledCellOfTheVersionBeforeBucketsIsReloadedAndSent() {
        MockProcessorContext<String, Partial> context = new MockProcessorContext<>();
        CommitHookStore partials = (CommitHookStore) CommitHookStore.inMemory(Names.PARTIALS_STORE).withLoggingDisabled().build();
        partials.init(context.getStateStoreContext(), partials);
        context.addStateStore(partials);
        Codec.Writer cell = new Codec.Writer(64).writeByte('H').writeVarLong(0).writeString("BCA")
                .writeString("BCA_CSDLQGDC").writeString("BCA_CSDLQGDC_LOOKUP_CITIZEN").writeSignedVarLong(NINE.toEpochMilli());
        writeStatsWithoutBuckets(cell);
        partials.data().put(Bytes.wrap(new byte[4]), cell.toByteArray());

        PartialAggregator<DataExchangeEvent> combiner =
                new PartialAggregator<>(e -> e, AnalyticsConfig.defaults(), EventTimes.IGNORED, new CombinerGroups());
        context.setCurrentSystemTimeMs(1_000_000);
        combiner.init(context);
        DataExchangeEvent e = event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(5),
                ExchangeStatus.SUCCESS, 700);
        combiner.process(new Record<>(new byte[0], e, e.getRequestTime().toEpochMilli()));
        context.setCurrentSystemTimeMs(1_000_000 + AnalyticsConfig.defaults().flushes().interval().toMillis());
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(context.currentSystemTimeMs());

        HealthStats sent = context.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof Partial.SystemPartial s && !s.services().isEmpty())
                .map(v -> ((Partial.SystemPartial) v).services().get(0).stats()).findFirst().orElseThrow();
        assertThat(sent.requests()).as("the journalled requests and the new one").isEqualTo(LATENCIES.length + 1);
        assertThat(sent.latencyBuckets()[LatencyBuckets.index(700)]).as("only the new one is in the buckets").isEqualTo(1);
        assertThat(sent.latencyBuckets()).containsOnly(0L, 1L);
        assertThat(sent.latencySumMs()).isEqualTo(700);
    }

    private static HealthStats stats(int... latencies) {
        HealthStats s = new HealthStats();
        for (int l : latencies) {
            s.add(ExchangeStatus.SUCCESS.ordinal(), l, 1_000, 3_000);
        }
        return s;
    }

    /** {@link #LATENCIES} as HealthStats were encoded before the buckets: one of them a timeout. */
    private static void writeStatsWithoutBuckets(Codec.Writer w) {
        w.writeVarLong(LATENCIES.length - 1).writeVarLong(0).writeVarLong(0).writeVarLong(1).writeVarLong(0);
        w.writeVarLong(3_000).writeVarLong(9_000).writeVarLong(120 + 480 + 2_500);
        LatencyBins bins = new LatencyBins();
        for (int l : LATENCIES) {
            bins.accept(l);
        }
        bins.write(w);
    }

    /** Counted and in the sketch, but neither in the buckets nor in their sum. */
    private static void assertWithoutBuckets(HealthStats s) {
        assertThat(s.requests()).isEqualTo(LATENCIES.length);
        assertThat(s.count(ExchangeStatus.TIMEOUT)).isEqualTo(1);
        assertThat(s.latencyMs(1)).isCloseTo(2_500, within(25.0));
        assertThat(s.latencyBuckets()).containsOnly(0L);
        assertThat(s.latencySumMs()).isZero();
    }
}
