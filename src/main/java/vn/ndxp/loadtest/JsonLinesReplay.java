package vn.ndxp.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.EventProducers;

/**
 * Sends the events of a JSON Lines file to a topic as fast as the producer takes them. A line
 * that does not parse is reported with its number and skipped; the rest are still sent.
 */
public final class JsonLinesReplay {

    /** What happened: lines read, events sent and acknowledged, bad lines, failed sends. */
    public record Result(long lines, long badLines, long sent, long acked, long failed, String firstFailure) {
        public boolean clean() {
            return badLines == 0 && failed == 0;
        }
    }

    private JsonLinesReplay() {}

    /**
     * @param problems receives one message per bad line, naming the file and line number
     */
    public static Result run(Path file, Producer<String, DataExchangeEvent> producer, String topic,
                             Consumer<String> problems) throws IOException {
        long lines = 0;
        long bad = 0;
        long sent = 0;
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                DataExchangeEvent event;
                try {
                    event = EventJson.parse(line);
                } catch (IllegalArgumentException e) {
                    bad++;
                    problems.accept(file + ":" + lines + ": " + e.getMessage());
                    continue;
                }
                producer.send(EventProducers.record(topic, event), (meta, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error.toString());
                    }
                });
                sent++;
            }
        }
        producer.flush();
        return new Result(lines, bad, sent, acked.get(), failed.get(), firstFailure.get());
    }
}
