package vn.ndxp.topology.analytics;

import java.util.Arrays;

/**
 * The latencies of a {@link HealthStats}: the non-empty bins of a DDSketch (its fixed logarithmic
 * mapping) as two sorted arrays, indexes and counts, plus the count of zero latencies. Quantiles
 * are read from the bins as the DDSketch reads its own, so they are exactly the sketch's.
 *
 * <p>Why not the sketch itself: at a realistic volume most cells of the combiner and most
 * service-minutes hold one to a few latencies, often far apart, and every stored day or minute is
 * decoded, merged and encoded again on each update. A DDSketch's dense store allocates and grows
 * an array spanning every index between the smallest and the largest latency; that growth was a
 * sixth of all the bytes the app allocated in a replay. Sorted bins cost 12 bytes per non-empty
 * bin (a few hundred at most: 1 ms to a minute is about 550 indexes at 1 % accuracy), merge in
 * one pass and encode as they are.
 */
final class LatencyBins {
    private static final int FEW = 8;

    private long zeros;
    private int[] indexes = new int[2];
    private long[] counts = new long[2];
    private int size;

    void accept(int latencyMs) {
        if (latencyMs <= 0) {
            zeros++;
        } else {
            add(HealthStats.MAPPING.index(latencyMs), 1);
        }
    }

    /** Adds {@code count} latencies in the bin of this index. */
    void add(int index, long count) {
        int i = size > 0 && indexes[size - 1] < index ? -size - 1 : Arrays.binarySearch(indexes, 0, size, index);
        if (i >= 0) {
            counts[i] += count;
            return;
        }
        i = -i - 1;
        if (size == indexes.length) {
            grow(size + 1);
        }
        System.arraycopy(indexes, i, indexes, i + 1, size - i);
        System.arraycopy(counts, i, counts, i + 1, size - i);
        indexes[i] = index;
        counts[i] = count;
        size++;
    }

    void merge(LatencyBins other) {
        zeros += other.zeros;
        merge(other.indexes, other.counts, other.size);
    }

    /**
     * A few bins one by one (most are already there: no copy), many in one pass over both sorted
     * arrays.
     */
    private void merge(int[] otherIndexes, long[] otherCounts, int otherSize) {
        if (otherSize <= FEW) {
            for (int i = 0; i < otherSize; i++) {
                add(otherIndexes[i], otherCounts[i]);
            }
            return;
        }
        int[] newIndexes = new int[size + otherSize];
        long[] newCounts = new long[size + otherSize];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < otherSize) {
            if (j == otherSize || (i < size && indexes[i] < otherIndexes[j])) {
                newIndexes[n] = indexes[i];
                newCounts[n++] = counts[i++];
            } else if (i == size || otherIndexes[j] < indexes[i]) {
                newIndexes[n] = otherIndexes[j];
                newCounts[n++] = otherCounts[j++];
            } else {
                newIndexes[n] = indexes[i];
                newCounts[n++] = counts[i++] + otherCounts[j++];
            }
        }
        indexes = newIndexes;
        counts = newCounts;
        size = n;
    }

    /** The count of zero latencies, then the non-empty bins as (index delta, count), ascending. */
    void write(Codec.Writer w) {
        w.writeVarLong(zeros).writeVarLong(size);
        int previous = 0;
        for (int i = 0; i < size; i++) {
            w.writeSignedVarLong(indexes[i] - previous).writeVarLong(counts[i]);
            previous = indexes[i];
        }
    }

    /** Adds encoded bins ({@link #write}) to these. */
    void mergeFrom(Codec.Reader r) {
        zeros += r.readVarLong();
        int n = r.readVarInt();
        int[] otherIndexes = size == 0 ? indexes : new int[n];
        long[] otherCounts = size == 0 ? counts : new long[n];
        if (otherIndexes.length < n) {
            otherIndexes = new int[n];
            otherCounts = new long[n];
        }
        int index = 0;
        for (int i = 0; i < n; i++) {
            index += (int) r.readSignedVarLong();
            otherIndexes[i] = index;
            otherCounts[i] = r.readVarLong();
        }
        if (size == 0) {
            indexes = otherIndexes;
            counts = otherCounts;
            size = n;
        } else {
            merge(otherIndexes, otherCounts, n);
        }
    }

    /** Skips encoded bins. */
    static void skip(Codec.Reader r) {
        r.readVarLong();
        long n = r.readVarLong();
        for (long i = 0; i < 2 * n; i++) {
            r.readVarLong();
        }
    }

    /**
     * The latency at quantile q (0..1) in milliseconds, as the DDSketch of these bins answers
     * ({@code DDSketch.getValueAtQuantile}: the first bin, zeros first, whose cumulative count
     * passes q times the count less one); NaN when empty. Walked here rather than asked of a
     * sketch built for the purpose, whose dense store would be allocated and grown for each
     * quantile of each service-day sent.
     */
    double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is between 0 and 1, not " + q);
        }
        long total = zeros;
        for (int i = 0; i < size; i++) {
            total += counts[i];
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * (total - 1);
        double n = zeros;
        if (n > rank) {
            return 0;
        }
        for (int i = 0; i < size; i++) {
            if ((n += counts[i]) > rank) {
                return HealthStats.MAPPING.value(indexes[i]);
            }
        }
        throw new AssertionError("rank " + rank + " is past all " + total + " latencies"); // rank <= total - 1
    }

    private void grow(int atLeast) {
        int capacity = Math.max(atLeast, indexes.length * 2);
        indexes = Arrays.copyOf(indexes, capacity);
        counts = Arrays.copyOf(counts, capacity);
    }
}
