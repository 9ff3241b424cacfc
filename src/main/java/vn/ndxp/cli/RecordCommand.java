package vn.ndxp.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.loadtest.TopicRecorder;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.AvroEventWriter;
import vn.ndxp.model.file.EventFileFormat;
import vn.ndxp.model.file.EventWriter;
import vn.ndxp.model.serde.ConfluentAvroSerde;

@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Captures the events of a topic (all partitions) to a file that `replay` reads: an Avro "
                        + "object container (schema embedded, compressed) or JSON Lines. Reads each partition up to "
                        + "the end it had when recording began and keeps the records in the range; records that do "
                        + "not decode are counted and reported, not written. Partitions are interleaved by record "
                        + "timestamp, each in its own order.",
                "Exit code: 0 every record in the range written, 1 some did not decode."})
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--topic", defaultValue = Topics.EXCHANGE_EVENTS, description = "Topic to record (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced if it exists).")
    Path out;

    @Option(names = "--format", paramLabel = "avro|jsonl", converter = FormatConverter.class,
            description = "avro (the default) or jsonl; without it a name ending in .jsonl means JSON Lines.")
    EventFileFormat format;

    @Option(names = "--codec", defaultValue = AvroEventWriter.DEFAULT_CODEC,
            description = "Avro compression: deflate (every Avro reader has it), zstandard, snappy or null (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Keep records whose timestamp is at or after this, e.g. 2024-04-24T01:00:00Z. On the"
                    + " topics ndxp creates that is when the broker received them (LogAppendTime); on CreateTime"
                    + " topics, the requestTime ndxp producers set.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Keep records whose timestamp is before this.")
    Instant to;

    @Option(names = "--from-offset", paramLabel = "N", description = "Start every partition at this offset.")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "N", description = "Stop every partition before this offset.")
    Long toOffset;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new UserException("--from " + from + " must be before --to " + to);
        }
        EventFileFormat chosen = EventFileFormat.forOutput(out, format, EventFileFormat.AVRO);
        long started = System.nanoTime();
        TopicRecorder.Result r;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             EventWriter writer = open(chosen)) {
            r = TopicRecorder.record(consumer, topic, new TopicRecorder.Range(from, to, fromOffset, toOffset),
                    ConfluentAvroSerde.forValues(kafka.registry(), DataExchangeEvent.class)
                            .deserializer(), writer, System.err::println);
            writer.finish();
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %,d events from %s (%s) in %.1f s (%,.0f/s); %,d records read, %,d outside the range,"
                        + " %,d undecodable%s%n", out, r.written(), topic, chosen.name().toLowerCase(java.util.Locale.ROOT),
                seconds, r.written() / Math.max(1e-9, seconds), r.read(), r.outOfRange(), r.undecodableTotal(),
                r.undecodable().isEmpty() ? "" : " " + r.undecodable());
        return r.undecodableTotal() > 0 ? 1 : 0;
    }

    private EventWriter open(EventFileFormat chosen) {
        try {
            return EventWriter.open(out, chosen, codec);
        } catch (IllegalArgumentException e) {
            throw new UserException("--codec: " + e.getMessage());
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ndxp-record");
        props.putAll(kafka.clientProperties());
        return props;
    }
}
