package vn.ndxp.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ndxp.simulator.output.KafkaRecordSink;

/**
 * The broker's own ceiling on this machine, as kafka-producer-perf-test and a plain consumer see
 * it: pre-serialized records of the events' real sizes, no per-record work of ours, sent with the
 * simulator's producer settings, so that the simulator's ratio to it is the cost of simulating.
 *
 * <p>The records are the events' own, keys (eventIds) included, so they weigh and spread over the
 * partitions as the simulator's do. (kafka-producer-perf-test sends no keys, which lets the sticky
 * partitioner fill one partition's batch at a time; here that made no difference: three keyless
 * and keyed runs in turn, 0.83-1.10 and 0.85-1.21 M records/s.)
 */
final class RawThroughput {
    private RawThroughput() {}

    /** One pre-serialized record: the key and value bytes the simulator sends for an event. */
    record Raw(byte[] key, byte[] value) {}

    static Measurement produce(String bootstrap, String topic, List<Raw> records, long count) {
        AtomicLong failed = new AtomicLong();
        long bytes = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaRecordSink.producerProperties(Map.of("bootstrap.servers", bootstrap)), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                Raw r = records.get((int) (i % records.size()));
                bytes += r.value().length;
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (meta, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " raw records were not acknowledged");
        }
        return new Measurement("raw producer", count, bytes, (System.nanoTime() - start) / 1e9);
    }

    static Measurement consume(String bootstrap, String topic, long count) {
        long bytes = 0;
        long n = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap, "group.id", "bench-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "enable.auto.commit", false,
                "max.poll.records", 5_000, "fetch.max.bytes", 64 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (n < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    bytes += r.serializedValueSize();
                    n++;
                }
            }
        }
        if (n < count) {
            throw new IllegalStateException("read only " + n + " of " + count + " raw records");
        }
        return new Measurement("raw consumer", n, bytes, (System.nanoTime() - start) / 1e9);
    }
}
