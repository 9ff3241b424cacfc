package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.avro.Role;

class AgencyDayKeyTest {

    @Test
    void aKeyReadsBackAsWritten() {
        String key = AgencyDayKey.format("BCA", Role.PROVIDER, LocalDate.of(2026, 2, 17).toEpochDay());

        assertThat(key).isEqualTo("BCA/provider/2026-02-17");
        assertThat(AgencyDayKey.parse(key)).isEqualTo(new AgencyDayKey("BCA", Role.PROVIDER, LocalDate.of(2026, 2, 17)));
    }

    @Test
    void theTotalsKeyIsTheAgencyAndRoleOfTheDailyKey() {
        String agencyRole = AgencyDayKey.agencyRole("BTP/consumer/2026-12-07");

        assertThat(agencyRole).isEqualTo("BTP/consumer");
        assertThat(AgencyDayKey.agencyOf(agencyRole)).isEqualTo("BTP");
        assertThat(AgencyDayKey.roleOf(agencyRole)).isEqualTo("consumer");
    }

    @Test
    void aKeyWithoutItsThreePartsIsRefusedByName() {
        assertThatThrownBy(() -> AgencyDayKey.parse("BCA-2026-02-17"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BCA-2026-02-17");
    }
}
