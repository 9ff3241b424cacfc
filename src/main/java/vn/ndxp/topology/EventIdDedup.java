package vn.ndxp.topology;

import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers the eventIds of one input partition by event time, to recognise a redelivery.
 *
 * <p>A window store rather than a key-value store with a purging punctuator: its segments are
 * dropped whole once the partition's event time has moved past the retention, so forgetting
 * 2.8 million ids a day costs no deletes and no tombstones in the changelog, and lookups of new
 * ids (nearly all of them) are answered from a few recent segments. The value is the input
 * offset of the first copy, for whoever debugs a duplicate.
 */
final class EventIdDedup {
    private final WindowStore<String, Long> store;
    private final long retentionMs;

    EventIdDedup(WindowStore<String, Long> store, long retentionMs) {
        this.store = store;
        this.retentionMs = retentionMs;
    }

    /** Whether this eventId was remembered within the retention around {@code eventTime}. */
    boolean seen(String eventId, long eventTime) {
        try (WindowStoreIterator<Long> it = store.fetch(eventId, eventTime - retentionMs, eventTime + retentionMs)) {
            return it.hasNext();
        }
    }

    /**
     * Remembers the eventId, unless it is already older than the retention relative to the
     * partition's event-time clock (the store would drop it, with a warning, and it is late anyway).
     */
    void remember(String eventId, long eventTime, long offset, long clock) {
        if (eventTime > clock - retentionMs) {
            store.put(eventId, offset, eventTime);
        }
    }
}
