package vn.ndxp.bench;

/** A point of a progress curve: how many events at a moment of {@link System#nanoTime()}. */
record Sample(long nanos, long events) {}
