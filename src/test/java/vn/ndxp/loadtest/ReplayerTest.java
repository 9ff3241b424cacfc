package vn.ndxp.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.loadtest.LatencyRecorder.Latency;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.FakeTicker;

/** The replay loop on a fake clock: what is sent when, and what the latency recorder charges. */
class ReplayerTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final Instant T0 = Instant.parse("2024-04-24T01:00:00Z");
    private static final long WALL = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /**
     * Sends with the fake clock, acknowledges after {@code costNanos} of it; notes the threads that
     * prepare and send, and refuses to prepare the events of agency {@link #UNPREPARABLE}.
     */
    static final class FakeSink implements EventSink<DataExchangeEvent> {
        static final String UNPREPARABLE = "UNSERIALIZABLE";
        final FakeTicker ticker;
        final long costNanos;
        final List<DataExchangeEvent> events = new ArrayList<>();
        final List<Long> sendTimes = new ArrayList<>();
        final Set<String> prepareThreads = ConcurrentHashMap.newKeySet();
        final Set<String> sendThreads = new HashSet<>();

        FakeSink(FakeTicker ticker, long costNanos) {
            this.ticker = ticker;
            this.costNanos = costNanos;
        }

        @Override
        public DataExchangeEvent prepare(DataExchangeEvent event) {
            prepareThreads.add(Thread.currentThread().getName());
            if (event.getConsumerAgency().equals(UNPREPARABLE)) {
                throw new IllegalArgumentException("cannot serialize " + event.getEventId());
            }
            return event;
        }

        @Override
        public void send(DataExchangeEvent event, Consumer<Exception> done) {
            sendThreads.add(Thread.currentThread().getName());
            sendTimes.add(ticker.nanoTime());
            events.add(event);
            ticker.advance(costNanos); // a slow destination blocks the sender, as a full producer buffer does
            done.accept(null);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private record Run(Replayer.Outcome outcome, FakeSink sink, LoadStats stats, List<String> problems) {}

    private Run replay(Path file, ReplayPlan plan, long sinkCostNanos) throws IOException {
        FakeTicker ticker = new FakeTicker(WALL);
        FakeSink sink = new FakeSink(ticker, sinkCostNanos);
        LoadStats stats = new LoadStats(plan.schedule());
        List<String> problems = new ArrayList<>();
        Replayer.Outcome outcome = new Replayer<>(plan, () -> EventReader.open(file), sink, ticker, stats, problems::add,
                null).run();
        return new Run(outcome, sink, stats, problems);
    }

    /** Events every {@code gap} from T0, as JSON Lines. */
    private Path file(int events, Duration gap) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            lines.add(EventJson.format(Events.event("VPCP", "BCA", T0.plus(gap.multipliedBy(i)))));
        }
        Path file = dir.resolve("events-" + events + ".jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void speedSixtySendsARecordedHourOverAMinute() throws IOException {
        Run run = replay(file(3601, Duration.ofSeconds(1)), ReplayPlan.once(Schedule.speed(60, null)), 0);
        assertThat(run.outcome()).isEqualTo(Replayer.Outcome.COMPLETED);
        assertThat(run.sink().sendTimes).hasSize(3601);
        assertThat(run.sink().sendTimes.get(0)).isZero();
        assertThat(run.sink().sendTimes.get(1800)).isEqualTo(30 * S);
        assertThat(run.sink().sendTimes.get(3600)).isEqualTo(60 * S);
        assertThat(run.sink().events.get(5).getRequestTime()).as("times kept as recorded").isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void rateWithDurationSendsWhatIsDueWithinIt() throws IOException {
        ReplayPlan plan = new ReplayPlan(Schedule.rate(10, null), Duration.ofSeconds(2), 0, 0, ReplayPlan.Times.RECORDED, false, false);
        Run run = replay(file(7, Duration.ofHours(1)), plan, 0);
        assertThat(run.outcome()).isEqualTo(Replayer.Outcome.DURATION);
        assertThat(run.sink().sendTimes).hasSize(20)
                .containsExactly(0L, 100 * MS, 200 * MS, 300 * MS, 400 * MS, 500 * MS, 600 * MS, 700 * MS, 800 * MS,
                        900 * MS, S, 1100 * MS, 1200 * MS, 1300 * MS, 1400 * MS, 1500 * MS, 1600 * MS, 1700 * MS,
                        1800 * MS, 1900 * MS);
        assertThat(run.stats().total(2 * S, null).targetRate()).isEqualTo(10);
    }

    @Test
    void rampStartsSlowAndReachesTheRate() throws IOException {
        ReplayPlan plan = new ReplayPlan(Schedule.rate(100, Duration.ofSeconds(10)), Duration.ofSeconds(12), 0, 0,
                ReplayPlan.Times.RECORDED, false, false);
        Run run = replay(file(50, Duration.ofSeconds(1)), plan, 0);
        List<Long> times = run.sink().sendTimes;
        // 500 events during the ramp, then 100 a second for 2 s.
        assertThat(times).hasSize(700);
        assertThat(times.stream().filter(t -> t < S).count()).isEqualTo(5);
        assertThat(times.stream().filter(t -> t >= 9 * S && t < 10 * S).count()).isEqualTo(95);
        assertThat(times.stream().filter(t -> t >= 10 * S && t < 11 * S).count()).isEqualTo(100);
    }

    @Test
    void loopsRepeatTheFileOnePeriodLaterWithDuplicateIdsUnlessNewIds() throws IOException {
        Path file = file(3, Duration.ofSeconds(1));
        ReplayPlan plan = new ReplayPlan(Schedule.speed(1, null), null, 0, 3, ReplayPlan.Times.RECORDED, false, false);
        Run run = replay(file, plan, 0);
        assertThat(run.sink().sendTimes).containsExactly(0L, S, 2 * S, 3 * S, 4 * S, 5 * S, 6 * S, 7 * S, 8 * S);
        List<DataExchangeEvent> sent = run.sink().events;
        assertThat(sent.get(3).getEventId()).as("a repeat is a duplicate").isEqualTo(sent.get(0).getEventId());
        assertThat(sent.get(3).getRequestTime()).isEqualTo(sent.get(0).getRequestTime());

        Run fresh = replay(file, new ReplayPlan(Schedule.speed(1, null), null, 0, 3, ReplayPlan.Times.RECORDED, true, false), 0);
        assertThat(fresh.sink().events).extracting(DataExchangeEvent::getEventId).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(sent.stream().map(DataExchangeEvent::getEventId).toList());
        assertThat(fresh.sink().events.get(4).getConsumerAgency()).isEqualTo(sent.get(4).getConsumerAgency());
    }

    @Test
    void rebaseMovesTheFirstEventToNowAndKeepsTheGaps() throws IOException {
        ReplayPlan plan = new ReplayPlan(Schedule.max(), null, 0, 2, ReplayPlan.Times.REBASED, false, false);
        Run run = replay(file(3, Duration.ofSeconds(10)), plan, 0);
        Instant now = Instant.ofEpochMilli(WALL);
        assertThat(run.sink().events).extracting(DataExchangeEvent::getRequestTime).containsExactly(
                now, now.plusSeconds(10), now.plusSeconds(20), now.plusSeconds(30), now.plusSeconds(40), now.plusSeconds(50));
    }

    @Test
    void stampNowSendsEachEventWithTheMomentItIsSent() throws IOException {
        // Recorded an hour apart, sent ten a second: the times follow the sending, not the file.
        ReplayPlan plan = new ReplayPlan(Schedule.rate(10, null), null, 0, 1, ReplayPlan.Times.SENT, false, false);
        Run run = replay(file(3, Duration.ofHours(1)), plan, 0);
        Instant now = Instant.ofEpochMilli(WALL);
        assertThat(run.sink().events).extracting(DataExchangeEvent::getRequestTime).containsExactly(
                now, now.plusMillis(100), now.plusMillis(200));
    }

    @Test
    void limitStopsAfterThatManyEvents() throws IOException {
        ReplayPlan plan = new ReplayPlan(Schedule.max(), null, 5, 0, ReplayPlan.Times.RECORDED, false, false);
        Run run = replay(file(3, Duration.ofSeconds(1)), plan, 0);
        assertThat(run.outcome()).isEqualTo(Replayer.Outcome.LIMIT);
        assertThat(run.sink().events).hasSize(5);
    }

    @Test
    void badRecordsAreReportedOnceAndSkippedOrStopTheReplayWhenStrict() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of(EventJson.format(Events.event("VPCP", "BCA", T0)), "{\"eventId\": 1",
                EventJson.format(Events.event("HNI", "BTC", T0.plusSeconds(1)))));
        Run lenient = replay(file, new ReplayPlan(Schedule.max(), null, 0, 2, ReplayPlan.Times.RECORDED, false, false), 0);
        assertThat(lenient.sink().events).hasSize(4);
        assertThat(lenient.problems()).singleElement().asString().startsWith(file + ":2: not valid JSON");
        assertThat(lenient.stats().badRecords()).isEqualTo(1);

        Run strict = replay(file, new ReplayPlan(Schedule.max(), null, 0, 1, ReplayPlan.Times.RECORDED, false, true), 0);
        assertThat(strict.outcome()).isEqualTo(Replayer.Outcome.STRICT_STOP);
        assertThat(strict.sink().events).hasSize(1);
        assertThat(strict.problems()).singleElement().asString().startsWith(file + ":2: ");
    }

    @Test
    void eventsArePreparedAheadOfTheSendsInOrderOnTheirOwnThread() throws IOException {
        // Three passes of 2,000 events, with new ids and times: more than the read-ahead holds.
        ReplayPlan plan = new ReplayPlan(Schedule.max(), null, 0, 3, ReplayPlan.Times.REBASED, true, false);
        Path file = file(2000, Duration.ofSeconds(1));
        Run run = replay(file, plan, 0);
        String sender = Thread.currentThread().getName();
        assertThat(run.sink().sendThreads).containsExactly(sender);
        assertThat(run.sink().prepareThreads).containsExactly("replay-ahead");
        List<DataExchangeEvent> sent = run.sink().events;
        assertThat(sent).hasSize(6000).extracting(DataExchangeEvent::getEventId).doesNotHaveDuplicates();
        Instant now = Instant.ofEpochMilli(WALL);
        for (int i = 0; i < sent.size(); i++) {
            // The file's 2,000 s once a pass, one second apart across the seams too.
            assertThat(sent.get(i).getRequestTime()).as("event %d", i).isEqualTo(now.plusSeconds(i));
        }
        assertThat(run.stats().acked()).isEqualTo(6000);
    }

    @Test
    void eventsStampedWithTheirSendArePreparedAtTheSend() throws IOException {
        ReplayPlan plan = new ReplayPlan(Schedule.rate(10, null), null, 0, 1, ReplayPlan.Times.SENT, false, false);
        Run run = replay(file(3, Duration.ofHours(1)), plan, 0);
        assertThat(run.sink().prepareThreads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void anEventTheSinkCannotPrepareIsAFailedSendAndTheReplayGoesOn() throws IOException {
        Path file = dir.resolve("unpreparable.jsonl");
        Files.write(file, List.of(EventJson.format(Events.event("VPCP", "BCA", T0)),
                EventJson.format(Events.event(FakeSink.UNPREPARABLE, "BTC", T0.plusSeconds(1))),
                EventJson.format(Events.event("VPCP", "BTC", T0.plusSeconds(2)))));
        Run run = replay(file, ReplayPlan.once(Schedule.max()), 0);
        assertThat(run.outcome()).isEqualTo(Replayer.Outcome.COMPLETED);
        assertThat(run.sink().events).extracting(DataExchangeEvent::getConsumerAgency).containsExactly("VPCP", "VPCP");
        Report report = run.stats().total(run.sink().ticker.nanoTime(), null);
        assertThat(report.sent()).isEqualTo(3);
        assertThat(report.acked()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.firstFailure()).contains("cannot serialize");
    }

    @Test
    void aSlowSinkRaisesTheCorrectedLatencyButNotTheNaiveOne() throws IOException {
        Path file = file(1000, Duration.ofMillis(1));
        // Asked for 1,000 events/s, the sink takes 10 ms per event: it falls further behind with every event.
        Run slow = replay(file, ReplayPlan.once(Schedule.rate(1000, null)), 10 * MS);
        Latency corrected = slow.stats().total(slow.sink().ticker.nanoTime(), null).latencyMs();
        Latency naive = slow.stats().total(slow.sink().ticker.nanoTime(), null).naiveLatencyMs();
        assertThat(naive.p50()).isCloseTo(10, org.assertj.core.api.Assertions.within(0.1));
        assertThat(naive.p99()).isCloseTo(10, org.assertj.core.api.Assertions.within(0.1));
        // Event i was due at i ms and acknowledged at 10(i+1) ms: the median waits about 4.5 s.
        assertThat(corrected.p50()).isGreaterThan(4_000);
        assertThat(corrected.p99()).isGreaterThan(8_500);
        assertThat(corrected.max()).isCloseTo(9_001, org.assertj.core.api.Assertions.within(10.0));

        // The same sink at 50 events/s keeps up: both measures agree.
        Run fine = replay(file, ReplayPlan.once(Schedule.rate(50, null)), 10 * MS);
        Report r = fine.stats().total(fine.sink().ticker.nanoTime(), null);
        assertThat(r.latencyMs().p99()).isCloseTo(10, org.assertj.core.api.Assertions.within(0.1));
        assertThat(r.achievedRate()).isCloseTo(50, org.assertj.core.api.Assertions.within(0.1));
    }
}
