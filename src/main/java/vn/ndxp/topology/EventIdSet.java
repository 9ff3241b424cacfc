package vn.ndxp.topology;

import java.util.HashSet;
import java.util.Set;

/**
 * The eventIds of one input partition as 128-bit numbers: an open-addressing hash table (linear
 * probing) over two arrays of longs, so that millions of ids cost 16 bytes a slot and a lookup
 * touches one or two cache lines, with no object per id. A slot whose high half is zero is empty,
 * so a lookup reads the low halves only where the high half matches; the ids whose high 64 bits
 * are all zeros (the nil UUID, and almost never any other) are kept in a small set of their own.
 *
 * <p>Ids are removed one by one ({@link #remove}, backward-shift deletion, which leaves no
 * tombstones to slow later lookups): the caller knows which ids an hour held from its journal, so
 * the table needs no hour per slot, and forgetting an hour costs a lookup per id of that hour
 * instead of a copy of the whole table.
 *
 * <p>The table grows by half and by a third in turn (4096, 6144, 8192, 12288, ...) rather than
 * by doubling, so that it is on average about 59 % full instead of 50 %: a day's 470,000 ids of one
 * partition take 786,432 slots (12.6 MB) where doubling took 1,048,576 (16.8 MB).
 */
final class EventIdSet {
    private static final double MAX_LOAD = 0.7;
    private static final int MIN_CAPACITY = 1 << 12;

    private long[] highs;
    private long[] lows;
    /** The low halves of the ids whose high half is zero. */
    private final Set<Long> zeroHighs = new HashSet<>();
    private int tableSize;

    EventIdSet() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return tableSize + zeroHighs.size();
    }

    boolean contains(long high, long low) {
        return high == 0 ? zeroHighs.contains(low) : find(high, low) >= 0;
    }

    /** Adds the id, unless it is already there. */
    void add(long high, long low) {
        if (high == 0) {
            zeroHighs.add(low);
            return;
        }
        if (tableSize + 1 > highs.length * MAX_LOAD) {
            rehash(grown(highs.length));
        }
        int i = slot(high, low, highs.length);
        for (; highs[i] != 0; i = next(i)) {
            if (highs[i] == high && lows[i] == low) {
                return;
            }
        }
        highs[i] = high;
        lows[i] = low;
        tableSize++;
    }

    /**
     * Removes the id if it is there. Each later entry of the same run of occupied slots that may
     * sit earlier moves back into the gap, so every entry stays reachable from its home slot.
     */
    void remove(long high, long low) {
        if (high == 0) {
            zeroHighs.remove(low);
            return;
        }
        int gap = find(high, low);
        if (gap < 0) {
            return;
        }
        for (int j = next(gap); highs[j] != 0; j = next(j)) {
            int home = slot(highs[j], lows[j], highs.length);
            // The entry at j may move to the gap unless its home lies cyclically in (gap, j].
            boolean homeAfterGap = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!homeAfterGap) {
                highs[gap] = highs[j];
                lows[gap] = lows[j];
                gap = j;
            }
        }
        highs[gap] = 0;
        lows[gap] = 0;
        tableSize--;
    }

    /** Shrinks the table once it has become mostly empty: after removing many ids. */
    void trim() {
        int capacity = highs.length;
        while (capacity > MIN_CAPACITY && tableSize < shrunk(capacity) * MAX_LOAD / 2) {
            capacity = shrunk(capacity);
        }
        if (capacity != highs.length) {
            rehash(capacity);
        }
    }

    int capacity() {
        return highs.length;
    }

    private int find(long high, long low) {
        for (int i = slot(high, low, highs.length); highs[i] != 0; i = next(i)) {
            if (highs[i] == high && lows[i] == low) {
                return i;
            }
        }
        return -1;
    }

    private void rehash(int capacity) {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        allocate(capacity);
        for (int j = 0; j < oldHighs.length; j++) {
            if (oldHighs[j] != 0) {
                int i = slot(oldHighs[j], oldLows[j], capacity);
                while (highs[i] != 0) {
                    i = next(i);
                }
                highs[i] = oldHighs[j];
                lows[i] = oldLows[j];
            }
        }
    }

    private void allocate(int capacity) {
        highs = new long[capacity];
        lows = new long[capacity];
    }

    /** 2^k becomes 1.5 * 2^k, and 1.5 * 2^k becomes 2^(k+1). */
    private static int grown(int capacity) {
        return Integer.bitCount(capacity) == 1 ? capacity + capacity / 2 : capacity / 3 * 4;
    }

    private static int shrunk(int capacity) {
        return Integer.bitCount(capacity) == 1 ? capacity / 4 * 3 : capacity / 3 * 2;
    }

    private int next(int i) {
        return i + 1 == highs.length ? 0 : i + 1;
    }

    /** The hash's high 32 bits scaled to the capacity (a multiply and a shift, not a division). */
    private static int slot(long high, long low, int capacity) {
        long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * capacity) >>> 32);
    }
}
