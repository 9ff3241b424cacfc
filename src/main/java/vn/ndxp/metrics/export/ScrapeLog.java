package vn.ndxp.metrics.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** When scrapes come, so that a stopping app can wait for the next one ({@link MetricsServer#awaitFinalScrape}). */
final class ScrapeLog {
    private static final long SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private long started;
    private long answered;
    private long lastStartNanos;
    private long intervalNanos = -1;

    /** A scrape begins; returns its number, to hand to {@link #answered}. */
    synchronized long started() {
        long now = System.nanoTime();
        if (started > 0) {
            intervalNanos = now - lastStartNanos;
        }
        lastStartNanos = now;
        return ++started;
    }

    synchronized void answered(long scrape) {
        answered = Math.max(answered, scrape);
        notifyAll();
    }

    /** Whether something scrapes: at least two scrapes so far. */
    synchronized boolean regular() {
        return intervalNanos >= 0;
    }

    /**
     * Waits for a scrape that begins after this call to be answered; at once false if scrapes have
     * not come regularly (fewer than two so far).
     *
     * @return whether one was answered in time
     */
    synchronized boolean awaitOneMore(Duration max) {
        if (intervalNanos < 0) {
            return false;
        }
        long target = started + 1;
        long deadline = System.nanoTime() + Math.min(max.toNanos(), intervalNanos * 3 / 2 + SLACK_NANOS);
        try {
            while (answered < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
