package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
