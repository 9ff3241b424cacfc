package vn.ndxp.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import vn.ndxp.model.DeadLetterHeaders;

/**
 * Reads the dead-letter topic for people: what is there, why, and the records themselves so that
 * they can be re-sent once their cause is fixed. Reads without a consumer group (nothing is
 * committed, any number of people may look at once) up to the end the topic had when the scan
 * began, and only committed records, as the exactly-once app wrote them.
 */
public final class DeadLetters {
    /** A scan that makes no progress for this long fails rather than hang. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private DeadLetters() {}

    /** One dead letter: where it sits on the dead-letter topic, its original bytes and its headers. */
    public record DeadLetter(int partition, long offset, long timestamp, byte[] key, byte[] value, Headers headers) {
        public String reason() {
            String r = header(DeadLetterHeaders.REASON);
            return r == null ? "(none)" : r;
        }

        /** The detail without the leading reason code it repeats. */
        public String detail() {
            String d = header(DeadLetterHeaders.DETAIL);
            if (d == null) {
                return "";
            }
            String prefix = reason() + ": ";
            return d.startsWith(prefix) ? d.substring(prefix.length()) : d;
        }

        /** {@code topic/partition/offset} of the input record, or empty if unknown. */
        public String source() {
            String topic = header(DeadLetterHeaders.SOURCE_TOPIC);
            return topic == null ? "" : topic + '/' + header(DeadLetterHeaders.SOURCE_PARTITION) + '/'
                    + header(DeadLetterHeaders.SOURCE_OFFSET);
        }

        public String header(String name) {
            Header h = headers.lastHeader(name);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        /** A {@code too-large} dead letter: it points at the original instead of holding it. */
        public boolean isReference() {
            return value == null && "too-large".equals(reason());
        }

        /**
         * The original record again, for {@code topic}: same key, value and timestamp, the
         * producer's own headers, and instead of the {@code ndxp.dlq.*} ones a single
         * {@link DeadLetterHeaders#RESENT_FROM} pointing back here.
         */
        public ProducerRecord<byte[], byte[]> toResend(String topic) {
            RecordHeaders out = new RecordHeaders();
            for (Header h : headers) {
                if (!h.key().startsWith(DeadLetterHeaders.PREFIX)) {
                    out.add(h);
                }
            }
            out.add(DeadLetterHeaders.RESENT_FROM, (partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
            return new ProducerRecord<>(topic, null, timestamp, key, value, out);
        }
    }

    /**
     * @param total     dead letters read
     * @param byReason  all of them by reason, sorted by reason
     * @param matched   those that passed the reason filter
     * @param first     the first {@code limit} matched ones
     */
    public record Summary(long total, Map<String, Long> byReason, long matched, List<DeadLetter> first) {}

    /**
     * Reads the whole topic as it is now.
     *
     * @param reasons only these reasons are matched; empty for all
     * @param limit   how many matched dead letters to keep in {@link Summary#first()}
     * @param onMatch receives every matched dead letter, in offset order within each partition
     */
    public static Summary scan(Map<String, Object> clientProps, String topic, Set<String> reasons, int limit,
                               Consumer<DeadLetter> onMatch) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // How long to wait for an unreachable cluster before giving up: half the consumer's default.
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.keySet().retainAll(ConsumerConfig.configNames());
        Map<String, Long> byReason = new TreeMap<>();
        List<DeadLetter> first = new ArrayList<>();
        long total = 0;
        long matched = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long lastProgress = System.nanoTime();
            while (!reachedEnd(consumer, ends)) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("Reading " + topic + " made no progress for " + STALL_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // arrived after the scan began
                    }
                    DeadLetter letter = new DeadLetter(r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
                    total++;
                    byReason.merge(letter.reason(), 1L, Long::sum);
                    if (reasons.isEmpty() || reasons.contains(letter.reason())) {
                        matched++;
                        if (first.size() < limit) {
                            first.add(letter);
                        }
                        onMatch.accept(letter);
                    }
                }
            }
        }
        return new Summary(total, Collections.unmodifiableMap(byReason), matched, List.copyOf(first));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
