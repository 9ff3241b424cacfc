package vn.ndxp.topology;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the eventIds of one input partition, to recognise a redelivery.
 *
 * <p>Lookups are answered from memory ({@link EventIdSet}: 128 bits per id). What survives a
 * restart is a journal in the task's store, written once per commit ({@link #writeJournal()}): one
 * record per event-time hour that got new ids since the previous commit, keyed
 * {@code 'I', hour, sequence} (big-endian, the hour's sign bit flipped so that the keys sort by
 * hour), holding the ids as pairs of longs. Whole hours are forgotten, in memory and in the
 * journal, once the partition's clock has passed them by the retention: the hour's journal records
 * (and its ids not yet written) say which ids to take out of memory. So a fast replay writes a few
 * records per commit instead of one per event, at live rates about one small record per commit,
 * and forgetting an hour touches that hour's ids only.
 *
 * <p>Memory is bounded: at most {@code maxIds} ids are remembered. An id that takes the table
 * past the bound makes it forget its oldest hours early, whole, in memory and in the journal,
 * until it is back within the bound (the newest hour too, if that hour alone holds more); ids
 * of those hours are not remembered again. A restarted task reads the journal newest hour first
 * and stops at the bound, so a journal written under a larger bound (or before a smaller heap)
 * cannot make the reload itself run out of memory. Events older than what is remembered are no
 * longer recognised as duplicates: {@link #forgottenEarly()} counts the ids forgotten so.
 *
 * <p>Memory, journal and bound are one class (about 300 lines): each forgetting must change the
 * three together, and the id table itself is {@link EventIdSet}.
 */
final class EventIdDedup {
    private static final Logger log = LoggerFactory.getLogger(EventIdDedup.class);
    /** At most one warning per partition this often (a replay can reach the bound every few seconds). */
    private static final long WARN_EVERY_NANOS = Duration.ofHours(1).toNanos();
    private static final byte JOURNAL = 'I';
    private static final long HOUR_MS = 3_600_000;
    /** 16 bytes each: a journal record stays at 512 KiB, well under the broker's 1 MB default limit. */
    private static final int MAX_IDS_PER_RECORD = 32 * 1024;

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retentionMs;
    private final int maxIds;
    /** For the log: the input partition. */
    private final String partition;
    private final EventIdSet ids = new EventIdSet();
    /**
     * Ids added since the last commit, by hour: high and low bits in turn. The lists are emptied,
     * not dropped, at each commit (a fast replay fills a few of them with thousands of ids between
     * two commits); an hour's list goes once it got no id over a whole commit interval.
     */
    private final Map<Integer, LongList> unwritten = new HashMap<>();
    /** The list of the hour of the last id added: nearly always the next one's too. */
    private int lastHour;
    private LongList lastHourIds;
    private final long[] bits = new long[2];
    private long nextSequence;
    /** Ids of an hour before this one are not remembered: past the retention, or forgotten early. */
    private int forgottenBefore = Integer.MIN_VALUE;
    /** Set when the reload stopped at the bound: the older hours' journal records go at the next commit. */
    private boolean journalToTrim;
    private long forgottenEarly;
    private long lastWarnNanos;
    private boolean warned;

    /** Reads the journal back into memory, newest hour first, up to {@code maxIds} ids. */
    EventIdDedup(KeyValueStore<Bytes, byte[]> store, long retentionMs, int maxIds, String partition) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be at least 1, got " + maxIds);
        }
        this.store = store;
        this.retentionMs = retentionMs;
        this.maxIds = maxIds;
        this.partition = partition;
        int cutHour = Integer.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(key(Integer.MIN_VALUE, 0), key(Integer.MAX_VALUE, -1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                // The key: 'I', the hour (4 bytes), the sequence (8). Sequences need only be unique
                // within an hour: the hours not read here are deleted before anything is written.
                nextSequence = Math.max(nextSequence, ByteBuffer.wrap(kv.key.get(), 5, 8).getLong() + 1);
                forEachId(kv.value, ids::add);
                if (ids.size() > maxIds) {
                    cutHour = hourOf(kv.key);
                    break;
                }
            }
        }
        if (cutHour != Integer.MIN_VALUE) {
            // The hour that went past the bound is dropped whole, with every older one.
            try (KeyValueIterator<Bytes, byte[]> it = store.range(key(cutHour, 0), key(cutHour, -1))) {
                it.forEachRemaining(kv -> forEachId(kv.value, ids::remove));
            }
            ids.trim();
            forgottenBefore = cutHour + 1;
            journalToTrim = true;
            warn("reloading its journal", Long.MIN_VALUE);
        }
    }

    /** Without a bound: for tests of the journal alone. */
    EventIdDedup(KeyValueStore<Bytes, byte[]> store, long retentionMs) {
        this(store, retentionMs, Integer.MAX_VALUE, "test");
    }

    /** Whether this eventId was remembered and not yet forgotten. */
    boolean seen(String eventId) {
        EventIdBits.of(eventId, bits);
        return ids.contains(bits[0], bits[1]);
    }

    /**
     * Remembers the eventId last passed to {@link #seen}, unless it is already older than the
     * retention relative to the partition's event-time clock (it is late anyway), and forgets the
     * hours the clock has left behind by more than the retention.
     */
    void rememberLastSeen(long eventTime, long clock) {
        if (eventTime <= clock - retentionMs) {
            return;
        }
        int keepFrom = (int) Math.floorDiv(clock - retentionMs, HOUR_MS);
        if (keepFrom > forgottenBefore) {
            forget(keepFrom);
        }
        int hour = (int) Math.floorDiv(eventTime, HOUR_MS);
        if (lastHourIds == null || hour != lastHour) {
            if (hour < forgottenBefore) {
                return; // an hour forgotten early, at the bound
            }
            lastHour = hour;
            lastHourIds = unwritten.computeIfAbsent(hour, h -> new LongList());
        }
        ids.add(bits[0], bits[1]);
        lastHourIds.add(bits[0], bits[1]);
        if (ids.size() > maxIds) {
            forgetEarly(clock);
        }
    }

    int size() {
        return ids.size();
    }

    int maxIds() {
        return maxIds;
    }

    /** Ids forgotten before their time, at the bound, since this task started. */
    long forgottenEarly() {
        return forgottenEarly;
    }

    /** At the bound: the oldest hours go, whole, until the table is within it again. */
    private void forgetEarly(long clock) {
        int before = ids.size();
        while (ids.size() > maxIds) {
            int oldest = oldestHour();
            if (oldest == Integer.MAX_VALUE) {
                break; // cannot happen: every id in memory is in an hour's list or journal record
            }
            forget(oldest + 1);
        }
        forgottenEarly += before - ids.size();
        warn("at event time " + Instant.ofEpochMilli(clock), clock);
    }

    /** The oldest hour still remembered, in the ids not yet written or in the journal. */
    private int oldestHour() {
        int oldest = Integer.MAX_VALUE;
        for (int hour : unwritten.keySet()) {
            oldest = Math.min(oldest, hour);
        }
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(Integer.MIN_VALUE, 0), key(Integer.MAX_VALUE, -1))) {
            if (it.hasNext()) {
                oldest = Math.min(oldest, hourOf(it.next().key));
            }
        }
        return oldest;
    }

    /** One line per partition at most once an hour; {@link #forgottenEarly()} counts every time. */
    private void warn(String when, long clock) {
        long now = System.nanoTime();
        if (warned && now - lastWarnNanos < WARN_EVERY_NANOS) {
            return;
        }
        warned = true;
        lastWarnNanos = now;
        long from = (long) forgottenBefore * HOUR_MS;
        String covered = clock == Long.MIN_VALUE
                ? "ids of event time from " + Instant.ofEpochMilli(from) + " on"
                : String.format("%.1f h of the %.1f h of event time it should keep (from %s)",
                        Math.max(0, clock - from) / (double) HOUR_MS, retentionMs / (double) HOUR_MS, Instant.ofEpochMilli(from));
        log.warn("Input partition {} reached --dedup-max-ids {} {}: its oldest hours of eventIds are forgotten early;"
                + " it now remembers {} ids, {}. A redelivery of an older event is counted again"
                + " (ndxp_dedup_ids_forgotten_early_total counts the ids forgotten so).",
                partition, maxIds, when, ids.size(), covered);
    }

    private static int hourOf(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, 4).getInt() ^ Integer.MIN_VALUE;
    }

    /** Forgets every hour before this one; returns how many ids the forgotten journal records held. */
    private long forget(int beforeHour) {
        Iterator<Map.Entry<Integer, LongList>> pending = unwritten.entrySet().iterator();
        while (pending.hasNext()) {
            Map.Entry<Integer, LongList> e = pending.next();
            if (e.getKey() < beforeHour) {
                e.getValue().forEachId(ids::remove);
                pending.remove();
            }
        }
        lastHourIds = null;
        List<Bytes> expired = new ArrayList<>();
        long journaled = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(Integer.MIN_VALUE, 0), key(beforeHour - 1, -1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                expired.add(kv.key);
                journaled += kv.value.length / (2 * Long.BYTES);
                forEachId(kv.value, ids::remove);
            }
        }
        expired.forEach(store::delete);
        ids.trim();
        forgottenBefore = Math.max(forgottenBefore, beforeHour);
        return journaled;
    }

    /** Before each commit: the ids added since the previous one. */
    void writeJournal() {
        if (journalToTrim) {
            // The hours the reload left out, at the bound: never in memory, forgotten early now.
            forgottenEarly += forget(forgottenBefore);
            journalToTrim = false;
        }
        Iterator<Map.Entry<Integer, LongList>> it = unwritten.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, LongList> e = it.next();
            LongList list = e.getValue();
            if (list.size == 0) {
                it.remove();
                lastHourIds = null;
                continue;
            }
            for (int from = 0; from < list.size; from += 2 * MAX_IDS_PER_RECORD) {
                int to = Math.min(list.size, from + 2 * MAX_IDS_PER_RECORD);
                ByteBuffer value = ByteBuffer.allocate((to - from) * Long.BYTES);
                for (int i = from; i < to; i++) {
                    value.putLong(list.values[i]);
                }
                store.put(key(e.getKey(), nextSequence++), value.array());
            }
            list.size = 0;
        }
    }

    /** The ids of a journal record: pairs of big-endian longs. */
    private static void forEachId(byte[] record, IdAction action) {
        ByteBuffer value = ByteBuffer.wrap(record);
        while (value.hasRemaining()) {
            action.apply(value.getLong(), value.getLong());
        }
    }

    private static Bytes key(int hour, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(13).put(JOURNAL).putInt(hour ^ Integer.MIN_VALUE).putLong(sequence).array());
    }

    /** Something to do with an id, given as its high and low 64 bits. */
    private interface IdAction {
        void apply(long high, long low);
    }

    /** A growable array of longs: ids as high and low bits in turn. */
    private static final class LongList {
        long[] values = new long[16];
        int size;

        void forEachId(IdAction action) {
            for (int i = 0; i < size; i += 2) {
                action.apply(values[i], values[i + 1]);
            }
        }

        void add(long a, long b) {
            if (size + 2 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = a;
            values[size++] = b;
        }
    }
}
