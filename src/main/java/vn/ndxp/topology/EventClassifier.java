package vn.ndxp.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.WireFormatException;

/**
 * Decodes each input record and decides its fate: counted, late (past its local day's end plus
 * the grace) or rejected (undecodable or invalid). Nothing is dropped: late and rejected records
 * keep their original bytes, and rejected ones get the {@code ndxp.dlq.*} headers.
 *
 * <p>The event-time clock is the newest requestTime this input partition has seen, kept in a
 * store so that it survives restarts and is independent of the producers' record timestamps.
 */
final class EventClassifier implements Processor<byte[], byte[], byte[], Classified> {
    static final String REASON_HEADER = "ndxp.dlq.reason";
    static final String DETAIL_HEADER = "ndxp.dlq.detail";
    static final String SOURCE_TOPIC_HEADER = "ndxp.dlq.source.topic";
    static final String SOURCE_PARTITION_HEADER = "ndxp.dlq.source.partition";
    static final String SOURCE_OFFSET_HEADER = "ndxp.dlq.source.offset";
    private static final String CLOCK_KEY = "max-request-time";

    private final Deserializer<DataExchangeEvent> deserializer;
    private final long graceMs;
    private ProcessorContext<byte[], Classified> context;
    private KeyValueStore<String, Long> hygiene;
    private KeyValueStore<String, Long> clockStore;
    private long maxEventTime;

    EventClassifier(Deserializer<DataExchangeEvent> deserializer, Duration grace) {
        this.deserializer = deserializer;
        this.graceMs = grace.toMillis();
    }

    @Override
    public void init(ProcessorContext<byte[], Classified> context) {
        this.context = context;
        this.hygiene = context.getStateStore(Names.HYGIENE_STORE);
        this.clockStore = context.getStateStore(Names.EVENT_TIME_STORE);
        Long stored = clockStore.get(CLOCK_KEY);
        this.maxEventTime = stored == null ? Long.MIN_VALUE : stored;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DataExchangeEvent event;
        try {
            event = decode(record.value());
        } catch (Rejection r) {
            reject(record, r.reason, r.getMessage());
            return;
        }
        long eventTime = event.getRequestTime().toEpochMilli();
        if (eventTime > maxEventTime) {
            maxEventTime = eventTime;
            clockStore.put(CLOCK_KEY, eventTime);
        }
        if (maxEventTime >= LocalDays.endMillis(LocalDays.epochDay(eventTime)) + graceMs) {
            increment(HygieneKeys.LATE);
            context.forward(record.withValue(Classified.late(record.value())).withTimestamp(eventTime));
            return;
        }
        context.forward(record.withValue(Classified.valid(event)).withTimestamp(eventTime));
    }

    private DataExchangeEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new Rejection("empty-value", "empty-value: the record has no value");
        }
        DataExchangeEvent event;
        try {
            event = deserializer.deserialize(null, value);
        } catch (WireFormatException e) {
            throw new Rejection(e.reason().code(), e.getMessage());
        }
        EventValidation.check(event);
        return event;
    }

    private void reject(Record<byte[], byte[]> record, String reason, String detail) {
        increment(HygieneKeys.rejected(reason));
        Headers headers = record.headers();
        headers.remove(REASON_HEADER).add(REASON_HEADER, utf8(reason));
        headers.remove(DETAIL_HEADER).add(DETAIL_HEADER, utf8(detail));
        context.recordMetadata().ifPresent(meta -> addSource(headers, meta));
        context.forward(record.withValue(Classified.rejected(record.value())));
    }

    private static void addSource(Headers headers, RecordMetadata meta) {
        headers.remove(SOURCE_TOPIC_HEADER).add(SOURCE_TOPIC_HEADER, utf8(meta.topic()));
        headers.remove(SOURCE_PARTITION_HEADER).add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(meta.partition())));
        headers.remove(SOURCE_OFFSET_HEADER).add(SOURCE_OFFSET_HEADER, utf8(Long.toString(meta.offset())));
    }

    private void increment(String key) {
        Long n = hygiene.get(key);
        hygiene.put(key, n == null ? 1L : n + 1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An expected reason to refuse a record: carries the reason code, no stack trace needed. */
    static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Rejection(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
