package vn.ndxp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.loadtest.JsonLinesReplay;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.EventProducers;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Sends the events of a JSON Lines file to the input topic, as fast as possible.",
                "Exit code: 0 all sent, 1 some lines were bad (the others were sent), 2 some sends failed."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--file", required = true, paramLabel = "FILE",
            description = "JSON Lines: one event per line with the schema's field names.")
    Path file;

    @Option(names = "--topic", defaultValue = Topics.EXCHANGE_EVENTS, description = "Target topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(file)) {
            throw new UserException("Cannot read " + file);
        }
        JsonLinesReplay.Result r;
        long started = System.nanoTime();
        try (Producer<String, DataExchangeEvent> producer = EventProducers.create(kafka.clientProperties(),
                new RestSchemaRegistryClient(kafka.schemaRegistryUrl))) {
            r = JsonLinesReplay.run(file, producer, topic, System.err::println);
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        System.out.printf("%s: %d lines, %d events sent, %d acknowledged, %d bad lines, %d failed sends"
                        + " (%.0f events/s)%n", file, r.lines(), r.sent(), r.acked(), r.badLines(), r.failed(), r.acked() / seconds);
        if (r.failed() > 0) {
            System.err.println("First send failure: " + r.firstFailure());
            return 2;
        }
        return r.badLines() > 0 ? 1 : 0;
    }
}
