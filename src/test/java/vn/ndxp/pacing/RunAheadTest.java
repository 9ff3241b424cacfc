package vn.ndxp.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunAheadTest {

    @Test
    void handsOverEveryItemInOrderAcrossChunks() throws Exception {
        AtomicInteger made = new AtomicInteger();
        List<Integer> taken = new ArrayList<>();
        try (RunAhead<Integer> ahead = new RunAhead<>("test-ahead", () -> made.get() < 1_300 ? made.getAndIncrement() : null)) {
            for (Integer i = ahead.next(); i != null; i = ahead.next()) {
                taken.add(i);
            }
            assertThat(ahead.next()).as("still the end").isNull();
        }
        assertThat(taken).hasSize(1_300);
        for (int i = 0; i < taken.size(); i++) {
            assertThat(taken.get(i)).isEqualTo(i);
        }
    }

    @Test
    void aFailureComesAfterTheItemsBeforeIt() throws Exception {
        AtomicInteger made = new AtomicInteger();
        try (RunAhead<Integer> ahead = new RunAhead<>("test-ahead", () -> {
            if (made.get() == 3) {
                throw new IllegalStateException("broken at 3");
            }
            return made.getAndIncrement();
        })) {
            assertThat(List.of(ahead.next(), ahead.next(), ahead.next())).containsExactly(0, 1, 2);
            assertThatThrownBy(ahead::next).isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("broken at 3");
        }
    }

    @Test
    void closeStopsASourceThatRunsAhead() throws Exception {
        AtomicInteger made = new AtomicInteger();
        RunAhead<Integer> ahead = new RunAhead<>("test-ahead", made::getAndIncrement); // never ends
        assertThat(ahead.next()).isZero();
        ahead.close();
        int afterClose = made.get();
        assertThat(afterClose).as("bounded: at most the queue's chunks and one in hand").isLessThanOrEqualTo(18 * 512);
        assertThat(made.get()).isEqualTo(afterClose);
    }
}
