package vn.ndxp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;

/** The DSL baseline counts each event once for its consumer and once for its provider, by Vietnamese day. */
class DslBaselineTest {

    @Test
    void countsEachAgencyInEachRoleByTheVietnameseDay() {
        ConfluentAvroSerde<DataExchangeEvent> events = ConfluentAvroSerde.forValues(new InMemorySchemaRegistry(),
                DataExchangeEvent.class);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(DslBaseline.topology(events, "counts"), props)) {
            TestInputTopic<String, DataExchangeEvent> input = driver.createInputTopic(Topics.EXCHANGE_EVENTS,
                    Serdes.String().serializer(), events.serializer());
            Instant lateEvening = Instant.parse("2024-04-24T16:30:00Z"); // 23:30 in Hanoi
            input.pipeInput("a", Events.event("VPCP", "BCA", lateEvening));
            input.pipeInput("b", Events.event("VPCP", "BTC", lateEvening.plus(Duration.ofHours(1)))); // the next day there
            input.pipeInput("c", Events.event("BCA", "BTC", lateEvening));
            Map<String, Long> counts = driver.createOutputTopic("counts", Serdes.String().deserializer(),
                    Serdes.Long().deserializer()).readKeyValuesToMap();
            assertThat(counts).isEqualTo(Map.of(
                    "VPCP/consumer/2024-04-24", 1L, "VPCP/consumer/2024-04-25", 1L, "BCA/provider/2024-04-24", 1L,
                    "BTC/provider/2024-04-25", 1L, "BCA/consumer/2024-04-24", 1L, "BTC/provider/2024-04-24", 1L));
        }
    }
}
