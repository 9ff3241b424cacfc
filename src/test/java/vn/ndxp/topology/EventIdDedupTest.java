package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal: what a restarted task reads back, and what it forgets. */
class EventIdDedupTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long RETENTION = Duration.ofHours(30).toMillis();
    private static final long T0 = 1_713_920_400_000L; // 2024-04-24T01:00:00Z, on the hour

    private KeyValueStore<Bytes, byte[]> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("ids"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static boolean seenOrRemember(EventIdDedup dedup, String id, long time, long clock) {
        if (dedup.seen(id)) {
            return true;
        }
        dedup.rememberLastSeen(time, clock);
        return false;
    }

    @Test
    void whatWasWrittenAtACommitIsRememberedAfterARestartAndWhatWasNotIsNot() {
        EventIdDedup dedup = new EventIdDedup(store, RETENTION);
        String committed = UUID.randomUUID().toString();
        String uncommitted = "not-a-uuid-" + UUID.randomUUID();
        assertThat(seenOrRemember(dedup, committed, T0, T0)).isFalse();
        dedup.writeJournal();
        assertThat(seenOrRemember(dedup, uncommitted, T0 + 1, T0 + 1)).isFalse();
        assertThat(dedup.seen(uncommitted)).isTrue();

        EventIdDedup restarted = new EventIdDedup(store, RETENTION);
        assertThat(restarted.seen(committed)).isTrue();
        assertThat(restarted.seen(uncommitted)).as("lost with the crash, read again from the input").isFalse();
        assertThat(restarted.size()).isEqualTo(1);
    }

    @Test
    void hoursPastTheRetentionAreForgottenInMemoryAndInTheJournal() {
        EventIdDedup dedup = new EventIdDedup(store, RETENTION);
        String early = UUID.randomUUID().toString();
        seenOrRemember(dedup, early, T0, T0);
        seenOrRemember(dedup, UUID.randomUUID().toString(), T0 + 2 * HOUR, T0 + 2 * HOUR);
        dedup.writeJournal();
        assertThat(store.approximateNumEntries()).as("one record per hour that got ids").isEqualTo(2);
        String earlyNotYetWritten = UUID.randomUUID().toString();
        seenOrRemember(dedup, earlyNotYetWritten, T0 + 1, T0 + 2 * HOUR);
        assertThat(dedup.size()).isEqualTo(3);

        // The clock 30 h after the second event's hour... plus one more hour: the first hour goes.
        long clock = T0 + RETENTION + HOUR;
        String late = UUID.randomUUID().toString();
        seenOrRemember(dedup, late, clock, clock);
        dedup.writeJournal();
        assertThat(dedup.seen(early)).as("from the journal").isFalse();
        assertThat(dedup.seen(earlyNotYetWritten)).as("from the ids not yet written").isFalse();
        assertThat(dedup.seen(late)).isTrue();
        assertThat(dedup.size()).isEqualTo(2);
        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(new EventIdDedup(store, RETENTION).size()).isEqualTo(2);
    }

    @Test
    void aRestartedTaskForgetsTheHoursItReadFromTheJournal() {
        EventIdDedup dedup = new EventIdDedup(store, RETENTION);
        String early = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        seenOrRemember(dedup, early, T0, T0);
        seenOrRemember(dedup, later, T0 + 2 * HOUR, T0 + 2 * HOUR);
        dedup.writeJournal();

        EventIdDedup restarted = new EventIdDedup(store, RETENTION);
        long clock = T0 + RETENTION + HOUR;
        seenOrRemember(restarted, UUID.randomUUID().toString(), clock, clock);
        assertThat(restarted.seen(early)).as("its hour is past the retention").isFalse();
        assertThat(restarted.seen(later)).isTrue();
        assertThat(restarted.size()).isEqualTo(2);
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    private static void rememberAll(EventIdDedup dedup, List<String> ids, long time) {
        for (String id : ids) {
            assertThat(seenOrRemember(dedup, id, time, time)).as(id).isFalse();
        }
    }

    @Test
    void atTheBoundTheOldestHourIsForgottenWholeInMemoryAndInTheJournal() {
        EventIdDedup dedup = new EventIdDedup(store, RETENTION, 5, "p-0");
        List<String> first = ids(2);
        List<String> second = ids(2);
        rememberAll(dedup, first, T0);
        dedup.writeJournal(); // the first hour from the journal, the others from memory
        rememberAll(dedup, second, T0 + HOUR);
        rememberAll(dedup, ids(1), T0 + 2 * HOUR);
        assertThat(dedup.size()).as("at the bound, not past it").isEqualTo(5);
        assertThat(dedup.forgottenEarly()).isZero();

        String sixth = UUID.randomUUID().toString();
        seenOrRemember(dedup, sixth, T0 + 2 * HOUR + 1, T0 + 2 * HOUR + 1);
        assertThat(dedup.size()).isEqualTo(4);
        assertThat(dedup.forgottenEarly()).isEqualTo(2);
        assertThat(first).noneMatch(dedup::seen);
        assertThat(second).allMatch(dedup::seen);
        assertThat(dedup.seen(sixth)).isTrue();

        String ofTheForgottenHour = UUID.randomUUID().toString();
        seenOrRemember(dedup, ofTheForgottenHour, T0 + 10, T0 + 2 * HOUR + 1);
        assertThat(dedup.seen(ofTheForgottenHour)).as("its hour is forgotten: not remembered again").isFalse();
        assertThat(dedup.size()).isEqualTo(4);

        dedup.writeJournal();
        assertThat(store.approximateNumEntries()).as("the second and third hours").isEqualTo(2);
        EventIdDedup restarted = new EventIdDedup(store, RETENTION, 5, "p-0");
        assertThat(restarted.size()).isEqualTo(4);
        assertThat(first).noneMatch(restarted::seen);
        assertThat(second).allMatch(restarted::seen);
    }

    @Test
    void anHourAloneOverTheBoundIsForgottenWholeAndTheRestOfItIsNotRemembered() {
        EventIdDedup dedup = new EventIdDedup(store, RETENTION, 3, "p-0");
        List<String> hour = ids(4);
        rememberAll(dedup, hour, T0);
        assertThat(dedup.size()).isZero();
        assertThat(dedup.forgottenEarly()).isEqualTo(4);
        rememberAll(dedup, ids(2), T0 + 1);
        assertThat(dedup.size()).as("the rest of the forgotten hour").isZero();

        List<String> next = ids(3);
        rememberAll(dedup, next, T0 + HOUR);
        assertThat(dedup.size()).isEqualTo(3);
        assertThat(next).allMatch(dedup::seen);
        assertThat(dedup.forgottenEarly()).isEqualTo(4);
    }

    @Test
    void aReloadStopsAtTheBoundKeepingTheNewestHoursAndDropsTheOthersAtTheNextCommit() {
        EventIdDedup unbounded = new EventIdDedup(store, RETENTION);
        List<String> oldest = ids(3);
        List<String> middle = ids(3);
        List<String> newest = ids(3);
        rememberAll(unbounded, oldest, T0);
        unbounded.writeJournal();
        rememberAll(unbounded, middle, T0 + HOUR);
        unbounded.writeJournal();
        rememberAll(unbounded, newest, T0 + 2 * HOUR);
        unbounded.writeJournal();
        assertThat(store.approximateNumEntries()).isEqualTo(3);

        EventIdDedup bounded = new EventIdDedup(store, RETENTION, 5, "p-0");
        assertThat(bounded.size()).as("the newest hour; the middle one would pass the bound").isEqualTo(3);
        assertThat(newest).allMatch(bounded::seen);
        assertThat(middle).noneMatch(bounded::seen);
        assertThat(oldest).noneMatch(bounded::seen);
        assertThat(store.approximateNumEntries()).as("nothing written before the first commit").isEqualTo(3);

        bounded.writeJournal();
        assertThat(bounded.forgottenEarly()).isEqualTo(6);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        String later = UUID.randomUUID().toString();
        seenOrRemember(bounded, later, T0 + 2 * HOUR + 1, T0 + 2 * HOUR + 1);
        seenOrRemember(bounded, UUID.randomUUID().toString(), T0 + HOUR + 1, T0 + 2 * HOUR + 1);
        assertThat(bounded.size()).as("the middle hour stays forgotten").isEqualTo(4);
        bounded.writeJournal();
        assertThat(new EventIdDedup(store, RETENTION, 5, "p-0").size()).isEqualTo(4);
    }
}
