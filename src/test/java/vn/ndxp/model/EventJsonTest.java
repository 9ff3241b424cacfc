package vn.ndxp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.testing.Events;

class EventJsonTest {
    private static final String LINE = "{\"eventId\":\"e-1\",\"requestTime\":\"2024-04-24T02:00:00Z\",\"consumerAgency\":\"VPCP\","
            + "\"consumerSystem\":\"VPCP_DVCQG\",\"providerAgency\":\"BCA\",\"providerSystem\":\"BCA_CSDLQGDC\","
            + "\"serviceCode\":\"BCA_DC_XACTHUC\",\"status\":\"TIMEOUT\",\"durationMs\":30000,\"requestBytes\":900,"
            + "\"responseBytes\":0,\"gateway\":\"NDXP\"}";

    @Test
    void readsEveryFieldWithAnIsoInstant() {
        DataExchangeEvent e = EventJson.parse(LINE);
        assertThat(e.getEventId()).isEqualTo("e-1");
        assertThat(e.getRequestTime()).isEqualTo(Instant.parse("2024-04-24T02:00:00Z"));
        assertThat(e.getStatus()).isEqualTo(ExchangeStatus.TIMEOUT);
        assertThat(e.getDurationMs()).isEqualTo(30_000);
        assertThat(e.getProviderSystem()).isEqualTo("BCA_CSDLQGDC");
    }

    @Test
    void epochMillisAndIsoInstantsMeanTheSame() {
        String millis = LINE.replace("\"2024-04-24T02:00:00Z\"", Long.toString(Instant.parse("2024-04-24T02:00:00Z").toEpochMilli()));
        assertThat(EventJson.parse(millis)).isEqualTo(EventJson.parse(LINE));
    }

    @Test
    void formatAndParseRoundTrip() {
        DataExchangeEvent e = Events.event("HNI", "BTC", Instant.parse("2024-04-24T03:04:05.678Z"), ExchangeStatus.CLIENT_ERROR);
        assertThat(EventJson.parse(EventJson.format(e))).isEqualTo(e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"status\":\"TIMEOUT\"|\"status\":\"MAYBE\"|field \"status\" must be one of",
        "\"durationMs\":30000|\"durationMs\":\"slow\"|field \"durationMs\" must be a whole number",
        "\"durationMs\":30000|\"durationMs\":3000000000|field \"durationMs\" must be a whole number",
        "\"gateway\":\"NDXP\"|\"gatway\":\"NDXP\"|unknown field \"gatway\"",
        "\"requestTime\":\"2024-04-24T02:00:00Z\"|\"requestTime\":\"yesterday\"|field \"requestTime\" must be epoch milliseconds",
        "\"eventId\":\"e-1\",|''|field \"eventId\" is missing",
    })
    void aBadFieldIsNamed(String from, String to, String message) {
        assertThatThrownBy(() -> EventJson.parse(LINE.replace(from, to))).hasMessageContaining(message);
    }

    @Test
    void brokenJsonIsReportedAsSuch() {
        assertThatThrownBy(() -> EventJson.parse("{\"eventId\": ")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> EventJson.parse("[1,2]")).hasMessage("expected a JSON object");
    }
}
