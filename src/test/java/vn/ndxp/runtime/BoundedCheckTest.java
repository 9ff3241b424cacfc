package vn.ndxp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import vn.ndxp.metrics.export.MetricsServer.Check;

class BoundedCheckTest {
    private static final Duration WAIT = Duration.ofMillis(300);

    @Test
    void aHungCheckAnswersNotReadyWithinTheWaitAndTheLastKnownState() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        AtomicInteger runs = new AtomicInteger();
        try (BoundedCheck check = new BoundedCheck(() -> {
            runs.incrementAndGet();
            try {
                gate.get().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Check.up("caught up");
        }, Duration.ZERO, WAIT, "the cluster")) {
            assertThat(check.get()).isEqualTo(Check.up("caught up"));

            gate.set(hang); // the cluster stops answering
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Check answer = check.get();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT.plusMillis(500));
                assertThat(answer.ok()).isFalse();
                assertThat(answer.detail()).startsWith("the cluster not answering (no answer for ")
                        .endsWith("; last known: ready, caught up");
            }
            assertThat(runs).as("one run at a time, not one per probe").hasValue(2);

            hang.countDown(); // it answers again
            await().atMost(Duration.ofSeconds(5)).until(() -> check.get().ok());
        }
    }

    @Test
    void aFreshAnswerIsReusedAndAFailingCheckIsNotReady() {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedCheck cached = new BoundedCheck(() -> Check.up("run " + runs.incrementAndGet()),
                Duration.ofHours(1), WAIT, "the cluster")) {
            assertThat(cached.get().detail()).isEqualTo("run 1");
            assertThat(cached.get().detail()).isEqualTo("run 1");
        }
        try (BoundedCheck failing = new BoundedCheck(() -> {
            throw new IllegalStateException("boom");
        }, Duration.ZERO, WAIT, "the cluster")) {
            assertThat(failing.get()).isEqualTo(Check.down("the check failed: java.lang.IllegalStateException: boom"));
        }
    }
}
