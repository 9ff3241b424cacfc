package vn.ndxp.topology;

import java.util.Arrays;

/**
 * The eventIds of one input partition as 128-bit numbers, each with the hour (of event time) it
 * belongs to: an open-addressing hash table (linear probing) over three primitive arrays, so that
 * millions of ids cost 20 bytes a slot and a lookup touches one or two cache lines, with no
 * object per id. Ids are forgotten a whole hour at a time.
 *
 * <p>The table grows by half and by a third in turn (4096, 6144, 8192, 12288, ...) rather than
 * by doubling, so that it is on average about 59 % full instead of 50 %: a day's 470,000 ids of one
 * partition take 786,432 slots (15.7 MB) where doubling took 1,048,576 (21.0 MB).
 */
final class EventIdSet {
    private static final int EMPTY = Integer.MIN_VALUE;
    private static final double MAX_LOAD = 0.7;
    private static final int MIN_CAPACITY = 1 << 12;

    private long[] highs;
    private long[] lows;
    private int[] hours;
    private int size;

    EventIdSet() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    boolean contains(long high, long low) {
        for (int i = slot(high, low, hours.length); hours[i] != EMPTY; i = next(i)) {
            if (highs[i] == high && lows[i] == low) {
                return true;
            }
        }
        return false;
    }

    /** Adds the id, unless it is already there. */
    void add(long high, long low, int hour) {
        if (size + 1 > hours.length * MAX_LOAD) {
            rehash(grown(hours.length), Integer.MIN_VALUE);
        }
        int i = slot(high, low, hours.length);
        for (; hours[i] != EMPTY; i = next(i)) {
            if (highs[i] == high && lows[i] == low) {
                return;
            }
        }
        highs[i] = high;
        lows[i] = low;
        hours[i] = hour;
        size++;
    }

    /** Forgets every id of an hour before {@code hour}; the table shrinks when it has become mostly empty. */
    void removeHoursBefore(int hour) {
        int kept = 0;
        for (int h : hours) {
            if (h != EMPTY && h >= hour) {
                kept++;
            }
        }
        if (kept == size) {
            return;
        }
        int capacity = hours.length;
        while (capacity > MIN_CAPACITY && kept < capacity * MAX_LOAD / 4) {
            capacity = shrunk(capacity);
        }
        rehash(capacity, hour);
    }

    private void rehash(int capacity, int keepFromHour) {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        int[] oldHours = hours;
        allocate(capacity);
        for (int j = 0; j < oldHours.length; j++) {
            if (oldHours[j] != EMPTY && oldHours[j] >= keepFromHour) {
                int i = slot(oldHighs[j], oldLows[j], capacity);
                while (hours[i] != EMPTY) {
                    i = next(i);
                }
                highs[i] = oldHighs[j];
                lows[i] = oldLows[j];
                hours[i] = oldHours[j];
                size++;
            }
        }
    }

    private void allocate(int capacity) {
        highs = new long[capacity];
        lows = new long[capacity];
        hours = new int[capacity];
        Arrays.fill(hours, EMPTY);
        size = 0;
    }

    /** 2^k becomes 1.5 * 2^k, and 1.5 * 2^k becomes 2^(k+1). */
    private static int grown(int capacity) {
        return Integer.bitCount(capacity) == 1 ? capacity + capacity / 2 : capacity / 3 * 4;
    }

    private static int shrunk(int capacity) {
        return Integer.bitCount(capacity) == 1 ? capacity / 4 * 3 : capacity / 3 * 2;
    }

    private int next(int i) {
        return i + 1 == hours.length ? 0 : i + 1;
    }

    /** The hash's high 32 bits scaled to the capacity (a multiply and a shift, not a division). */
    private static int slot(long high, long low, int capacity) {
        long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * capacity) >>> 32);
    }
}
