package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCountersTest {
    @Test
    void aTaskAddsWhatItCountedSinceItStartedHereNotWhatItTookOver() {
        TaskCounters counters = new TaskCounters();
        counters.started("counts/0", Map.of("platform", 1_000L));
        assertThat(counters.total("platform")).isZero();
        counters.committed("counts/0", Map.of("platform", 1_040L));
        counters.committed("counts/0", Map.of("platform", 1_100L));
        assertThat(counters.total("platform")).isEqualTo(100);
    }

    @Test
    void tasksAddUpAndAMovedTaskStartsAfreshWhenItComesBack() {
        TaskCounters counters = new TaskCounters();
        counters.started("counts/0", Map.of("platform", 10L));
        counters.started("counts/1", Map.of("platform", 20L));
        counters.committed("counts/0", Map.of("platform", 15L));
        counters.committed("counts/1", Map.of("platform", 27L));
        // Moved to another instance, which counts 27 -> 50 meanwhile, and back here.
        counters.started("counts/1", Map.of("platform", 50L));
        counters.committed("counts/1", Map.of("platform", 53L));
        assertThat(counters.total("platform")).isEqualTo(5 + 7 + 3);
    }

    @Test
    void aRevivedTaskRestoredToItsLastCommitCountsTheReplayedRecordsOnce() {
        TaskCounters counters = new TaskCounters();
        counters.started("hygiene/2", Map.of("late", 0L));
        counters.committed("hygiene/2", Map.of("late", 4L));
        counters.committed("hygiene/2", Map.of("late", 7L));
        // That commit failed; revived from the commit of 4, the same records are read again, then 2 more.
        counters.started("hygiene/2", Map.of("late", 4L));
        counters.committed("hygiene/2", Map.of("late", 6L));
        assertThat(counters.total("late")).as("owed, not counted again").isEqualTo(7);
        counters.committed("hygiene/2", Map.of("late", 9L));
        assertThat(counters.totals()).containsEntry("late", 9L);
    }
}
