package vn.ndxp.topology.analytics;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.util.Arrays;

/**
 * The latencies of a {@link HealthStats}: the bins of a DDSketch (fixed logarithmic mapping), held
 * as a short sorted array while there are few of them and as a DDSketch beyond.
 *
 * <p>Why: at a realistic volume most cells of the combiner and most service-minutes hold one to a
 * few latencies, often far apart. A DDSketch's dense store then allocates and scans an array
 * spanning all the indices between them, and that, for hundreds of thousands of small cells a
 * replayed day, was about a tenth of the stream thread's time. The bins, their encoding and every
 * quantile are exactly those of the sketch either way.
 */
final class LatencyBins {
    /** Beyond this many distinct bins the array becomes a sketch. */
    private static final int MAX_SMALL_BINS = 24;

    private long zeros;
    private int[] indexes = new int[4];
    private long[] counts = new long[4];
    private int size;
    private DDSketch sketch;

    void accept(int latencyMs) {
        if (latencyMs <= 0) {
            zeros++;
        } else {
            add(HealthStats.MAPPING.index(latencyMs), 1);
        }
    }

    void addZeros(long n) {
        zeros += n;
    }

    /** Adds {@code count} latencies in the bin of this index. */
    void add(int index, long count) {
        if (sketch != null) {
            sketch.getPositiveValueStore().add(index, count);
            return;
        }
        int i = Arrays.binarySearch(indexes, 0, size, index);
        if (i >= 0) {
            counts[i] += count;
            return;
        }
        if (size == MAX_SMALL_BINS) {
            toSketch().getPositiveValueStore().add(index, count);
            return;
        }
        i = -i - 1;
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(indexes, i, indexes, i + 1, size - i);
        System.arraycopy(counts, i, counts, i + 1, size - i);
        indexes[i] = index;
        counts[i] = count;
        size++;
    }

    void merge(LatencyBins other) {
        zeros += other.zeros;
        if (other.sketch != null) {
            toSketch().getPositiveValueStore().mergeWith(other.sketch.getPositiveValueStore());
        } else {
            for (int i = 0; i < other.size; i++) {
                add(other.indexes[i], other.counts[i]);
            }
        }
    }

    /** The count of zero latencies, then the non-empty bins as (index delta, count), ascending. */
    void write(Codec.Writer w) {
        w.writeVarLong(zeros);
        if (sketch == null) {
            w.writeVarLong(size);
            int previous = 0;
            for (int i = 0; i < size; i++) {
                w.writeSignedVarLong(indexes[i] - previous).writeVarLong(counts[i]);
                previous = indexes[i];
            }
            return;
        }
        Store bins = sketch.getPositiveValueStore();
        int[] n = {0};
        bins.forEach((index, count) -> n[0]++);
        w.writeVarLong(n[0]);
        int[] previous = {0};
        bins.forEach((index, count) -> {
            w.writeSignedVarLong(index - previous[0]).writeVarLong(Math.round(count));
            previous[0] = index;
        });
    }

    /** Adds encoded bins ({@link #write}) to these. */
    void mergeFrom(Codec.Reader r) {
        zeros += r.readVarLong();
        long n = r.readVarLong();
        int index = 0;
        for (long i = 0; i < n; i++) {
            index += (int) r.readSignedVarLong();
            add(index, r.readVarLong());
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

    /** The latency at quantile q (0..1) in milliseconds, as the DDSketch of these bins answers; NaN when empty. */
    double quantile(double q) {
        DDSketch s = sketch == null ? positiveSketch() : zeros > 0 ? sketch.copy() : sketch;
        if (zeros > 0) {
            s.accept(0, zeros);
        }
        return s.isEmpty() ? Double.NaN : s.getValueAtQuantile(q);
    }

    /** The zero latencies stay in {@link #zeros}; the sketch holds the positive bins. */
    private DDSketch toSketch() {
        if (sketch == null) {
            sketch = positiveSketch();
            indexes = null;
            counts = null;
            size = 0;
        }
        return sketch;
    }

    private DDSketch positiveSketch() {
        DDSketch s = new DDSketch(HealthStats.MAPPING, () -> new UnboundedSizeDenseStore(16, 2));
        for (int i = 0; i < size; i++) {
            s.getPositiveValueStore().add(indexes[i], counts[i]);
        }
        return s;
    }
}
