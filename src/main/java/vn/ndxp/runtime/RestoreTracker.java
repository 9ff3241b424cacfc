package vn.ndxp.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which changelog partitions of active tasks are being restored right now: an instance that is
 * still restoring serves stale counts, so it is not ready. Logs one line when a restoration starts
 * and one when everything is restored, with the records replayed and the time it took.
 */
final class RestoreTracker implements StateRestoreListener {
    private static final Logger log = LoggerFactory.getLogger(RestoreTracker.class);

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private final AtomicLong restored = new AtomicLong();
    private volatile long startedNanos;

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        synchronized (this) {
            if (restoring.isEmpty()) {
                startedNanos = System.nanoTime();
                restored.set(0);
                log.info("Restoring state from the changelogs");
            }
            restoring.add(partition);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        done(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        done(partition);
    }

    private synchronized void done(TopicPartition partition) {
        if (restoring.remove(partition) && restoring.isEmpty()) {
            log.info("State restored: {} records in {} ms", restored.get(), (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    /** Changelog partitions being restored now. */
    int restoring() {
        return restoring.size();
    }
}
