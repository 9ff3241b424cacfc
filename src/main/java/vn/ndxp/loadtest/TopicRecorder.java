package vn.ndxp.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.EventWriter;
import vn.ndxp.model.serde.WireFormatException;
import vn.ndxp.pacing.Progress;

/**
 * Captures the events of a topic to a file: every partition, from a start to the end each
 * partition had when recording began, keeping the records in a range of record timestamps or
 * offsets.
 *
 * <p>The file interleaves the partitions by record timestamp (a k-way merge of the partitions'
 * heads), so that a paced replay sees time go forward, and keeps each partition's own order
 * untouched: replayed with the same keys into a topic with as many partitions, every partition
 * gets its records in the recorded order, so late and duplicate events are late and duplicate
 * again, and the platform's counts come out the same.
 *
 * <p>Time ranges are on record timestamps: Kafka indexes them, so the start is found without
 * reading the partition from its beginning ({@code offsetsForTimes}), and a record that does not
 * decode still has one. On the topics ndxp creates they are arrival times ({@code LogAppendTime});
 * on a {@code CreateTime} topic, the requestTime every ndxp producer sets.
 */
public final class TopicRecorder {
    /** Records buffered per partition for the merge. */
    private static final int BUFFER = 5_000;
    private static final Duration POLL = Duration.ofMillis(200);
    /** Polls in a row that bring nothing while partitions still have records to read: the broker is gone. */
    private static final int MAX_IDLE_POLLS = 300;
    /** Undecodable records reported one by one; the rest are only counted. */
    private static final int REPORTED = 10;

    /**
     * Which records to keep: record timestamps in [from, to) and offsets in [fromOffset, toOffset)
     * of every partition; a null bound is open.
     */
    public record Range(Instant from, Instant to, Long fromOffset, Long toOffset) {
        public static final Range ALL = new Range(null, null, null, null);

        boolean contains(long timestamp) {
            return (from == null || timestamp >= from.toEpochMilli()) && (to == null || timestamp < to.toEpochMilli());
        }
    }

    /** What was read and written; undecodable records by reason ({@code bad-magic}, {@code null-value}, ...). */
    public record Result(long read, long written, long outOfRange, Map<String, Long> undecodable) {
        public long undecodableTotal() {
            return undecodable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<DataExchangeEvent> decoder;
    private final EventWriter writer;
    private final Consumer<String> problems;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    private final Map<TopicPartition, Long> stops = new HashMap<>();
    private final Set<TopicPartition> reading = new HashSet<>();
    private final Map<String, Long> undecodable = new TreeMap<>();
    private long read;
    private long outOfRange;

    private TopicRecorder(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic,
                          Deserializer<DataExchangeEvent> decoder, EventWriter writer, Consumer<String> problems) {
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = decoder;
        this.writer = writer;
        this.problems = problems;
    }

    /**
     * @param consumer  a consumer of raw bytes without a group (partitions are assigned, nothing committed)
     * @param problems  receives a message per undecodable record (the first few) naming partition and offset
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static Result record(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic,
                                Range range, Deserializer<DataExchangeEvent> decoder, EventWriter writer,
                                Consumer<String> problems) {
        return new TopicRecorder(consumer, topic, decoder, writer, problems).run(range);
    }

    private Result run(Range range) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> byTime = range.from() == null ? Map.of()
                : consumer.offsetsForTimes(toMap(partitions, range.from().toEpochMilli()));
        long totalToRead = 0;
        for (TopicPartition tp : partitions) {
            long first = begin.get(tp);
            long last = end.get(tp);
            long start = first;
            if (range.fromOffset() != null) {
                start = Math.max(start, range.fromOffset());
            }
            if (range.from() != null) {
                OffsetAndTimestamp t = byTime.get(tp);
                start = Math.max(start, t == null ? last : t.offset());
            }
            long stop = range.toOffset() == null ? last : Math.min(last, range.toOffset());
            buffers.put(tp, new ArrayDeque<>());
            stops.put(tp, stop);
            if (start < stop) {
                consumer.seek(tp, start);
                reading.add(tp);
                totalToRead += stop - start;
            }
        }
        try (Progress progress = new Progress("records", totalToRead)) {
            int idle = 0;
            while (!reading.isEmpty()) {
                while (everyReadingPartitionHasAHead()) {
                    emit(progress);
                }
                int fetched = poll(range);
                idle = fetched > 0 ? 0 : idle + 1;
                if (idle > MAX_IDLE_POLLS) {
                    throw new IllegalStateException("No records from " + reading + " for " + MAX_IDLE_POLLS * POLL.toMillis()
                            / 1000 + " s although they end later: is the broker still there?");
                }
            }
            while (!allEmpty()) {
                emit(progress);
            }
        }
        return new Result(read, writer.written(), outOfRange, undecodable);
    }

    private int poll(Range range) {
        for (TopicPartition tp : reading) {
            if (buffers.get(tp).size() >= BUFFER) {
                consumer.pause(List.of(tp));
            } else {
                consumer.resume(List.of(tp));
            }
        }
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= stops.get(tp)) {
                continue;
            }
            n++;
            read++;
            if (range.contains(r.timestamp())) {
                buffers.get(tp).add(r);
            } else {
                outOfRange++;
            }
        }
        reading.removeIf(tp -> consumer.position(tp) >= stops.get(tp));
        return n;
    }

    private boolean everyReadingPartitionHasAHead() {
        if (allEmpty()) {
            return false;
        }
        for (TopicPartition tp : reading) {
            if (buffers.get(tp).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private boolean allEmpty() {
        return buffers.values().stream().allMatch(ArrayDeque::isEmpty);
    }

    /** Writes the head with the smallest timestamp (ties: the lower partition). */
    private void emit(Progress progress) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> best = null;
        for (ArrayDeque<ConsumerRecord<byte[], byte[]>> b : buffers.values()) {
            if (!b.isEmpty() && (best == null || before(b.peek(), best.peek()))) {
                best = b;
            }
        }
        ConsumerRecord<byte[], byte[]> r = best.poll();
        DataExchangeEvent event;
        try {
            event = r.value() == null ? null : decoder.deserialize(r.topic(), r.value());
        } catch (WireFormatException e) {
            undecodable(r, e.reason().code(), e.getMessage());
            return;
        }
        if (event == null) {
            undecodable(r, "null-value", "no value (a tombstone)");
            return;
        }
        writer.write(event);
        progress.update(writer.written(), n -> "at " + Instant.ofEpochMilli(r.timestamp()));
    }

    private static boolean before(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.timestamp() < b.timestamp() || a.timestamp() == b.timestamp() && a.partition() < b.partition();
    }

    private void undecodable(ConsumerRecord<byte[], byte[]> r, String reason, String detail) {
        undecodable.merge(reason, 1L, Long::sum);
        long total = undecodable.values().stream().mapToLong(Long::longValue).sum();
        if (total <= REPORTED) {
            problems.accept(String.format("%s partition %d offset %d: not written: %s", r.topic(), r.partition(), r.offset(),
                    detail.startsWith(reason) ? detail : reason + ": " + detail));
        } else if (total == REPORTED + 1) {
            problems.accept("More undecodable records are only counted.");
        }
    }

    private static Map<TopicPartition, Long> toMap(List<TopicPartition> partitions, long value) {
        Map<TopicPartition, Long> m = new HashMap<>();
        partitions.forEach(tp -> m.put(tp, value));
        return m;
    }
}
