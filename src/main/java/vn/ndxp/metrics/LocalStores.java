package vn.ndxp.metrics;

import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Reading this instance's part of a state store for the metrics. A store no local task holds
 * answers "may have migrated" even though the instance is running: with several instances, one
 * may hold the counting tasks and not the input partitions' tasks, or none of the analytics'.
 * While the app runs, such a store contributes nothing here (the other instances report it);
 * while it rebalances, the exception goes on, so that the last values stay.
 */
final class LocalStores {
    private LocalStores() {}

    /** Runs {@code read}, which reads one store; nothing if the running instance holds no part of it. */
    static void ifHostedHere(KafkaStreams streams, Runnable read) {
        readOr(streams, () -> {
            read.run();
            return null;
        }, null);
    }

    static <T> T readOr(KafkaStreams streams, Supplier<T> read, T notHostedHere) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return notHostedHere;
            }
            throw e;
        }
    }
}
