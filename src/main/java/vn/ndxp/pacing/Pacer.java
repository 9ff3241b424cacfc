package vn.ndxp.pacing;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * When to send a record due at a given (simulated or recorded) time: as soon as possible, when the
 * wall clock reaches it, or on a clock running {@code speed} times faster than real time from the
 * first record on.
 */
public final class Pacer {
    private final double speed;
    private final boolean realTime;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    private long firstDue = Long.MIN_VALUE;
    private long startNanos;

    private Pacer(double speed, boolean realTime, LongSupplier nanoClock, LongSupplier wallClockMillis) {
        this.speed = speed;
        this.realTime = realTime;
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
    }

    public static Pacer asFastAsPossible() {
        return new Pacer(Double.POSITIVE_INFINITY, false, System::nanoTime, System::currentTimeMillis);
    }

    /** A record is sent when the wall clock reaches its time; past times are sent at once. */
    public static Pacer realTime() {
        return new Pacer(1, true, System::nanoTime, System::currentTimeMillis);
    }

    /** {@code speed} simulated seconds per wall-clock second, from the first record on. */
    public static Pacer accelerated(double speed) {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        return new Pacer(speed, false, System::nanoTime, System::currentTimeMillis);
    }

    /** For tests: the same pacing on given clocks. */
    static Pacer accelerated(double speed, LongSupplier nanoClock) {
        return new Pacer(speed, false, nanoClock, () -> 0);
    }

    /** Nanoseconds to wait before sending a record due at {@code dueMillis}; 0 when it is due. */
    public long delayNanos(long dueMillis) {
        if (realTime) {
            return Math.max(0, (dueMillis - wallClockMillis.getAsLong()) * 1_000_000);
        }
        if (speed == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (firstDue == Long.MIN_VALUE) {
            firstDue = dueMillis;
            startNanos = nanoClock.getAsLong();
        }
        long target = startNanos + (long) ((dueMillis - firstDue) * 1_000_000 / speed);
        return Math.max(0, target - nanoClock.getAsLong());
    }

    /** Blocks until the record is due. */
    public void await(long dueMillis) throws InterruptedException {
        long wait;
        while ((wait = delayNanos(dueMillis)) > 0) {
            LockSupport.parkNanos(Math.min(wait, 100_000_000L));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
