package vn.ndxp.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.model.serde.SchemaRegistryException;
import vn.ndxp.model.serde.WireFormatException;
import vn.ndxp.time.LocalDays;
import vn.ndxp.time.PlatformClock;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Decodes each input record and decides its fate: counted, a duplicate (dropped and counted as
 * such), late (past its local day's end plus the grace) or rejected (undecodable or breaking an
 * {@link EventValidation} rule). Nothing is lost: late and rejected records keep their original
 * bytes, and rejected ones get the {@link DeadLetterHeaders}.
 *
 * <p>Each record goes straight to the one child node that wants it: a valid event, decoded, to the
 * analytics' combiner; a late or rejected record, as it came, to its topic's sink. A split after
 * this node would cost two more node hops per event for a choice already made here.
 *
 * <p>The event-time clock is the newest requestTime this input partition has seen, kept in a
 * store so that it survives restarts and is independent of the producers' record timestamps.
 * Rejected events never move it, so one record from a broken clock cannot make everything after
 * it late.
 *
 * <p>Duplicates are recognised by the eventId inside the value, within this input partition.
 * Producers key by eventId, so every copy of an event lands in the same partition; a producer
 * that keys otherwise gets duplicates recognised only when its copies share a partition.
 *
 * <p>A {@link SchemaRegistryException} (registry unreachable) is not the record's fault: the
 * lookup is retried in place, which rides out a registry restart of a few seconds without
 * disturbing anything, but only while a further attempt, at its full request timeout, still ends
 * within {@link #REGISTRY_DEADLINE_MS} of the first: a registry that is slow or down holds the
 * stream thread at most that long per record, well under the 10 s transaction timeout of
 * exactly-once. Then the exception fails the stream thread, which the runner replaces after a
 * pause; under exactly-once the record is read again from the last commit. Either way nothing
 * good goes to the dead letters for it.
 *
 * <p>One class of over 300 lines because a record's fate is decided in one pass over its one
 * decoded event, against one clock and one dedup table; the rules ({@link EventValidation}), the
 * headers ({@link DeadLetterHeaders}) and the dedup table ({@link EventIdDedup}) have their own.
 */
final class EventClassifier implements Processor<byte[], byte[], byte[], Object> {
    /** Beside the eventId journal, whose keys start with 'I'. */
    private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {'C'});
    /** Pauses between registry lookups. */
    private static final long[] REGISTRY_RETRY_MS = {250, 1_000, 2_000};
    /** The longest one record may hold the stream thread waiting for the registry. */
    static final long REGISTRY_DEADLINE_MS = 6_000;
    private static final long LOOKUP_TIMEOUT_MS = RestSchemaRegistryClient.REQUEST_TIMEOUT.toMillis();

    private final Deserializer<DataExchangeEvent> deserializer;
    private final long graceMs;
    private final EventValidation validation;
    private final long dedupRetentionMs;
    private final int dedupMaxIds;
    private final int maxRecordBytes;
    private final long maxSkewMs;
    private final int clockQuorum;
    private final TaskCounters counters;
    /** This task's name in {@link #counters}. */
    private String task;
    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<String, Long> hygiene;
    private KeyValueStore<Bytes, byte[]> state;
    private EventIdDedup dedup;
    /** What the hygiene store holds of the dedup's figures, to write them only when they change. */
    private int dedupIdsWritten;
    private long forgottenEarlyWritten;
    private PlatformClock clock;
    /** Wall-clock time at which the clock last moved: a quiet partition's clock is judged to run on meanwhile. */
    private long clockMovedAtMs;
    /** Per consumer system set aside as clock-ahead: how far ahead, as last written to the hygiene store. */
    private final Map<String, Long> aheadWritten = new HashMap<>();

    EventClassifier(Deserializer<DataExchangeEvent> deserializer, Duration grace, InputRules rules, Duration dedupRetention) {
        this(deserializer, grace, rules, dedupRetention, TaskCounters.discarding());
    }

    EventClassifier(Deserializer<DataExchangeEvent> deserializer, Duration grace, InputRules rules, Duration dedupRetention,
                    TaskCounters counters) {
        this.counters = counters;
        this.deserializer = deserializer;
        this.graceMs = grace.toMillis();
        this.validation = new EventValidation(rules);
        this.dedupRetentionMs = dedupRetention.toMillis();
        this.dedupMaxIds = rules.dedupMaxIds();
        this.maxRecordBytes = rules.maxRecordBytes();
        this.maxSkewMs = rules.maxSkew().toMillis();
        this.clockQuorum = rules.clockQuorum();
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.hygiene = context.getStateStore(Names.HYGIENE_STORE);
        CommitHookStore store = context.getStateStore(Names.EVENT_IDS_STORE);
        this.state = store.data();
        this.dedup = new EventIdDedup(state, dedupRetentionMs, dedupMaxIds,
                Topics.EXCHANGE_EVENTS + "-" + context.taskId().partition());
        dedupIdsWritten = -1;
        forgottenEarlyWritten = 0;
        // Kafka Streams keeps the processor across a task's close and re-init: only the stores hold what was committed.
        this.clock = new PlatformClock(clockQuorum);
        byte[] saved = state.get(CLOCK_KEY);
        if (saved != null) {
            clock.restore(saved);
        }
        this.clockMovedAtMs = context.currentSystemTimeMs();
        aheadWritten.clear();
        try (KeyValueIterator<String, Long> it = hygiene.prefixScan(HygieneKeys.CLOCK_AHEAD_PREFIX, new StringSerializer())) {
            it.forEachRemaining(kv -> aheadWritten.put(kv.key.substring(HygieneKeys.CLOCK_AHEAD_PREFIX.length()), kv.value));
        }
        store.beforeCommit(this::beforeCommit);
        task = "hygiene/" + context.taskId().partition();
        counters.started(task, hygieneCounters());
    }


    /** The hygiene store's counters (not its gauges: dedup sizes, clocks ahead), as {@link TaskCounters} takes them. */
    private Map<String, Long> hygieneCounters() {
        Map<String, Long> values = new HashMap<>();
        try (KeyValueIterator<String, Long> it = hygiene.all()) {
            it.forEachRemaining(kv -> {
                if (HygieneKeys.isCounter(kv.key)) {
                    values.put(kv.key, kv.value);
                }
            });
        }
        return values;
    }

    /** The eventIds and the clock, as they are at this commit; the dedup's figures for the metrics. */
    private void beforeCommit() {
        dedup.writeJournal();
        state.put(CLOCK_KEY, clock.encode());
        if (dedup.size() != dedupIdsWritten) {
            dedupIdsWritten = dedup.size();
            hygiene.put(HygieneKeys.DEDUP_IDS, (long) dedupIdsWritten);
            hygiene.put(HygieneKeys.DEDUP_MAX_IDS, (long) dedupMaxIds);
        }
        long forgotten = dedup.forgottenEarly();
        if (forgotten != forgottenEarlyWritten) {
            Long n = hygiene.get(HygieneKeys.DEDUP_FORGOTTEN_EARLY);
            hygiene.put(HygieneKeys.DEDUP_FORGOTTEN_EARLY, (n == null ? 0 : n) + forgotten - forgottenEarlyWritten);
            forgottenEarlyWritten = forgotten;
        }
        counters.committed(task, hygieneCounters());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DataExchangeEvent event;
        try {
            event = decode(record.value());
            validation.check(event, context.currentSystemTimeMs());
        } catch (Rejection r) {
            reject(record, r.reason, r.getMessage());
            return;
        }
        long eventTime = event.getRequestTime().toEpochMilli();
        if (isAheadOfTheClock(record, event, eventTime)) {
            return;
        }
        if (dedup.seen(event.getEventId())) {
            increment(HygieneKeys.DUPLICATE);
            return;
        }
        long now = clock.now();
        // Late events are remembered too, so that the late topic gets each of them once.
        dedup.rememberLastSeen(eventTime, now);
        if (now >= LocalDays.endMillis(LocalDays.epochDay(eventTime)) + graceMs) {
            long size = sizeOf(record);
            if (size <= maxRecordBytes) {
                increment(HygieneKeys.LATE);
                context.forward(record.withTimestamp(eventTime), Names.LATE_SINK);
            } else {
                forwardReference(record, size, HygieneKeys.LATE, null);
            }
            return;
        }
        // The producer's headers stop here: counts are not about any single input record.
        context.forward(new Record<>(record.key(), event, eventTime), Names.ANALYTICS_COMBINE);
    }

    /**
     * Moves the clock with the event's system, and sets the event aside as {@code clock-ahead} if
     * it is more than the allowed skew ahead of the clock as it stood, which a quiet partition's
     * clock is judged to keep up with the wall clock meanwhile (a live platform at night).
     */
    private boolean isAheadOfTheClock(Record<byte[], byte[]> record, DataExchangeEvent event, long eventTime) {
        String system = event.getConsumerSystem();
        long before = clock.now();
        long nowMs = context.currentSystemTimeMs();
        long ahead = clock.hasQuorum() ? eventTime - before - Math.max(0, nowMs - clockMovedAtMs) : 0;
        clock.observe(system, eventTime);
        if (clock.now() != before) {
            clockMovedAtMs = nowMs;
        }
        if (ahead > maxSkewMs) {
            writeAhead(system, ahead);
            reject(record, RejectReason.CLOCK_AHEAD, "requestTime " + event.getRequestTime() + " of consumerSystem "
                    + system + " is " + Duration.ofMillis(ahead) + " ahead of the platform's clock "
                    + Instant.ofEpochMilli(before) + " (the " + clockQuorum + " newest systems' clocks agree on"
                    + " it), more than --max-skew " + Duration.ofMillis(maxSkewMs));
            return true;
        }
        writeAhead(system, 0);
        return false;
    }

    /** Keeps {@code ndxp_system_clock_ahead_seconds} per system; a system never set aside costs a map miss. */
    private void writeAhead(String system, long aheadMs) {
        Long written = aheadWritten.get(system);
        long last = written == null ? 0 : written;
        boolean unchanged = aheadMs == 0 ? last == 0 : last != 0 && Math.abs(last - aheadMs) < 1_000;
        if (unchanged) {
            return;
        }
        aheadWritten.put(system, aheadMs);
        hygiene.put(HygieneKeys.clockAhead(system), aheadMs);
    }

    private DataExchangeEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new Rejection(RejectReason.EMPTY_VALUE, "the record has no value");
        }
        try {
            return deserializeRetryingRegistry(value);
        } catch (WireFormatException e) {
            RejectReason reason = RejectReason.of(e.reason());
            String prefix = reason.code() + ": ";
            String message = e.getMessage();
            throw new Rejection(reason, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        } catch (SchemaRegistryException e) {
            throw e; // the registry's fault, not the record's: see the class comment
        } catch (RuntimeException e) {
            // Bytes that trip the decoder in a way no rule foresaw are still the record's fault: a
            // dead letter, never an exception that stops the thread on the same record after every restart.
            throw new Rejection(RejectReason.UNDECODABLE, "the decoder failed: " + e);
        }
    }

    private DataExchangeEvent deserializeRetryingRegistry(byte[] value) {
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                return deserializer.deserialize(null, value);
            } catch (SchemaRegistryException e) {
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (attempt == REGISTRY_RETRY_MS.length
                        || elapsedMs + REGISTRY_RETRY_MS[attempt] + LOOKUP_TIMEOUT_MS > REGISTRY_DEADLINE_MS) {
                    throw e;
                }
                pause(REGISTRY_RETRY_MS[attempt]);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reject(Record<byte[], byte[]> record, RejectReason reason, String detail) {
        Headers headers = record.headers();
        set(headers, DeadLetterHeaders.REASON, reason.code());
        set(headers, DeadLetterHeaders.DETAIL, detail);
        context.recordMetadata().ifPresent(meta -> addSource(headers, meta));
        long size = sizeOf(record);
        if (size > maxRecordBytes) {
            forwardReference(record, size, reason.code(), detail);
            return;
        }
        increment(HygieneKeys.rejected(reason.code()));
        context.forward(record, Names.DLQ_SINK);
    }

    private static long sizeOf(Record<byte[], byte[]> record) {
        return TooLargeRecords.sizeOf(record.key(), record.value(), record.headers());
    }

    /** In place of a record too large to copy out: a {@link TooLargeRecords reference} to it on the dead letters. */
    private void forwardReference(Record<byte[], byte[]> record, long size, String originalReason, String detail) {
        increment(HygieneKeys.rejected(RejectReason.TOO_LARGE.code()));
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        String why = "over the producer's max.request.size (" + maxRecordBytes + ") with its headers"
                + (detail == null ? "" : " (" + detail + ")");
        Headers headers = TooLargeRecords.referenceHeaders(originalReason, why, size,
                meta.topic(), meta.partition(), meta.offset());
        context.forward(new Record<byte[], byte[]>(TooLargeRecords.referenceKey(record.key()), null,
                record.timestamp(), headers), Names.DLQ_SINK);
    }

    private static void addSource(Headers headers, RecordMetadata meta) {
        set(headers, DeadLetterHeaders.SOURCE_TOPIC, meta.topic());
        set(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(meta.partition()));
        set(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(meta.offset()));
    }

    private static void set(Headers headers, String name, String value) {
        headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void increment(String key) {
        Long n = hygiene.get(key);
        hygiene.put(key, n == null ? 1L : n + 1);
    }

    /** An expected reason to refuse a record: carries the reason, no stack trace needed. */
    static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RejectReason reason;

        /** The message becomes {@code "<reason code>: <detail>"}, as in the detail header. */
        Rejection(RejectReason reason, String detail) {
            super(reason.code() + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }
}
