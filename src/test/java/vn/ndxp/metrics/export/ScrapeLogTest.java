package vn.ndxp.metrics.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScrapeLogTest {
    private final ScrapeLog scrapes = new ScrapeLog();

    private void scrape() {
        scrapes.answered(scrapes.started());
    }

    @Test
    void doesNotWaitWhenNobodyScrapesRegularly() {
        assertThat(scrapes.awaitOneMore(Duration.ofMinutes(1))).isFalse();
        scrape();
        assertThat(scrapes.awaitOneMore(Duration.ofMinutes(1))).as("one scrape is no rhythm").isFalse();
    }

    @Test
    void waitsForAScrapeThatBeginsAfterTheCall() {
        scrape();
        scrape();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return scrapes.awaitOneMore(Duration.ofMinutes(1));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.get() != null
                && waiter.get().getState() == Thread.State.TIMED_WAITING);
        scrape();
        assertThat(waited.join()).isTrue();
    }

    @Test
    void aScrapeBegunBeforeTheCallDoesNotCount() {
        scrape();
        scrape();
        long begunBefore = scrapes.started();
        scrapes.answered(begunBefore); // it may have read the counts before the final commit
        assertThat(scrapes.awaitOneMore(Duration.ofMillis(100))).isFalse();
    }

    @Test
    void givesUpAfterItsLimit() {
        scrape();
        scrape();
        assertThat(scrapes.awaitOneMore(Duration.ofMillis(50))).isFalse();
    }
}
