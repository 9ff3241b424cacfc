package vn.ndxp.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.testing.Events;

class JsonLinesReplayTest {
    @TempDir
    Path dir;

    @Test
    void sendsGoodLinesKeyedByEventIdAndNamesBadLinesByNumber() throws IOException {
        DataExchangeEvent first = Events.event("VPCP", "BCA", Instant.parse("2024-04-24T02:00:00Z"));
        DataExchangeEvent second = Events.event("HNI", "BTC", Instant.parse("2024-04-24T02:00:01Z"));
        Path file = dir.resolve("day.jsonl");
        Files.write(file, List.of(EventJson.format(first), "{oops", "", EventJson.format(second), "{\"eventId\":\"x\"}"));
        MockProducer<String, DataExchangeEvent> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, event) -> new byte[0]);
        List<String> problems = new ArrayList<>();

        JsonLinesReplay.Result result = JsonLinesReplay.run(file, producer, "events", problems::add);

        assertThat(result.lines()).isEqualTo(5);
        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.acked()).isEqualTo(2);
        assertThat(result.badLines()).isEqualTo(2);
        assertThat(result.clean()).isFalse();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith(file + ":2: not valid JSON");
        assertThat(problems.get(1)).startsWith(file + ":5: field \"requestTime\" is missing");
        List<ProducerRecord<String, DataExchangeEvent>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::key).containsExactly(first.getEventId(), second.getEventId());
        assertThat(sent).extracting(ProducerRecord::timestamp)
                .containsExactly(first.getRequestTime().toEpochMilli(), second.getRequestTime().toEpochMilli());
        assertThat(sent.get(1).value()).isEqualTo(second);
    }
}
