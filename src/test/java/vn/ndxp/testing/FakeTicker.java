package vn.ndxp.testing;

import vn.ndxp.pacing.Ticker;

/** A clock that only moves when told to: waiting moves it to the end of the wait at once. */
public final class FakeTicker implements Ticker {
    private long now;
    private final long wallAtZero;

    public FakeTicker(long wallAtZeroMillis) {
        this.wallAtZero = wallAtZeroMillis;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized long wallMillis() {
        return wallAtZero + now / 1_000_000;
    }

    @Override
    public synchronized void sleepUntil(long nanos) {
        now = Math.max(now, nanos);
    }

    public synchronized void advance(long nanos) {
        now += nanos;
    }
}
