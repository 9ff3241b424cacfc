package vn.ndxp.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.simulator.GroundTruth;
import vn.ndxp.time.LocalDays;

/**
 * The measuring stick for the topology: the daily counts as a Kafka Streams user would write them,
 * in the style of the Kafka Streams examples (WikipediaFeedAvroExample maps each Avro value to a
 * new key and counts by key). The value decoded to {@link DataExchangeEvent} by the project's
 * Confluent serde, as {@code KafkaAvroDeserializer} would; one record per agency and role keyed
 * {@code AGENCY/role/YYYY-MM-DD} (the Vietnamese day), carrying the event; {@code groupByKey().count()}
 * with the default store and cache; the counts to a topic. Kafka Streams' defaults but for the
 * guarantee. No deduplication, lateness or analytics: the bench's pre-loaded days have no
 * duplicates and no late events, so these counts must equal the ground truth too.
 *
 * <p>{@link #main} runs it in a JVM of its own; {@link #watch} times it from the bench's JVM.
 */
final class DslBaseline {
    private DslBaseline() {}

    static Topology topology(Serde<DataExchangeEvent> events, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EXCHANGE_EVENTS, Consumed.with(Serdes.String(), events))
                .flatMap((id, e) -> {
                    String day = LocalDays.date(e.getRequestTime().toEpochMilli()).toString();
                    return List.of(KeyValue.pair(e.getConsumerAgency() + "/consumer/" + day, e),
                            KeyValue.pair(e.getProviderAgency() + "/provider/" + day, e));
                })
                .groupByKey(Grouped.with(Serdes.String(), events))
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /** Arguments: bootstrap servers, schema registry URL, application id, state directory, guarantee, output topic. */
    public static void main(String[] args) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[2]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[3]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[4]);
        Serde<DataExchangeEvent> events = ConfluentAvroSerde.forValues(new RestSchemaRegistryClient(args[1]),
                DataExchangeEvent.class);
        KafkaStreams streams = new KafkaStreams(topology(events, args[5]), props);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(10)), "baseline-stop"));
        streams.start();
        stopped.await();
        streams.close(Duration.ofSeconds(10));
    }

    /** The counts it must end with, {@code AGENCY/role/YYYY-MM-DD} -> count. */
    static Map<String, Long> expected(GroundTruth truth) {
        Map<String, Long> expected = new HashMap<>();
        for (String key : truth.keys()) {
            String[] k = key.split("/"); // date/agency/role
            expected.put(k[1] + "/" + k[2] + "/" + k[0], truth.count(LocalDate.parse(k[0]), k[1], k[2]));
        }
        return expected;
    }

    /**
     * Reads the baseline's committed counts until they equal {@code expected}, and times it as the
     * app is timed: from the first counts seen to the last, over the events counted in between (each
     * counted twice, once per role).
     *
     * @param stall how long the counts may stay still before the run is called stuck
     */
    static Measurement watch(String name, String bootstrap, String output, Map<String, Long> expected,
                             StreamsProcess baseline, Duration stall) {
        long started = System.nanoTime();
        Map<String, Long> counts = new HashMap<>();
        long sum = 0;
        Sample first = null;
        long lastChange = started;
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", false,
                "isolation.level", "read_committed"), Serdes.String().deserializer(), Serdes.Long().deserializer())) {
            consumer.subscribe(List.of(output));
            while (true) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(250))) {
                    Long before = counts.put(r.key(), r.value());
                    sum += r.value() - (before == null ? 0 : before);
                    lastChange = System.nanoTime();
                }
                long now = System.nanoTime();
                if (first == null && sum > 0) {
                    first = new Sample(now, sum / 2);
                }
                if (counts.equals(expected)) {
                    // A day so small that the first poll saw it whole is timed from the start.
                    return first.events() < sum / 2
                            ? new Measurement(name, sum / 2 - first.events(), 0, (now - first.nanos()) / 1e9)
                            : new Measurement(name, sum / 2, 0, (now - started) / 1e9);
                }
                if (!baseline.alive() || now - lastChange > stall.toNanos()) {
                    throw new IllegalStateException(name + ": counts did not reach the ground truth (" + sum / 2
                            + " events counted so far): " + (baseline.alive() ? "nothing more counted for "
                            + stall.toMinutes() + " min" : "the baseline exited; see its log in the work directory"));
                }
            }
        }
    }
}
