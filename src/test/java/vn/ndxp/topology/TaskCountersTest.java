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
        counters.stopped("counts/1"); // moved to another instance, which counts 27 -> 50 meanwhile
        counters.committed("counts/1", Map.of("platform", 50L)); // back here: a first report is a start
        counters.committed("counts/1", Map.of("platform", 53L));
        assertThat(counters.total("platform")).isEqualTo(5 + 7 + 3);
    }

    @Test
    void aRevivedTaskRestoredToItsLastCommitCountsTheReplayedRecordsOnce() {
        TaskCounters counters = new TaskCounters();
        counters.started("hygiene/2", Map.of("late", 0L));
        counters.committed("hygiene/2", Map.of("late", 4L));
        // The next commit failed after 3 more; revived from the commit of 4, the records are read again.
        counters.started("hygiene/2", Map.of("late", 4L));
        counters.committed("hygiene/2", Map.of("late", 7L));
        assertThat(counters.total("late")).isEqualTo(7);
        assertThat(counters.totals()).containsEntry("late", 7L);
    }
}
