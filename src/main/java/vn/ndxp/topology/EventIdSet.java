package vn.ndxp.topology;

import java.util.Arrays;

/**
 * The eventIds of one input partition as 128-bit numbers, each with the hour (of event time) it
 * belongs to: an open-addressing hash table (linear probing) over three primitive arrays, so that
 * millions of ids cost about 20 bytes each and a lookup touches one or two cache lines, with no
 * object per id. Ids are forgotten a whole hour at a time.
 */
final class EventIdSet {
    private static final int EMPTY = Integer.MIN_VALUE;
    private static final double MAX_LOAD = 0.7;

    private long[] highs;
    private long[] lows;
    private int[] hours;
    private int size;

    EventIdSet() {
        allocate(1 << 12);
    }

    int size() {
        return size;
    }

    boolean contains(long high, long low) {
        int mask = hours.length - 1;
        for (int i = slot(high, low, mask); hours[i] != EMPTY; i = (i + 1) & mask) {
            if (highs[i] == high && lows[i] == low) {
                return true;
            }
        }
        return false;
    }

    /** Adds the id, unless it is already there. */
    void add(long high, long low, int hour) {
        if (size + 1 > hours.length * MAX_LOAD) {
            rehash(hours.length * 2, Integer.MIN_VALUE);
        }
        int mask = hours.length - 1;
        int i = slot(high, low, mask);
        for (; hours[i] != EMPTY; i = (i + 1) & mask) {
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
        while (capacity > 1 << 12 && kept < capacity * MAX_LOAD / 4) {
            capacity /= 2;
        }
        rehash(capacity, hour);
    }

    private void rehash(int capacity, int keepFromHour) {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        int[] oldHours = hours;
        allocate(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldHours.length; j++) {
            if (oldHours[j] != EMPTY && oldHours[j] >= keepFromHour) {
                int i = slot(oldHighs[j], oldLows[j], mask);
                while (hours[i] != EMPTY) {
                    i = (i + 1) & mask;
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

    private static int slot(long high, long low, int mask) {
        long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
        return ((int) (h >>> 32) ^ (int) h) & mask;
    }
}
