package vn.ndxp.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An input partition's event-time clock, which a few systems with a wrong clock cannot drag
 * forward. It decides which local day an event may still be counted on (lateness) and, through
 * the counts, what "today" is.
 *
 * <p>Each consumer system's clock is the newest requestTime it has written. The partition's clock
 * is the {@code quorum}-th newest of those (3 by default), never going back: one or two systems
 * writing local time as UTC (+7 h) are the newest and so do not count, while the traffic of
 * everyone else moves the clock as before. When as many systems agree on a later time (a replay
 * that jumps to a later date), the clock follows them. Until {@code quorum} systems have been seen
 * there is nothing to judge against, and the clock is the newest time seen, as a plain stream time.
 *
 * <p>Only the {@code quorum} newest systems are tracked: clocks only move forward, so a system
 * outside them can only enter by passing the slowest of them, which then leaves. An event costs a
 * scan of {@code quorum} slots.
 *
 * <p>In the time package, not the topology's, because the simulator's expected counts apply the
 * topology's own rules with it and the simulator must not depend on the topology.
 */
public final class PlatformClock {
    public static final long NONE = Long.MIN_VALUE;
    /** One or two systems with a clock ahead cannot move the day; three that agree can. */
    public static final int DEFAULT_QUORUM = 3;
    /**
     * How far an event may be ahead of its partition's clock before it is set aside: well under the
     * grace, well over the seconds that honest systems' clocks differ by.
     */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofHours(1);

    private final String[] systems;
    private final long[] times;
    private int size;
    private long clock = NONE;

    public PlatformClock(int quorum) {
        this.systems = new String[quorum];
        this.times = new long[quorum];
    }

    /** The clock, or {@link #NONE} before any event. */
    public long now() {
        return clock;
    }

    /** Whether {@code quorum} systems have been seen, so that an event ahead of the clock can be told apart. */
    public boolean hasQuorum() {
        return size == systems.length;
    }

    /** A valid event of {@code system} written at {@code time}; its claim counts even if the event is set aside. */
    public void observe(String system, long time) {
        int slowest = 0;
        for (int i = 0; i < size; i++) {
            if (systems[i].equals(system)) {
                if (time > times[i]) {
                    times[i] = time;
                    advance();
                }
                return;
            }
            if (times[i] < times[slowest]) {
                slowest = i;
            }
        }
        if (size < systems.length) {
            systems[size] = system;
            times[size++] = time;
        } else if (time > times[slowest]) {
            systems[slowest] = system;
            times[slowest] = time;
        } else {
            return;
        }
        advance();
    }

    private void advance() {
        long candidate = hasQuorum() ? Long.MAX_VALUE : NONE;
        for (int i = 0; i < size; i++) {
            candidate = hasQuorum() ? Math.min(candidate, times[i]) : Math.max(candidate, times[i]);
        }
        clock = Math.max(clock, candidate);
    }

    /** The clock and the tracked systems, for the state store. */
    public byte[] encode() {
        byte[][] names = new byte[size][];
        int length = Long.BYTES + Integer.BYTES;
        for (int i = 0; i < size; i++) {
            names[i] = systems[i].getBytes(StandardCharsets.UTF_8);
            length += Integer.BYTES + names[i].length + Long.BYTES;
        }
        ByteBuffer b = ByteBuffer.allocate(length).putLong(clock).putInt(size);
        for (int i = 0; i < size; i++) {
            b.putInt(names[i].length).put(names[i]).putLong(times[i]);
        }
        return b.array();
    }

    /**
     * Restores what {@link #encode()} wrote; a bare 8-byte clock (an earlier version's) restores
     * the clock alone. Tracked systems beyond this clock's quorum (a smaller one than before) are left out.
     */
    public void restore(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        clock = b.getLong();
        size = 0;
        if (!b.hasRemaining()) {
            return;
        }
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[b.getInt()];
            b.get(name);
            long time = b.getLong();
            if (size < systems.length) { // set as they were: observing them one by one could move the clock
                systems[size] = new String(name, StandardCharsets.UTF_8);
                times[size++] = time;
            }
        }
    }
}
