package vn.ndxp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.simulator.output.JsonLinesRecordSink;
import vn.ndxp.simulator.output.RecordSink;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.simulator.scenario.ScenarioParser;
import vn.ndxp.time.LocalDays;

class SimulationTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final LocalDate WEDNESDAY = LocalDate.of(2024, 4, 24);
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private static SimulationOptions day(LocalDate date, double volume, String... scenarios) {
        List<Scenario> parsed = new ArrayList<>();
        for (String s : scenarios) {
            parsed.add(ScenarioParser.parse(s));
        }
        return new SimulationOptions(date, 1, 7, volume, 0, parsed);
    }

    private static GroundTruth run(SimulationOptions options, Consumer<SimRecord> each) {
        GroundTruth truth = new GroundTruth(6, Duration.ofHours(6));
        Simulation simulation = new Simulation(CATALOG, options);
        while (simulation.hasNext()) {
            SimRecord r = simulation.next();
            truth.record(r);
            each.accept(r);
        }
        return truth;
    }

    /** Local hour of day, 0-23. */
    private static int hour(long epochMillis) {
        return (int) ((epochMillis + 7 * HOUR - LocalDays.epochDay(epochMillis) * 24 * HOUR) / HOUR);
    }

    @Test
    void poisonDrillsComeAsBurstsAtTheirTimeWithTheReasonsTheyMustGet() {
        Map<SimRecord.Malformation, Integer> seen = new java.util.EnumMap<>(SimRecord.Malformation.class);
        GroundTruth truth = run(day(WEDNESDAY, 20_000, "poison:kind=oversized,count=2,at=09:00",
                "poison:kind=unknown-ids,count=300,at=10:00", "poison:kind=foreign-schema,count=5,at=10:00"), r -> {
            if (r.malformation() != null) {
                seen.merge(r.malformation(), 1, Integer::sum);
                int expectedHour = r.malformation() == SimRecord.Malformation.OVERSIZED ? 9 : 10;
                assertThat(hour(r.deliveryTime())).isEqualTo(expectedHour);
            }
        });
        assertThat(seen).containsOnly(Map.entry(SimRecord.Malformation.OVERSIZED, 2),
                Map.entry(SimRecord.Malformation.DISTINCT_UNKNOWN_SCHEMA, 300), Map.entry(SimRecord.Malformation.FOREIGN_SCHEMA, 5));
        assertThat(truth.rejected()).containsOnly(Map.entry("too-large", 2L), Map.entry("unknown-schema-id", 300L),
                Map.entry("undecodable", 5L));
    }

    @Test
    void aSkewedSystemsEventsSayTheirTrueTimePlusTheOffsetAndAreSetAsideByTheTruth() {
        String skewed = "VPCP_DVCQG";
        long[] shifted = {0};
        GroundTruth truth = run(day(WEDNESDAY, 50_000, "clock-skew:system=" + skewed + ",offset=7h,from=17:00"), r -> {
            long offset = r.event().getRequestTime().toEpochMilli() - r.deliveryTime();
            if (r.event().getConsumerSystem().equals(skewed) && hour(r.deliveryTime()) >= 17) {
                assertThat(offset).isEqualTo(7 * HOUR);
                shifted[0]++;
            } else {
                assertThat(offset).isZero();
            }
        });
        assertThat(shifted[0]).isPositive();
        assertThat(truth.rejected()).containsOnly(Map.entry("clock-ahead", shifted[0]));
        assertThat(truth.late()).isZero();
    }

    @Test
    void aWeekdayCarriesTheReportedVolumeWithOfficeHoursPeaks() {
        long[] byHalfHour = new long[48];
        long[] lastTime = {Long.MIN_VALUE};
        boolean[] ordered = {true};
        GroundTruth truth = run(day(WEDNESDAY, SimulationOptions.DEFAULT_WORKDAY_VOLUME), r -> {
            long t = r.event().getRequestTime().toEpochMilli();
            byHalfHour[(int) ((t + 7 * HOUR - LocalDays.epochDay(t) * 24 * HOUR) / (HOUR / 2))]++;
            ordered[0] &= r.deliveryTime() >= lastTime[0];
            lastTime[0] = r.deliveryTime();
        });

        assertThat((double) truth.total()).isCloseTo(2_800_000, within(28_000.0));
        assertThat(ordered[0]).as("delivered in time order").isTrue();
        long office = 0;
        for (int h = 15; h < 23; h++) { // 07:30-11:30
            office += byHalfHour[h];
        }
        for (int h = 26; h < 34; h++) { // 13:00-17:00
            office += byHalfHour[h];
        }
        double officeShare = office / (double) truth.total();
        assertThat(officeShare).as("share in office hours (docs/simulator.md: 65-80 %%)").isBetween(0.65, 0.80);
        long peak = byHalfHour[18] + byHalfHour[19]; // 09:00-10:00
        long night = byHalfHour[6] + byHalfHour[7];  // 03:00-04:00
        assertThat(peak / (double) night).as("peak hour against the quietest night hour (20-50x)").isBetween(20.0, 50.0);
        long lunch = byHalfHour[24] + byHalfHour[25]; // 12:00-13:00
        assertThat(lunch).as("lunch dip").isLessThan(peak / 3);
    }

    @Test
    void weekendsAndTetCarryFarLess() {
        long weekday = run(day(WEDNESDAY, 100_000), r -> { }).total();
        long saturday = run(day(LocalDate.of(2024, 4, 27), 100_000), r -> { }).total();
        long tet = run(day(LocalDate.of(2024, 2, 10), 100_000), r -> { }).total();
        long hungKings = run(day(LocalDate.of(2024, 4, 18), 100_000), r -> { }).total();
        assertThat(weekday).isEqualTo(100_000);
        assertThat(saturday).isLessThan(weekday / 4);
        assertThat(hungKings).isLessThan(weekday / 5);
        assertThat(tet).isLessThan(weekday / 10);
    }

    @Test
    void growthScalesTheVolume() {
        SimulationOptions grown = new SimulationOptions(WEDNESDAY, 1, 7, 100_000, 0.67, List.of());
        assertThat(run(grown, r -> { }).total()).isEqualTo(167_000);
    }

    @Test
    void perAgencyTruthSumsToTwiceTheTotalAndThePopulationDatabaseLeads() {
        GroundTruth truth = run(day(WEDNESDAY, 200_000), r -> { });
        long sum = 0;
        Map<String, Long> providers = new HashMap<>();
        for (String key : truth.keys()) {
            String[] k = key.split("/");
            long n = truth.count(LocalDate.parse(k[0]), k[1], k[2]);
            sum += n;
            if (k[2].equals("provider")) {
                providers.put(k[1], n);
            }
        }
        assertThat(sum).isEqualTo(2 * truth.total());
        String busiest = providers.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(busiest).isEqualTo("BCA");
        assertThat(providers.get("BCA") / (double) truth.total()).isBetween(0.3, 0.6);
    }

    @Test
    void whatASinkFailsToPrepareAheadStopsTheRunAfterTheRecordsBeforeIt() {
        IllegalStateException down = new IllegalStateException("the schema registry is down");
        List<String> sent = new ArrayList<>();
        RecordSink<String> sink = new RecordSink<>() {
            private int prepared;

            @Override
            public String prepare(SimRecord record) {
                if (++prepared > 1_000) {
                    throw down;
                }
                return record.key();
            }

            @Override
            public void send(SimRecord record, String key) {
                assertThat(key).isEqualTo(record.key());
                sent.add(key);
            }

            @Override
            public long delivered() {
                return sent.size();
            }

            @Override
            public void close() {}
        };
        GroundTruth truth = new GroundTruth(6, Duration.ofHours(6));

        assertThatThrownBy(() -> SimulationRun.run(CATALOG, day(WEDNESDAY, 20_000), sink, Pacer.asFastAsPossible(), truth))
                .isSameAs(down);
        assertThat(sent).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(truth.delivered()).isEqualTo(1_000);
    }

    @Test
    void theSameSeedGivesTheSameBytesAnotherSeedOthers() throws Exception {
        Path a = write(new SimulationOptions(WEDNESDAY, 1, 42, 20_000, 0, List.of()), "a.jsonl");
        Path b = write(new SimulationOptions(WEDNESDAY, 1, 42, 20_000, 0, List.of()), "b.jsonl");
        Path c = write(new SimulationOptions(WEDNESDAY, 1, 43, 20_000, 0, List.of()), "c.jsonl");
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.readAllLines(c)).hasSameSizeAs(Files.readAllLines(a)).isNotEqualTo(Files.readAllLines(a));
    }

    private Path write(SimulationOptions options, String name) throws InterruptedException {
        Path file = dir.resolve(name);
        try (RecordSink<?> sink = new JsonLinesRecordSink(file)) {
            SimulationRun.run(CATALOG, options, sink, Pacer.asFastAsPossible(), new GroundTruth(6, Duration.ofHours(6)));
            sink.finish();
        }
        return file;
    }

    @Test
    void anOutageFailsEveryCallToTheSystemInItsWindowOnly() {
        Map<Boolean, Map<ExchangeStatus, Long>> byWindow = new HashMap<>();
        run(day(WEDNESDAY, 200_000, "outage:system=BHXH_CSDLQG_BH,from=09:00,to=10:00,mode=timeout"), r -> {
            if (r.event().getProviderSystem().equals("BHXH_CSDLQG_BH")) {
                int h = hour(r.event().getRequestTime().toEpochMilli());
                byWindow.computeIfAbsent(h == 9, k -> new HashMap<>()).merge(r.event().getStatus(), 1L, Long::sum);
            }
        });
        assertThat(byWindow.get(true)).containsOnlyKeys(ExchangeStatus.TIMEOUT);
        assertThat(byWindow.get(true).get(ExchangeStatus.TIMEOUT)).isGreaterThan(100);
        assertThat(byWindow.get(false).get(ExchangeStatus.SUCCESS) / (double) byWindow.get(false).values().stream()
                .mapToLong(Long::longValue).sum()).isGreaterThan(0.9);
    }

    @Test
    void aSilentSystemSendsNothingInItsWindow() {
        long[] inside = {0};
        long[] outside = {0};
        run(day(WEDNESDAY, 200_000, "silent:system=HNI_MOTCUA,from=08:00,to=11:00"), r -> {
            if (r.event().getConsumerSystem().equals("HNI_MOTCUA")) {
                int h = hour(r.event().getRequestTime().toEpochMilli());
                (h >= 8 && h < 11 ? inside : outside)[0]++;
            }
        });
        assertThat(inside[0]).isZero();
        assertThat(outside[0]).isGreaterThan(100);
    }

    @Test
    void aSurgeMultipliesTrafficInItsWindow() {
        long[] normal = {0};
        long[] surged = {0};
        run(day(WEDNESDAY, 200_000), r -> normal[0] += hour(r.event().getRequestTime().toEpochMilli()) == 14 ? 1 : 0);
        GroundTruth truth = run(day(WEDNESDAY, 200_000, "surge:factor=3,from=14:00,to=15:00"),
                r -> surged[0] += hour(r.event().getRequestTime().toEpochMilli()) == 14 ? 1 : 0);
        assertThat(surged[0] / (double) normal[0]).isCloseTo(3.0, within(0.05));
        assertThat(truth.total()).isEqualTo(200_000 + surged[0] - normal[0]);
    }

    @Test
    void lateDuplicateAndMalformedRecordsAreWhatTheTruthSays() {
        Set<String> seen = new HashSet<>();
        long[] duplicates = {0};
        long[] malformed = {0};
        long[] lateEnough = {0};
        List<Scenario> drills = List.of(ScenarioParser.parse("late:fraction=0.05,delay=8h"),
                ScenarioParser.parse("duplicates:fraction=0.02"), ScenarioParser.parse("malformed:fraction=0.005"),
                ScenarioParser.parse("out-of-order:fraction=0.05,max-shift=10m"));
        GroundTruth truth = run(new SimulationOptions(WEDNESDAY, 2, 7, 100_000, 0, drills), r -> {
            if (r.malformation() != null) {
                malformed[0]++;
            } else if (!seen.add(r.event().getEventId())) {
                duplicates[0]++;
                assertThat(r.duplicate()).isTrue();
            }
            if (r.malformation() == null && !r.duplicate()
                    && r.deliveryTime() - r.event().getRequestTime().toEpochMilli() >= 8 * HOUR) {
                lateEnough[0]++;
            }
        });
        assertThat(truth.duplicates()).isEqualTo(duplicates[0]).isBetween(3_000L, 5_000L);
        assertThat(truth.rejected().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(malformed[0]).isBetween(600L, 1_400L);
        assertThat(truth.rejected().keySet()).contains("bad-magic", "truncated", "unknown-schema-id", "missing-field", "negative-value");
        // Delayed 8 h, only the first day's events made after 22:00 come when its grace (6 h) is over.
        assertThat(truth.late()).isPositive().isLessThan(lateEnough[0] / 10);
        assertThat(truth.total() + truth.late()).isEqualTo(200_000);
        assertThat(truth.total(WEDNESDAY) + truth.total(WEDNESDAY.plusDays(1))).as("the days' totals")
                .isEqualTo(truth.total());
        assertThat(truth.total(WEDNESDAY)).isBetween(90_000L, 101_000L);
        assertThat(truth.total(WEDNESDAY.plusDays(2))).isZero();
    }
}
