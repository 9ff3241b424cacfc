package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PendingWindowsTest {
    private static final long MINUTE = 1_713_949_200_000L; // 2024-04-24T09:00Z

    private WindowStore<String, byte[]> store;
    private PendingWindows<long[]> windows;

    @BeforeEach
    void store() {
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore("w", Duration.ofHours(6), Duration.ofMinutes(1),
                false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        windows = new PendingWindows<>(store, Counts::decode, Counts::encode);
    }

    @Test
    void changesStayInMemoryUntilTheCommitThenAreWrittenOnce() {
        Counts.add(windows.update("a", MINUTE, () -> new long[Counts.STATUSES]), new long[] {1, 0, 0, 0, 0});
        Counts.add(windows.update("a", MINUTE, () -> new long[Counts.STATUSES]), new long[] {2, 0, 0, 0, 1});
        assertThat(store.fetch("a", MINUTE)).as("not before the commit").isNull();
        assertThat(windows.get("a", MINUTE)).containsExactly(3, 0, 0, 0, 1);

        windows.writeAll();
        assertThat(Counts.decode(store.fetch("a", MINUTE))).containsExactly(3, 0, 0, 0, 1);

        // After the commit the stored value is read back once and changed in memory again.
        Counts.add(windows.update("a", MINUTE, () -> new long[Counts.STATUSES]), new long[] {0, 1, 0, 0, 0});
        assertThat(windows.get("a", MINUTE)).containsExactly(3, 1, 0, 0, 1);
        assertThat(Counts.decode(store.fetch("a", MINUTE))).containsExactly(3, 0, 0, 0, 1);
        windows.writeAll();
        assertThat(Counts.decode(store.fetch("a", MINUTE))).containsExactly(3, 1, 0, 0, 1);
    }
}
