package vn.ndxp.topology.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The combiners of each stream thread, so that one flush can send the cells of all of them merged
 * (see {@link PartialAggregator}). Kafka Streams initializes, runs and closes a task's processors
 * on the stream thread that owns the task, so a thread's group is only ever touched by that thread.
 */
final class CombinerGroups {
    private final ThreadLocal<List<PartialAggregator<?>>> byThread = ThreadLocal.withInitial(ArrayList::new);

    /** The calling thread's group, which {@code combiner} is now part of. */
    List<PartialAggregator<?>> join(PartialAggregator<?> combiner) {
        List<PartialAggregator<?>> group = byThread.get();
        if (!group.contains(combiner)) {
            group.add(combiner);
        }
        return group;
    }
}
