package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.FlowCount;
import vn.ndxp.model.avro.ServiceHealth;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.state.CommitHookStore;

/** Every aggregation of the analytics, through the whole topology in a TopologyTestDriver. */
class AnalyticsTopologyTest {
    /** 2024-04-24 09:00 local. */
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);

    @TempDir
    Path stateDir;
    private AnalyticsDriver t;

    @BeforeEach
    void start() {
        t = new AnalyticsDriver(stateDir, AnalyticsConfig.defaults(), NINE);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private SystemHealth minute(String system, Instant minuteStart) {
        byte[] v = t.window(Names.SERVICE_MINUTE_STORE).fetch(system, minuteStart.toEpochMilli());
        return v == null ? null : SystemHealth.decode(v);
    }

    private SystemHealth day(String system, LocalDate date) {
        byte[] v = t.window(Names.SERVICE_DAILY_STORE).fetch(system, LocalDays.endMillis(date.toEpochDay() - 1));
        return v == null ? null : SystemHealth.decode(v);
    }

    @Test
    void serviceHealthPerMinuteAndPerLocalDayWithStatusesAndBytes() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(5), ExchangeStatus.SUCCESS, 100));
        t.send(event("HNI_MOTCUA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(30), ExchangeStatus.TIMEOUT, 30_000));
        t.send(event("HNI_MOTCUA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_VERIFY_CITIZEN", NINE.plusSeconds(59), ExchangeStatus.PROVIDER_ERROR, 40));
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(61), ExchangeStatus.CLIENT_ERROR, 80));
        assertThat(minute("BCA_CSDLQGDC", NINE)).as("nothing before the flush").isNull();
        t.flush();

        SystemHealth first = minute("BCA_CSDLQGDC", NINE);
        assertThat(first.agency()).isEqualTo("BCA");
        assertThat(first.services()).containsOnlyKeys("BCA_CSDLQGDC_LOOKUP_CITIZEN", "BCA_CSDLQGDC_VERIFY_CITIZEN");
        HealthStats lookup = first.services().get("BCA_CSDLQGDC_LOOKUP_CITIZEN");
        assertThat(lookup.requests()).isEqualTo(2);
        assertThat(lookup.count(ExchangeStatus.SUCCESS)).isEqualTo(1);
        assertThat(lookup.count(ExchangeStatus.TIMEOUT)).isEqualTo(1);
        assertThat(lookup.providerErrors()).isEqualTo(1);
        assertThat(lookup.bytesIn()).isEqualTo(2000);
        assertThat(lookup.bytesOut()).isEqualTo(3100);
        assertThat(first.total().requests()).isEqualTo(3);
        assertThat(minute("BCA_CSDLQGDC", NINE.plusSeconds(60)).total().count(ExchangeStatus.CLIENT_ERROR)).isEqualTo(1);

        SystemHealth wholeDay = day("BCA_CSDLQGDC", DAY);
        assertThat(wholeDay.total().requests()).isEqualTo(4);
        assertThat(wholeDay.services().get("BCA_CSDLQGDC_LOOKUP_CITIZEN").requests()).isEqualTo(3);
        assertThat(Counts.Totals.decode(t.kv(Names.SERVICE_TOTALS_STORE).get("BCA_CSDLQGDC")).byStatus())
                .containsExactly(1, 1, 1, 1, 0);
    }

    @Test
    void theLocalDayOfServiceHealthStartsAt1700Utc() {
        t.send(event("VPCP_DVCQG", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", Instant.parse("2024-04-23T16:59:59Z"), ExchangeStatus.SUCCESS, 10));
        t.send(event("VPCP_DVCQG", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", Instant.parse("2024-04-23T17:00:00Z"), ExchangeStatus.SUCCESS, 10));
        t.flush();
        assertThat(day("BTC_THUE_DKT", LocalDate.of(2024, 4, 23)).total().requests()).isEqualTo(1);
        assertThat(day("BTC_THUE_DKT", DAY).total().requests()).isEqualTo(1);
    }

    @Test
    void latencyQuantilesMergedAcrossMinutesAndFlushesStayWithinTheSketchError() {
        Random random = new Random(7);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            int ms = (int) Math.round(Math.exp(5 + random.nextGaussian()));
            all.add(ms);
            t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusMillis(i * 100L), ExchangeStatus.SUCCESS, ms));
            if (i % 400 == 0) {
                t.flush();
            }
        }
        t.flush();
        HealthStats s = day("BCA_CSDLQGDC", DAY).total();
        assertThat(s.requests()).isEqualTo(1_500);
        int[] sorted = all.stream().mapToInt(Integer::intValue).sorted().toArray();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            assertThat(s.latencyMs(q)).as("p" + q).isCloseTo(exact, within(exact * HealthStats.RELATIVE_ACCURACY + 1e-9));
        }
        assertThat(s.latencySumMs()).isEqualTo(all.stream().mapToLong(Integer::longValue).sum());
    }

    @Test
    void flowsPerConsumerAndProviderAgencyPerDayGoToTheStoreAndTheTopic() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 10));
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_VERIFY_CITIZEN", NINE.plusSeconds(4000), ExchangeStatus.TIMEOUT, 10));
        t.send(event("VPCP_LGSP", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(5), ExchangeStatus.SUCCESS, 10));
        t.send(event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(6), ExchangeStatus.SUCCESS, 10));
        t.flush();

        long dayStart = LocalDays.endMillis(DAY.toEpochDay() - 1);
        long[] vpcpToBca = Counts.decode(t.window(Names.FLOWS_STORE).fetch("VPCP/BCA", dayStart));
        assertThat(vpcpToBca).containsExactly(2, 0, 0, 1, 0);
        assertThat(Counts.decode(t.window(Names.FLOWS_STORE).fetch("HNI/BTC", dayStart))).containsExactly(1, 0, 0, 0, 0);

        t.flush();
        Map<String, FlowCount> published = t.flows.readKeyValuesToMap();
        assertThat(published).containsOnlyKeys("VPCP/BCA/2024-04-24", "HNI/BTC/2024-04-24");
        FlowCount f = published.get("VPCP/BCA/2024-04-24");
        assertThat(f.getTotal()).isEqualTo(3);
        assertThat(f.getTimeout()).isEqualTo(1);
        assertThat(f.getDate()).isEqualTo(DAY);
    }

    @Test
    void platformCountsPerMinute() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 10));
        t.send(event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(59), ExchangeStatus.REJECTED, 10));
        t.send(event("HNI_MOTCUA", "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", NINE.plusSeconds(60), ExchangeStatus.SUCCESS, 10));
        t.flush();
        assertThat(Counts.decode(t.window(Names.PLATFORM_MINUTE_STORE).fetch("2024-04-24", NINE.toEpochMilli())))
                .containsExactly(1, 0, 0, 0, 1);
        assertThat(Counts.total(Counts.decode(t.window(Names.PLATFORM_MINUTE_STORE)
                .fetch("2024-04-24", NINE.plusSeconds(60).toEpochMilli())))).isEqualTo(1);
    }

    @Test
    void theRepartitionTopicCarriesAFewPartialsPerFlushNotEveryEvent() {
        for (int i = 0; i < 1_000; i++) {
            t.send(event(i % 2 == 0 ? "VPCP_DVCQG" : "HNI_MOTCUA", i % 3 == 0 ? "BTC_THUE_DKT" : "BCA_CSDLQGDC",
                    i % 3 == 0 ? "BTC_THUE_DKT_LOOKUP_TAX_CODE" : "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusMillis(i * 50L), ExchangeStatus.SUCCESS, 50));
        }
        t.flush();
        List<KeyValue<String, Partial>> records = t.partials.readKeyValuesToList();
        // 2 provider systems + 2 consumer systems + 1 day + the watermark.
        assertThat(records).hasSize(6);
        assertThat(records.get(records.size() - 1).key).isEqualTo(Routing.WATERMARK);
        assertThat(day("BCA_CSDLQGDC", DAY).total().requests() + day("BTC_THUE_DKT", DAY).total().requests()).isEqualTo(1_000);
        assertThat(journal().approximateNumEntries()).as("flushed cells are deleted").isZero();
    }

    @Test
    void pendingCellsAreJournaledAtEachCommitAndTheJournalIsDeletedByTheFlush() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 10));
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(1), ExchangeStatus.SUCCESS, 10));
        // The test driver commits after every record: one journal record each, holding the two cells the event changed.
        assertThat(journal().approximateNumEntries()).isEqualTo(2);
        t.flush();
        assertThat(journal().approximateNumEntries()).isZero();
        assertThat(day("BCA_CSDLQGDC", DAY).total().requests()).isEqualTo(2);
    }

    @Test
    void aCommitHalfAnIntervalAfterTheLastFlushFlushesInsteadOfJournaling() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 10));
        assertThat(journal().approximateNumEntries()).isEqualTo(1);
        assertThat(t.partials.isEmpty()).isTrue();

        // 0.6 s: not yet the combiner's own flush (1 s), but the driver's commit after it comes
        // more than half an interval after the last flush, as when another task's flush asks for it.
        t.driver.advanceWallClockTime(Duration.ofMillis(600));
        assertThat(t.partials.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("S|BCA_CSDLQGDC", "S|VPCP_DVCQG", "D|2024-04-24", Routing.WATERMARK);
        assertThat(journal().approximateNumEntries()).as("flushed at the commit: nothing left to journal").isZero();

        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(1), ExchangeStatus.SUCCESS, 10));
        assertThat(journal().approximateNumEntries()).as("just flushed: this commit journals").isEqualTo(1);
        t.flush();
        assertThat(day("BCA_CSDLQGDC", DAY).total().requests()).isEqualTo(2);
    }

    private KeyValueStore<Bytes, byte[]> journal() {
        return ((CommitHookStore) t.driver.getStateStore(Names.PARTIALS_STORE)).data();
    }

    @Test
    void dailyServiceHealthIsPublishedForTheServicesThatChanged() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE, ExchangeStatus.SUCCESS, 100));
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.plusSeconds(1), ExchangeStatus.SUCCESS, 200));
        t.flush();
        t.flush();
        List<TestRecord<String, ServiceHealth>> out = t.health.readRecordsToList();
        assertThat(out).isNotEmpty();
        ServiceHealth h = out.get(out.size() - 1).value();
        assertThat(out.get(out.size() - 1).key()).isEqualTo("BCA_CSDLQGDC/BCA_CSDLQGDC_LOOKUP_CITIZEN/2024-04-24");
        assertThat(h.getRequests()).isEqualTo(2);
        assertThat(h.getLatencyP50Ms()).isCloseTo(100, within(1.0));
        assertThat(h.getProviderAgency()).isEqualTo("BCA");
    }

    @Test
    void lagIsMeasuredForEveryValidEvent() {
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.minusSeconds(3), ExchangeStatus.SUCCESS, 100));
        t.send(event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE.minusSeconds(1), ExchangeStatus.SUCCESS, 100));
        assertThat(t.lags).containsExactly(3_000L, 1_000L);
    }

    @Test
    void partialsSurviveTheirSerde() {
        HealthStats stats = new HealthStats();
        stats.add(ExchangeStatus.SUCCESS.ordinal(), 120, 10, 20);
        stats.add(ExchangeStatus.TIMEOUT.ordinal(), 0, 10, 0);
        Partial p = new Partial.SystemPartial("S", "A", List.of(new Partial.ServiceMinute("X", 60_000, stats)), "C",
                List.of(new Partial.HourCount(3_600_000, 2, 0b101)));
        Partial.SystemPartial back = (Partial.SystemPartial) PartialSerde.decode(PartialSerde.encode(p));
        assertThat(back.services().get(0).stats().requests()).isEqualTo(2);
        assertThat(back.services().get(0).stats().latencyMs(1.0)).isCloseTo(120, within(1.2));
        assertThat(back.hours()).containsExactly(new Partial.HourCount(3_600_000, 2, 0b101));
        Partial.DayPartial d = new Partial.DayPartial(19_837, List.of(new Partial.FlowDelta("A", "B", new long[] {1, 2, 3, 4, 5})),
                List.of(new Partial.MinuteCounts(60_000, new long[] {5, 4, 3, 2, 1})));
        Partial.DayPartial dback = (Partial.DayPartial) PartialSerde.decode(PartialSerde.encode(d));
        assertThat(Arrays.equals(dback.flows().get(0).byStatus(), new long[] {1, 2, 3, 4, 5})).isTrue();
        assertThat(PartialSerde.decode(PartialSerde.encode(new Partial.Watermark(3, -5))))
                .isEqualTo(new Partial.Watermark(3, -5));
    }
}
