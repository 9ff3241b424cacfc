package vn.ndxp.topology.analytics;

import java.util.Arrays;

/**
 * The latencies of a {@link HealthStats} counted exactly in the classic buckets of
 * {@code ndxp_service_latency_seconds}: one count per bucket (not cumulative), the last one for
 * latencies above every bound. Unlike the sketch, bucket counts add up across systems, instances
 * and time, which is what Prometheus' {@code histogram_quantile} over {@code rate()} needs.
 *
 * <p>Encoded as a bit mask of the non-empty buckets and their counts, as varints: two or three
 * bytes for a cell of one request. The bounds are part of the encoding: changing them is a new
 * format (a new type or version byte where the stats are written).
 */
public final class LatencyBuckets {
    /**
     * Upper bounds in milliseconds, inclusive (Prometheus' {@code le}): service latencies from an
     * identity check (tens of ms) to the catalog's timeouts (10, 30 and 60 s, each a bound so that
     * timeouts fall in a bucket of their own), about doubling from one to the next; 2 s is
     * {@code NdxpServiceLatencyP99High}'s floor. Eleven buckets with the overflow: with {@code _count}
     * and {@code _sum}, 13 series per provider system, the most of the /metrics series budget.
     */
    private static final int[] BOUNDS_MS = {50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};
    /** The bounds and the overflow bucket. */
    public static final int BUCKETS = BOUNDS_MS.length + 1;

    private final long[] counts = new long[BUCKETS];

    /** The upper bounds in seconds, the last one {@code +Inf}: the {@code le} labels, in order. */
    public static double[] upperBoundsSeconds() {
        double[] seconds = new double[BUCKETS];
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            seconds[i] = BOUNDS_MS[i] / 1000.0;
        }
        seconds[BOUNDS_MS.length] = Double.POSITIVE_INFINITY;
        return seconds;
    }

    /** The bucket of a latency: the first whose bound it does not exceed. */
    static int index(int latencyMs) {
        int i = Arrays.binarySearch(BOUNDS_MS, latencyMs);
        return i >= 0 ? i : -i - 1;
    }

    void accept(int latencyMs) {
        counts[index(latencyMs)]++;
    }

    void merge(LatencyBuckets other) {
        other.addTo(counts);
    }

    void addTo(long[] sum) {
        add(sum, counts);
    }

    /** Adds bucket counts to a sum of them, both indexed as {@link #counts()}. */
    static void add(long[] sum, long[] more) {
        for (int i = 0; i < BUCKETS; i++) {
            sum[i] += more[i];
        }
    }

    /** The count of each bucket, not cumulative; a copy. */
    public long[] counts() {
        return counts.clone();
    }

    void write(Codec.Writer w) {
        write(w, counts);
    }

    /** Bucket counts as {@link LatencyBuckets} encodes its own (also the totals store's). */
    static void write(Codec.Writer w, long[] counts) {
        long mask = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                mask |= 1L << i;
            }
        }
        w.writeVarLong(mask);
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                w.writeVarLong(counts[i]);
            }
        }
    }

    /** Adds encoded bucket counts ({@link #write}) to {@code sum}. */
    static void mergeFrom(Codec.Reader r, long[] sum) {
        long mask = r.readVarLong();
        if (mask >>> BUCKETS != 0) {
            throw new IllegalArgumentException("latency buckets beyond the " + BUCKETS + " known: " + Long.toBinaryString(mask));
        }
        for (int i = 0; i < BUCKETS; i++) {
            if ((mask & 1L << i) != 0) {
                sum[i] += r.readVarLong();
            }
        }
    }

    void mergeFrom(Codec.Reader r) {
        mergeFrom(r, counts);
    }

    static void skip(Codec.Reader r) {
        mergeFrom(r, new long[BUCKETS]);
    }
}
