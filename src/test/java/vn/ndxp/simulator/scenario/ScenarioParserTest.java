package vn.ndxp.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {

    @Test
    void readsEveryScenarioWithItsDefaults() {
        assertThat(ScenarioParser.parse("outage:system=BCA_CSDLQGDC,from=09:00,to=10:30,mode=timeout"))
                .isEqualTo(new Scenario.Outage("BCA_CSDLQGDC", new TimeWindow(LocalTime.of(9, 0), LocalTime.of(10, 30), null),
                        Scenario.Outage.Mode.TIMEOUT));
        assertThat(ScenarioParser.parse("silent:system=HNI_MOTCUA,from=08:00,to=11:00,date=2024-04-24"))
                .isEqualTo(new Scenario.Silence("HNI_MOTCUA",
                        new TimeWindow(LocalTime.of(8, 0), LocalTime.of(11, 0), LocalDate.of(2024, 4, 24))));
        assertThat(ScenarioParser.parse("late:fraction=0.01")).isEqualTo(new Scenario.Late(0.01, Duration.ofHours(8)));
        assertThat(ScenarioParser.parse("duplicates:fraction=0.5,max-delay=90s"))
                .isEqualTo(new Scenario.Duplicates(0.5, Duration.ofSeconds(90)));
        assertThat(ScenarioParser.parse("surge:factor=2.5,from=14:00,to=15:00,agency=BTC"))
                .isEqualTo(new Scenario.Surge(2.5, new TimeWindow(LocalTime.of(14, 0), LocalTime.of(15, 0), null), "BTC"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "storm:fraction=0.1|unknown scenario 'storm'",
        "outage:sytem=X,from=09:00,to=10:00|unknown parameter 'sytem'",
        "outage:from=09:00,to=10:00|parameter 'system' is required",
        "late:fraction=1.5|fraction must be between 0 and 1",
        "surge:factor=x,from=09:00,to=10:00|factor must be a number",
        "silent:system=X,from=10:00,to=09:00|must end after it starts",
        "silent:system=X,from=9am,to=10:00|9am is not a time",
        "late:fraction=0.1,delay=soon|delay: 'soon' is not a duration",
    })
    void aBadSpecIsExplained(String spec, String message) {
        assertThatThrownBy(() -> ScenarioParser.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aWindowIsLocalTime() {
        TimeWindow nineToTen = new TimeWindow(LocalTime.of(9, 0), LocalTime.of(10, 0), null);
        assertThat(nineToTen.contains(Instant.parse("2024-04-24T02:00:00Z").toEpochMilli())).isTrue();
        assertThat(nineToTen.contains(Instant.parse("2024-04-24T02:59:59.999Z").toEpochMilli())).isTrue();
        assertThat(nineToTen.contains(Instant.parse("2024-04-24T03:00:00Z").toEpochMilli())).isFalse();
        assertThat(nineToTen.contains(Instant.parse("2024-04-24T09:00:00Z").toEpochMilli())).isFalse();
    }
}
