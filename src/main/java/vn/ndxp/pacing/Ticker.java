package vn.ndxp.pacing;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock of a replay: the monotonic time it schedules by, the wall clock for {@code --rebase},
 * and how to wait. Tests give a fake one whose waiting only moves its time forward.
 */
public interface Ticker {
    long nanoTime();

    long wallMillis();

    /** Returns once {@link #nanoTime()} has reached {@code nanos}, or when interrupted. */
    void sleepUntil(long nanos) throws InterruptedException;

    /** The real clocks; waits park the thread (no spinning, so a 2-core machine keeps a core for Kafka). */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleepUntil(long nanos) throws InterruptedException {
            long wait;
            while ((wait = nanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    };
}
