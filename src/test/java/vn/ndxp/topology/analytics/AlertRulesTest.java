package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertState;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.Names;

/**
 * The three alert rules through the whole topology, the clock driven by the events' times (each
 * simulated minute is flushed by moving the wall clock, which sends the partials and the
 * watermark that the rules' stream-time punctuation runs on).
 */
class AlertRulesTest {
    private static final String SILENT = "VPCP_DVCQG";
    private static final String TICKER = "HNI_MOTCUA";
    private static final String PROVIDER = "BCA_CSDLQGDC";

    @TempDir
    Path stateDir;
    private AnalyticsDriver t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private static Instant local(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(7));
    }

    private void start(AnalyticsConfig config) {
        t = new AnalyticsDriver(stateDir, config, Instant.parse("2024-04-01T00:00:00Z"));
    }

    /** Per simulated minute from {@code from} (inclusive) to {@code to} (exclusive): the events, then a flush. */
    private void minutes(String from, String to, Function<Instant, List<Instant>> silentCalls, boolean ticker) {
        for (Instant m = local(from); m.isBefore(local(to)); m = m.plusSeconds(60)) {
            for (Instant call : silentCalls.apply(m)) {
                t.send(event(SILENT, PROVIDER, "BCA_CSDLQGDC_LOOKUP_CITIZEN", call, ExchangeStatus.SUCCESS, 100));
            }
            if (ticker) {
                t.send(event(TICKER, "BTC_THUE_DKT", "BTC_THUE_DKT_LOOKUP_TAX_CODE", m.plusSeconds(45), ExchangeStatus.SUCCESS, 100));
            }
            t.flush();
        }
    }

    private static List<Instant> twicePerMinute(Instant m) {
        return List.of(m, m.plusSeconds(30));
    }

    private static List<Instant> none(Instant m) {
        return List.of();
    }

    private List<Alert> alerts(AlertType type) {
        return t.alerts.readRecordsToList().stream().map(TestRecord::value).filter(a -> a.getType() == type).toList();
    }

    @Test
    void aSystemSilentForFifteenWorkingMinutesWhenItUsuallyCallsIsAlertedAndClearedWhenItCallsAgain() {
        start(AnalyticsConfig.defaults().with(new AnalyticsConfig.Baseline(0.3, 1)));
        // Wednesday a week before: the system calls twice a minute from 08:00 to 10:00.
        minutes("2024-04-17T07:55", "2024-04-17T08:00", AlertRulesTest::none, true);
        minutes("2024-04-17T08:00", "2024-04-17T10:00", AlertRulesTest::twicePerMinute, true);
        minutes("2024-04-17T10:00", "2024-04-17T10:05", AlertRulesTest::none, true);
        // Wednesday: it calls until 09:10, is silent, and calls again from 09:40.
        minutes("2024-04-24T07:55", "2024-04-24T08:00", AlertRulesTest::none, true);
        minutes("2024-04-24T08:00", "2024-04-24T09:11", AlertRulesTest::twicePerMinute, true);
        minutes("2024-04-24T09:11", "2024-04-24T09:40", AlertRulesTest::none, true);
        minutes("2024-04-24T09:40", "2024-04-24T10:00", m -> List.of(m.plusSeconds(10)), true);
        minutes("2024-04-24T10:00", "2024-04-24T10:05", AlertRulesTest::none, true);

        List<Alert> silent = alerts(AlertType.SILENT_SYSTEM);
        assertThat(silent).hasSize(2);
        Alert raised = silent.get(0);
        assertThat(raised.getSubject()).isEqualTo(SILENT);
        assertThat(raised.getAgency()).isEqualTo("VPCP");
        assertThat(raised.getState()).isEqualTo(AlertState.RAISED);
        assertThat(raised.getTime()).as("09:11-09:25 silent: raised at the end of 09:25").isEqualTo(local("2024-04-24T09:26"));
        assertThat(raised.getObserved()).isEqualTo(15);
        assertThat(raised.getExpected()).as("120 calls an hour: 30 in 15 minutes").isCloseTo(30, within(1e-9));
        assertThat(raised.getAlertId()).isEqualTo("SILENT_SYSTEM/" + SILENT + "/" + local("2024-04-24T09:26").toEpochMilli());
        Alert cleared = silent.get(1);
        assertThat(cleared.getState()).isEqualTo(AlertState.CLEARED);
        assertThat(cleared.getAlertId()).isEqualTo(raised.getAlertId());
        assertThat(cleared.getTime()).isEqualTo(local("2024-04-24T09:40"));
        assertThat(cleared.getObserved()).as("silent working minutes").isEqualTo(29);
        assertThat(Alerts.active(t.kv(Names.ALERTS_STORE))).isEmpty();
        assertThat(Alerts.count(t.kv(Names.ALERTS_STORE), AlertType.SILENT_SYSTEM)).isEqualTo(1);
        assertThat(Alerts.since(t.kv(Names.ALERTS_STORE), local("2024-04-24T09:30").toEpochMilli())).hasSize(1);
    }

    @Test
    void silenceOnAPublicHolidayIsNormalButTheSameSilenceAWeekLaterIsNot() {
        start(AnalyticsConfig.defaults().with(new AnalyticsConfig.Baseline(0.3, 1)));
        // Tuesday 23 April 2024, a working day: the system calls twice a minute from 08:00 to 10:00.
        minutes("2024-04-23T07:55", "2024-04-23T08:00", AlertRulesTest::none, true);
        minutes("2024-04-23T08:00", "2024-04-23T10:00", AlertRulesTest::twicePerMinute, true);
        minutes("2024-04-23T10:00", "2024-04-23T10:05", AlertRulesTest::none, true);
        // Tuesday 30 April 2024, Reunification Day: silent all morning. Nothing to say.
        minutes("2024-04-30T07:55", "2024-04-30T11:00", AlertRulesTest::none, true);
        assertThat(alerts(AlertType.SILENT_SYSTEM)).isEmpty();
        // Tuesday 7 May 2024, a working day: silent since 23 April, and it calls at 08:00 on Tuesdays.
        minutes("2024-05-07T07:55", "2024-05-07T08:30", AlertRulesTest::none, true);
        List<Alert> silent = alerts(AlertType.SILENT_SYSTEM);
        assertThat(silent).hasSize(1);
        assertThat(silent.get(0).getTime()).isEqualTo(local("2024-05-07T08:01"));
        assertThat(silent.get(0).getState()).isEqualTo(AlertState.RAISED);
    }

    @Test
    void aProviderFailingAboveTheRatioOverFiveMinutesIsAlertedAndClearedBelowHalfOfIt() {
        start(AnalyticsConfig.defaults());
        Instant from = local("2024-04-24T09:50");
        Instant errorsFrom = local("2024-04-24T10:00");
        Instant errorsTo = local("2024-04-24T10:10");
        for (Instant m = from; m.isBefore(local("2024-04-24T10:30")); m = m.plusSeconds(60)) {
            for (int s = 0; s < 60; s += 10) {
                Instant at = m.plusSeconds(s);
                boolean failing = !at.isBefore(errorsFrom) && at.isBefore(errorsTo);
                t.send(event(TICKER, PROVIDER, "BCA_CSDLQGDC_LOOKUP_CITIZEN", at,
                        failing ? ExchangeStatus.PROVIDER_ERROR : ExchangeStatus.SUCCESS, failing ? 20 : 150));
            }
            t.flush();
        }
        List<Alert> errors = alerts(AlertType.PROVIDER_ERROR_RATIO);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).getSubject()).isEqualTo(PROVIDER);
        assertThat(errors.get(0).getAgency()).isEqualTo("BCA");
        assertThat(errors.get(0).getTime()).as("6 of 30 in 09:56-10:01").isEqualTo(local("2024-04-24T10:01"));
        assertThat(errors.get(0).getObserved()).isCloseTo(0.2, within(1e-9));
        assertThat(errors.get(1).getState()).isEqualTo(AlertState.CLEARED);
        assertThat(errors.get(1).getTime()).as("0 of 30 in 10:10-10:15").isEqualTo(local("2024-04-24T10:15"));
    }

    @Test
    void anHourFarAboveItsHourOfWeekBaselineIsAlertedAndClearedAfterANormalHour() {
        start(AnalyticsConfig.defaults().with(new AnalyticsConfig.Baseline(0.3, 1)));
        volumeWeeks();
        List<Alert> volume = alerts(AlertType.VOLUME_ANOMALY);
        assertThat(volume).hasSize(2);
        assertThat(volume.get(0).getSubject()).isEqualTo(SILENT);
        assertThat(volume.get(0).getTime()).isEqualTo(local("2024-04-24T11:00"));
        assertThat(volume.get(0).getObserved()).isEqualTo(300);
        assertThat(volume.get(0).getExpected()).isEqualTo(60);
        assertThat(volume.get(0).getThreshold()).isEqualTo(180);
        assertThat(volume.get(1).getState()).isEqualTo(AlertState.CLEARED);
        assertThat(volume.get(1).getTime()).isEqualTo(local("2024-04-24T12:00"));
        Baseline b = Baseline.decode(t.kv(Names.BASELINE_STORE).get(SILENT));
        int slot = Baseline.slot(local("2024-04-24T10:00").toEpochMilli());
        assertThat(b.samples(slot)).isEqualTo(2);
        assertThat(b.mean(slot)).as("EWMA: 60 + 0.3 * (300 - 60)").isCloseTo(132, within(1e-9));
    }

    @Test
    void theVolumeRuleWaitsForTheMinimumHistory() {
        start(AnalyticsConfig.defaults().with(new AnalyticsConfig.Baseline(0.3, 2)));
        volumeWeeks();
        assertThat(alerts(AlertType.VOLUME_ANOMALY)).isEmpty();
    }

    /** One call a minute 10:00-12:00 on a Wednesday; five a minute 10:00-11:00 the next Wednesday. */
    private void volumeWeeks() {
        minutes("2024-04-17T09:55", "2024-04-17T10:00", AlertRulesTest::none, true);
        minutes("2024-04-17T10:00", "2024-04-17T12:00", List::of, true);
        minutes("2024-04-17T12:00", "2024-04-17T12:05", AlertRulesTest::none, true);
        minutes("2024-04-24T09:55", "2024-04-24T10:00", AlertRulesTest::none, true);
        minutes("2024-04-24T10:00", "2024-04-24T11:00",
                m -> List.of(m, m.plusSeconds(10), m.plusSeconds(20), m.plusSeconds(30), m.plusSeconds(40)), true);
        minutes("2024-04-24T11:00", "2024-04-24T12:00", List::of, true);
        minutes("2024-04-24T12:00", "2024-04-24T12:05", AlertRulesTest::none, true);
    }

    @Test
    void alertsAreKeyedByTypeAndSubjectOnTheTopic() {
        start(AnalyticsConfig.defaults().with(new AnalyticsConfig.Baseline(0.3, 1)).with(new AnalyticsConfig.SilenceRule(Duration.ofMinutes(15), 10)));
        volumeWeeks();
        List<TestRecord<String, Alert>> records = t.alerts.readRecordsToList();
        assertThat(records).isNotEmpty().allSatisfy(r ->
                assertThat(r.key()).isEqualTo(r.value().getType() + "/" + r.value().getSubject()));
    }
}
