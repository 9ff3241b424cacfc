package vn.ndxp.topology;

import java.nio.ByteBuffer;
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
 */
final class EventIdDedup {
    private static final byte JOURNAL = 'I';
    private static final long HOUR_MS = 3_600_000;
    /** 16 bytes each: a journal record stays at 512 KiB, well under the broker's 1 MB default limit. */
    private static final int MAX_IDS_PER_RECORD = 32 * 1024;

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retentionMs;
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
    private int forgottenBefore = Integer.MIN_VALUE;

    /** Reads the journal back into memory. */
    EventIdDedup(KeyValueStore<Bytes, byte[]> store, long retentionMs) {
        this.store = store;
        this.retentionMs = retentionMs;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(Integer.MIN_VALUE, 0), key(Integer.MAX_VALUE, -1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                // The key: 'I', the hour (4 bytes), the sequence (8).
                nextSequence = Math.max(nextSequence, ByteBuffer.wrap(kv.key.get(), 5, 8).getLong() + 1);
                forEachId(kv.value, ids::add);
            }
        }
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
        int hour = (int) Math.floorDiv(eventTime, HOUR_MS);
        ids.add(bits[0], bits[1]);
        if (lastHourIds == null || hour != lastHour) {
            lastHour = hour;
            lastHourIds = unwritten.computeIfAbsent(hour, h -> new LongList());
        }
        lastHourIds.add(bits[0], bits[1]);
        int keepFrom = (int) Math.floorDiv(clock - retentionMs, HOUR_MS);
        if (keepFrom > forgottenBefore) {
            forget(keepFrom);
        }
    }

    int size() {
        return ids.size();
    }

    private void forget(int beforeHour) {
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
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(Integer.MIN_VALUE, 0), key(beforeHour - 1, -1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                expired.add(kv.key);
                forEachId(kv.value, ids::remove);
            }
        }
        expired.forEach(store::delete);
        ids.trim();
        forgottenBefore = beforeHour;
    }

    /** Before each commit: the ids added since the previous one. */
    void writeJournal() {
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
